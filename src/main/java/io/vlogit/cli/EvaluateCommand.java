package io.vlogit.cli;

import io.vlogit.DimensionMismatchException;
import io.vlogit.Evaluation;
import io.vlogit.LogisticModel;
import io.vlogit.Metrics;
import io.vlogit.internal.text.JsonWriter;
import io.vlogit.io.ModelFile;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** {@code vlogit evaluate}: log-loss, accuracy and ROC AUC of a model on labelled data. */
final class EvaluateCommand {
  static final String HELP =
      """
      usage: vlogit evaluate --model FILE [data] [--json]

      Prints the log-loss, the accuracy at threshold 0.5 and the ROC AUC of the model on labelled
      data (default: the bundled breast-cancer data).

      data:
      """
          + DataSource.HELP
          + """

      options:
        --model FILE                a model written by vlogit train
        --json                      print the figures as JSON
        --debug                     print the stack trace of an error
      """;

  static final Set<String> VALUED = DataSource.optionsAnd("model");
  static final Set<String> FLAGS = Set.of("json", "no-header");

  private EvaluateCommand() {}

  static int run(Args a, PrintStream out, PrintStream err) throws Exception {
    a.require("model");
    DataSource.files(a, true).input(a, "model").check();
    LogisticModel model = ModelFile.read(Path.of(a.get("model"))).model();
    DataSource.Labelled data = DataSource.labelled(a, true);
    if (data.data().features() != model.features()) {
      throw new DimensionMismatchException(
          data.description(), model.features(), data.data().features());
    }
    Evaluation e = Metrics.evaluate(model, data.data());
    if (a.has("json")) {
      out.println(
          new JsonWriter(true)
              .beginObject()
              .name("data")
              .value(data.description())
              .name("examples")
              .value(e.examples())
              .name("positives")
              .value(e.positives())
              .name("logLoss")
              .value(e.logLoss())
              .name("accuracy")
              .value(e.accuracy())
              .name("rocAuc")
              .value(e.rocAuc())
              .endObject());
      return 0;
    }
    out.println("data: " + data.description());
    out.printf(Locale.ROOT, "log-loss: %.6f%n", e.logLoss());
    out.printf(
        Locale.ROOT,
        "accuracy: %.2f%% (%d of %d)%n",
        100 * e.accuracy(),
        e.correct(),
        e.examples());
    out.println(
        "ROC AUC: "
            + (Double.isNaN(e.rocAuc())
                ? "undefined (only one class in the data)"
                : String.format(Locale.ROOT, "%.6f", e.rocAuc())));
    return 0;
  }
}
