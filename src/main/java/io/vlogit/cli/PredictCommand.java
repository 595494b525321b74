package io.vlogit.cli;

import io.vlogit.LogisticModel;
import io.vlogit.io.AtomicFiles;
import io.vlogit.io.ModelFile;
import io.vlogit.io.NpyFile;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

/** {@code vlogit predict}: probabilities for new data. */
final class PredictCommand {
  static final String HELP =
      """
      usage: vlogit predict --model FILE [data] --out FILE

      Writes P(y = 1) of every example: to a .npy file (float32, shape (examples,)), or as CSV
      (a header "probability", then one value per line) to a .csv file or to standard output (-).
      A CSV with one column more than the model's features has its label column skipped.

      data:
      """
          + DataSource.HELP
          + """

      options:
        --model FILE                a model written by vlogit train
        --out FILE                  .npy, .csv, or - for CSV on standard output
        --debug                     print the stack trace of an error
      """;

  static final Set<String> VALUED = DataSource.optionsAnd("model", "out");

  private PredictCommand() {}

  static int run(Args a, PrintStream out, PrintStream err) throws Exception {
    Path modelPath = Path.of(a.require("model"));
    String target = a.require("out");
    boolean npy = target.endsWith(".npy");
    if (!npy && !target.equals("-") && !target.endsWith(".csv")) {
      throw new UsageException(
          "--out must name a .npy or .csv file, or be - (got '" + target + "')");
    }
    DataSource.files(a, false).input(a, "model").output(a, "out").check();
    LogisticModel model = ModelFile.read(modelPath).model();
    DataSource.Features data = DataSource.features(a, model.features());
    float[] p = new float[data.examples()];
    model.probabilities(data.x(), 0, data.examples(), p, 0);
    if (npy) {
      NpyFile.write(Path.of(target), p, p.length);
    } else if (target.equals("-")) {
      Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
      writeCsv(w, p);
      w.flush();
      return 0;
    } else {
      AtomicFiles.write(
          Path.of(target),
          o -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(o, StandardCharsets.UTF_8));
            writeCsv(w, p);
            w.flush();
          });
    }
    err.println("predicted " + p.length + " examples of " + data.description() + " into " + target);
    return 0;
  }

  private static void writeCsv(Writer w, float[] p) throws java.io.IOException {
    w.write("probability\n");
    for (float v : p) {
      w.write(Float.toString(v));
      w.write('\n');
    }
  }
}
