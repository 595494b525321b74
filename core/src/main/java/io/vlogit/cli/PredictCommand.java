package io.vlogit.cli;

import io.vlogit.MultinomialModel;
import io.vlogit.io.AtomicFiles;
import io.vlogit.io.ModelFile;
import io.vlogit.io.NpyFile;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code vlogit predict}: probabilities for new data. */
final class PredictCommand {
  static final String HELP =
      """
      usage: vlogit predict --model FILE [data] --out FILE [--labels]

      Writes P(y = 1) of every example: to a .npy file (float32, shape (examples,)), or as CSV
      (a header "probability", then one value per line) to a .csv file or to standard output (-).
      A multinomial model writes its K class probabilities per example: shape (examples, K) in
      .npy, and in CSV one column per class, headed by the class's name. With --labels, the
      predicted class of each example instead (CSV only, header "class": 0 or 1 at P >= 0.5 for
      the binary model, the most probable class's name for a multinomial one).
      A CSV with one column more than the model's features has its label column skipped.

      data:
      """
          + DataSource.HELP
          + """

      options:
        --model FILE                a model written by vlogit train
        --out FILE                  .npy, .csv, or - for CSV on standard output
        --labels                    write the predicted classes, not the probabilities
        --debug                     print the stack trace of an error
      """;

  static final Set<String> VALUED = DataSource.optionsAnd("model", "out");
  static final Set<String> FLAGS = Set.of("labels", "no-header");

  private PredictCommand() {}

  static int run(Args a, PrintStream out, PrintStream err) throws Exception {
    Path modelPath = Path.of(a.require("model"));
    String target = a.require("out");
    boolean npy = target.endsWith(".npy");
    if (!npy && !target.equals("-") && !target.endsWith(".csv")) {
      throw new UsageException(
          "--out must name a .npy or .csv file, or be - (got '" + target + "')");
    }
    boolean labels = a.has("labels");
    if (labels && npy) {
      throw new UsageException("--labels writes class names as CSV: give a .csv file or -");
    }
    DataSource.files(a, false).input(a, "model").output(a, "out").check();
    ModelFile.SavedModel saved = ModelFile.read(modelPath);
    DataSource.Features data = DataSource.features(a, saved.features());
    int m = data.examples();
    List<String> header;
    int columns;
    float[] p;
    if (saved.multinomial()) {
      MultinomialModel model = saved.multinomialModel();
      columns = model.classes();
      p = new float[Math.multiplyExact(m, columns)];
      int at = 0;
      for (float[] block : data.x()) {
        int count = block.length / model.features();
        model.probabilities(block, 0, count, p, at * columns);
        at += count;
      }
      header = model.classNames();
    } else {
      columns = 1;
      p = new float[m];
      int at = 0;
      for (float[] block : data.x()) {
        int count = block.length / saved.features();
        saved.model().probabilities(block, 0, count, p, at);
        at += count;
      }
      header = List.of("probability");
    }
    if (npy) {
      if (columns == 1) {
        NpyFile.write(Path.of(target), p, m);
      } else {
        NpyFile.write(Path.of(target), p, m, columns);
      }
    } else {
      AtomicFiles.Content body =
          o -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(o, StandardCharsets.UTF_8));
            if (labels) {
              writeLabels(w, p, columns, header);
            } else {
              writeCsv(w, p, columns, header);
            }
            w.flush();
          };
      if (target.equals("-")) {
        body.writeTo(out);
        out.flush();
        return 0;
      }
      AtomicFiles.write(Path.of(target), body);
    }
    err.println("predicted " + m + " examples of " + data.description() + " into " + target);
    return 0;
  }

  private static void writeCsv(Writer w, float[] p, int columns, List<String> header)
      throws java.io.IOException {
    w.write(csvRow(header));
    for (int k = 0; k < p.length; k += columns) {
      for (int c = 0; c < columns; c++) {
        if (c > 0) {
          w.write(',');
        }
        w.write(Float.toString(p[k + c]));
      }
      w.write('\n');
    }
  }

  /** The predicted class per example: 0/1 at P ≥ 0.5 (binary), else the most probable's name. */
  private static void writeLabels(Writer w, float[] p, int columns, List<String> names)
      throws java.io.IOException {
    w.write("class\n");
    for (int k = 0; k < p.length; k += columns) {
      if (columns == 1) {
        w.write(p[k] >= 0.5f ? "1" : "0");
      } else {
        int best = 0;
        for (int c = 1; c < columns; c++) {
          best = p[k + c] > p[k + best] ? c : best;
        }
        w.write(csvRow(List.of(names.get(best))).trim());
      }
      w.write('\n');
    }
  }

  /** One CSV line, fields with a comma, quote or line break quoted (RFC 4180). */
  private static String csvRow(List<String> fields) {
    StringBuilder s = new StringBuilder();
    for (String f : fields) {
      if (s.length() > 0) {
        s.append(',');
      }
      boolean quote =
          f.indexOf(',') >= 0
              || f.indexOf('"') >= 0
              || f.indexOf('\n') >= 0
              || f.indexOf('\r') >= 0;
      s.append(quote ? '"' + f.replace("\"", "\"\"") + '"' : f);
    }
    return s.append('\n').toString();
  }
}
