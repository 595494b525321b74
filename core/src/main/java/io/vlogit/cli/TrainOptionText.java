package io.vlogit.cli;

/** The table of {@link TrainOptions} in words: the help, the README's table, a run's summary. */
final class TrainOptionText {
  private TrainOptionText() {}

  /** The training options given, as {@code name value, name, ...}, for outputs and metadata. */
  static String summary(Args a) {
    return summary(a, java.util.Set.of());
  }

  /** The same, leaving out the options named in {@code leaveOut}. */
  static String summary(Args a, java.util.Set<String> leaveOut) {
    StringBuilder s = new StringBuilder();
    for (TrainOptions.Option o : TrainOptions.ALL) {
      if (o.name() != null
          && o.group() != TrainOptions.Group.OUTPUT
          && a.has(o.name())
          && !leaveOut.contains(o.name())) {
        s.append(s.length() == 0 ? "" : ", ").append(o.name());
        if (!o.isFlag()) {
          s.append(' ').append(a.get(o.name()));
        }
      }
    }
    return s.toString();
  }

  /** The options part of {@code vlogit train --help}, by group, help wrapped at 100 columns. */
  static String help() {
    StringBuilder s = new StringBuilder();
    for (TrainOptions.Group g : TrainOptions.Group.values()) {
      s.append('\n').append(g.title).append(":\n");
      for (TrainOptions.Option o : TrainOptions.ALL) {
        if (o.group() != g || o.name() == null) {
          continue;
        }
        String head = "  --" + o.name() + (o.isFlag() ? "" : " " + o.argument());
        s.append(head);
        int column = head.length();
        String indent = " ".repeat(30);
        if (column >= 29) {
          s.append('\n').append(indent);
        } else {
          s.append(" ".repeat(30 - column));
        }
        column = 30;
        for (String word : o.help().split(" ")) {
          if (column > 30 && column + 1 + word.length() > 100) {
            s.append('\n').append(indent);
            column = 30;
          } else if (column > 30) {
            s.append(' ');
            column++;
          }
          s.append(word);
          column += word.length();
        }
        s.append('\n');
      }
    }
    return s.toString();
  }

  /** The README's table of training options (solver, gradient descent, training). */
  static String markdown() {
    StringBuilder s =
        new StringBuilder(
            "| `train` option | Java (`LogisticRegression.builder()`,"
                + " or on the solver) | meaning |\n|---|---|---|\n");
    for (TrainOptions.Option o : TrainOptions.ALL) {
      if (o.group() == TrainOptions.Group.OUTPUT) {
        continue;
      }
      String cli =
          o.name() == null
              ? "(progress lines)"
              : "`--" + o.name() + (o.isFlag() ? "" : " " + o.argument()) + "`";
      s.append("| ")
          .append(cli)
          .append(" | ")
          .append(o.java())
          .append(" | ")
          .append(o.help())
          .append(" |\n");
    }
    return s.toString();
  }
}
