package io.vlogit.cli;

import io.vlogit.Dataset;
import io.vlogit.DimensionMismatchException;
import io.vlogit.Evaluation;
import io.vlogit.LogisticModel;
import io.vlogit.Metrics;
import io.vlogit.MultinomialEvaluation;
import io.vlogit.MultinomialModel;
import io.vlogit.internal.text.JsonWriter;
import io.vlogit.io.ModelFile;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code vlogit evaluate}: log-loss, accuracy and ROC AUC of a model on labelled data. */
final class EvaluateCommand {
  static final String HELP =
      """
      usage: vlogit evaluate --model FILE [data] [--json]

      Prints the log-loss, the accuracy at threshold 0.5 and the ROC AUC of the model on labelled
      data (default: the bundled breast-cancer data). For a multinomial model: the log-loss, the
      accuracy, the confusion matrix (rows: true class, columns: predicted), and per class the
      precision, recall, F1 and support, with their macro and weighted averages.

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
    ModelFile.SavedModel saved = ModelFile.read(Path.of(a.get("model")));
    DataSource.Labelled data = DataSource.labelled(a, true);
    if (saved.multinomial()) {
      return multinomial(saved.multinomialModel(), data, a.has("json"), out);
    }
    LogisticModel model = saved.model();
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
    summary(out, data, e.logLoss(), e.accuracy(), e.correct(), e.examples());
    out.println(
        "ROC AUC: "
            + (Double.isNaN(e.rocAuc())
                ? "undefined (only one class in the data)"
                : String.format(Locale.ROOT, "%.6f", e.rocAuc())));
    return 0;
  }

  private static int multinomial(
      MultinomialModel model, DataSource.Labelled data, boolean json, PrintStream out) {
    Dataset d = data.data();
    if (d.features() != model.features()) {
      throw new DimensionMismatchException(data.description(), model.features(), d.features());
    }
    d = inModelClasses(d, model);
    MultinomialEvaluation e = Metrics.evaluate(model, d);
    int k = model.classes();
    if (json) {
      JsonWriter j =
          new JsonWriter(true)
              .beginObject()
              .name("data")
              .value(data.description())
              .name("examples")
              .value(e.examples())
              .name("classes")
              .strings(model.classNames())
              .name("logLoss")
              .value(e.logLoss())
              .name("accuracy")
              .value(e.accuracy())
              .name("confusionMatrix")
              .beginArray();
      for (long[] row : e.confusion()) {
        j.beginArray();
        for (long v : row) {
          j.value(v);
        }
        j.endArray();
      }
      j.endArray().name("perClass").beginArray();
      for (int c = 0; c < k; c++) {
        j.beginObject()
            .name("class")
            .value(model.className(c))
            .name("precision")
            .value(e.precision(c))
            .name("recall")
            .value(e.recall(c))
            .name("f1")
            .value(e.f1(c))
            .name("support")
            .value(e.support(c))
            .endObject();
      }
      j.endArray()
          .name("macro")
          .beginObject()
          .name("precision")
          .value(e.macroPrecision())
          .name("recall")
          .value(e.macroRecall())
          .name("f1")
          .value(e.macroF1())
          .endObject()
          .name("weighted")
          .beginObject()
          .name("precision")
          .value(e.weightedPrecision())
          .name("recall")
          .value(e.weightedRecall())
          .name("f1")
          .value(e.weightedF1())
          .endObject();
      out.println(j.endObject());
      return 0;
    }
    summary(out, data, e.logLoss(), e.accuracy(), e.correct(), e.examples());
    int width = 9;
    for (String name : model.classNames()) {
      width = Math.max(width, name.length() + 2);
    }
    out.println("confusion matrix (rows: true class, columns: predicted):");
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%" + width + "s", ""));
    for (String name : model.classNames()) {
      head.append(String.format(Locale.ROOT, "%" + width + "s", name));
    }
    out.println(head);
    for (int t = 0; t < k; t++) {
      StringBuilder row =
          new StringBuilder(String.format(Locale.ROOT, "%" + width + "s", model.className(t)));
      for (int c = 0; c < k; c++) {
        row.append(String.format(Locale.ROOT, "%" + width + "d", e.confusion()[t][c]));
      }
      out.println(row);
    }
    String line = "%" + width + "s %9s %9s %9s %9s%n";
    out.printf(Locale.ROOT, line, "class", "precision", "recall", "f1", "support");
    for (int c = 0; c < k; c++) {
      out.printf(
          Locale.ROOT,
          "%" + width + "s %9.4f %9.4f %9.4f %9d%n",
          model.className(c),
          e.precision(c),
          e.recall(c),
          e.f1(c),
          e.support(c));
    }
    String avg = "%" + width + "s %9.4f %9.4f %9.4f %9d%n";
    out.printf(
        Locale.ROOT, avg, "macro", e.macroPrecision(), e.macroRecall(), e.macroF1(), e.examples());
    out.printf(
        Locale.ROOT,
        avg,
        "weighted",
        e.weightedPrecision(),
        e.weightedRecall(),
        e.weightedF1(),
        e.examples());
    return 0;
  }

  /**
   * The data with the model's classes: labels matched by name when every class of the data is one
   * of the model's (a CSV's labels by value), else taken as the model's class indices (a .npy
   * file's labels 0..K−1, where some classes may be absent from the sample).
   */
  /**
   * The data's labels as the model's class indices: by name, or, for data whose classes are unnamed
   * indices (an .npy file), by index into the model's classes.
   */
  private static Dataset inModelClasses(Dataset d, MultinomialModel model) {
    List<String> names = model.classNames();
    boolean byName = names.containsAll(d.classNames());
    if (!byName
        && d.classNames().equals(Dataset.indexNames(d.classes()))
        && d.classes() <= names.size()) {
      d = d.withClassNames(names.subList(0, d.classes()));
    }
    return d.inClasses(names);
  }

  /** The lines both kinds of model print first. */
  private static void summary(
      PrintStream out,
      DataSource.Labelled data,
      double logLoss,
      double accuracy,
      long correct,
      long examples) {
    out.println("data: " + data.description());
    out.printf(Locale.ROOT, "log-loss: %.6f%n", logLoss);
    out.printf(Locale.ROOT, "accuracy: %.2f%% (%d of %d)%n", 100 * accuracy, correct, examples);
  }
}
