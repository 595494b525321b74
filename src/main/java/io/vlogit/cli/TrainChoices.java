package io.vlogit.cli;

import io.vlogit.InvalidOptionException;
import io.vlogit.LogisticRegression;
import io.vlogit.Solver;
import java.util.ArrayList;
import java.util.List;

/** What the options of {@code train} chose: the trainer's builder and the solver. */
final class TrainChoices {

  final LogisticRegression.Builder builder = LogisticRegression.builder();
  Solver.GradientDescent gradientDescent = Solver.gradientDescent();
  Solver.Lbfgs lbfgs;
  final List<TrainOptions.Option> given = new ArrayList<>();

  /** Applies every option given to a new set of choices, and checks the solver's options fit. */
  static TrainChoices choose(Args a) throws UsageException {
    TrainChoices c = new TrainChoices();
    List<String> gradientDescentOnly = new ArrayList<>();
    for (TrainOptions.Option o : TrainOptions.ALL) {
      if (o.name() == null || o.setter() == null || !a.has(o.name())) {
        continue;
      }
      if (o.group() == TrainOptions.Group.GRADIENT_DESCENT) {
        gradientDescentOnly.add("--" + o.name());
      }
      c.given.add(o);
      try {
        o.setter().apply(c, a.get(o.name()));
      } catch (InvalidOptionException e) {
        throw new UsageException("--" + o.name() + e.getMessage().substring(e.option().length()));
      }
    }
    if (a.has("epochs") && a.has("max-iterations")) {
      throw new UsageException(
          "give --epochs or --max-iterations, not both (they are the same limit)");
    }
    if (c.lbfgs != null && !gradientDescentOnly.isEmpty()) {
      throw new UsageException(
          String.join(", ", gradientDescentOnly)
              + (gradientDescentOnly.size() == 1 ? " is an option" : " are options")
              + " of gradient descent, which --lbfgs replaces (L-BFGS picks each step by a line search;"
              + " its iterations are limited by --max-iterations)");
    }
    c.builder.solver(c.lbfgs != null ? c.lbfgs : c.gradientDescent);
    return c;
  }

  /**
   * The trainer the choices describe; the builder's checks of options together, as usage errors.
   */
  static LogisticRegression build(TrainChoices c) throws UsageException {
    try {
      return c.builder.build();
    } catch (InvalidOptionException e) {
      throw new UsageException(cliMessage(e, c.given));
    }
  }

  /** The message of a builder's error with its option named as the CLI spells it. */
  private static String cliMessage(InvalidOptionException e, List<TrainOptions.Option> given) {
    for (TrainOptions.Option o : given) {
      if (e.option().equals(o.builderName())) {
        return "--" + o.name() + e.getMessage().substring(e.option().length());
      }
    }
    return e.getMessage();
  }
}
