package io.vlogit.cli;

import io.vlogit.GradientDescent;
import io.vlogit.LogisticModel;
import io.vlogit.Metrics;
import io.vlogit.TrainingResult;
import io.vlogit.internal.kernel.KernelSelection;
import io.vlogit.internal.kernel.Kernels;
import io.vlogit.io.AtomicFiles;
import io.vlogit.io.ModelFile;
import io.vlogit.io.ModelMetadata;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code vlogit train}: the main job. */
final class TrainCommand {
  static final String HELP = """
      usage: vlogit train [data] [options]

      Trains a binary logistic-regression model by full-batch gradient descent from w = 0, b = 0.
      Without data options it trains on the bundled breast-cancer data (569 × 30, z-scored).

      data:
      """ + DataSource.HELP + """

      options:
        --epochs N                  passes over the data (default 1000)
        --learning-rate A           step size α (default 0.1)
        --model FILE                write the trained model (replaced atomically)
        --report-json FILE          write a JSON report: cost curve, accuracy, timing, weights
        --debug                     print the stack trace of an error
      """;

  static final Set<String> VALUED = union(DataSource.OPTIONS,
      Set.of("epochs", "learning-rate", "model", "report-json"));

  /** Progress lines are printed no more often than this. */
  private static final long PROGRESS_NANOS = 1_000_000_000L;

  private TrainCommand() {}

  static int run(Args a, PrintStream out, PrintStream err) throws Exception {
    int epochs = a.getInt("epochs", 1000);
    double learningRate = a.getDouble("learning-rate", 0.1);
    GradientDescent.Builder builder = GradientDescent.builder();
    try {
      builder.epochs(epochs).learningRate(learningRate);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage().replace("learningRate", "--learning-rate")
          .replace("epochs", "--epochs"));
    }
    Path modelPath = a.has("model") ? Path.of(a.get("model")) : null;
    Path reportPath = a.has("report-json") ? Path.of(a.get("report-json")) : null;

    DataSource.Labelled data = DataSource.labelled(a, true);
    KernelSelection kernel = Kernels.selection();
    out.println("data: " + data.description());
    out.println("kernel: " + kernel.kernel().name() + " (" + kernel.reason() + ")");
    out.println("training: " + epochs + " epochs, learning rate " + learningRate);
    out.flush();

    long start = System.nanoTime();
    long[] lastReport = {start};
    builder.listener(status -> {
      long now = System.nanoTime();
      if (now - lastReport[0] >= PROGRESS_NANOS) {
        lastReport[0] = now;
        err.printf(Locale.ROOT, "  epoch %d of %d: cost %.6g (%.1f s)%n",
            status.epoch(), epochs, status.cost(), (now - start) * 1e-9);
      }
      return true;
    });
    TrainingResult result = builder.build().fit(data.data());
    LogisticModel model = result.model();
    double accuracy = Metrics.accuracy(model, data.data());
    long correct = Math.round(accuracy * data.data().examples());

    out.printf(Locale.ROOT, "final cost: %.6f%n", result.finalCost());
    out.printf(Locale.ROOT, "training accuracy: %.2f%% (%d of %d)%n",
        100 * accuracy, correct, data.data().examples());
    out.printf(Locale.ROOT, "time per epoch: %s median (%d epochs in %.3f s with JIT warm-up, %s kernel)%n",
        seconds(result.secondsPerEpoch()), result.epochsRun(), result.totalSeconds(), result.kernel());

    if (modelPath != null) {
      ModelMetadata meta = ModelMetadata.empty()
          .with(ModelMetadata.EPOCHS, result.epochsRun())
          .with(ModelMetadata.LEARNING_RATE, learningRate)
          .with(ModelMetadata.FINAL_COST, result.finalCost())
          .with(ModelMetadata.KERNEL, result.kernel())
          .with(ModelMetadata.TRAINED_AT, Instant.now().toString())
          .with(ModelMetadata.VLOGIT_VERSION, Main.version());
      ModelFile.write(modelPath, model, meta);
      out.println("model: " + modelPath);
    }
    if (reportPath != null) {
      writeReport(reportPath, data, kernel, learningRate, result, accuracy);
      out.println("report: " + reportPath);
    }
    return 0;
  }

  private static void writeReport(Path path, DataSource.Labelled data, KernelSelection kernel,
      double learningRate, TrainingResult result, double accuracy) throws IOException {
    LogisticModel model = result.model();
    Json j = new Json(true).beginObject()
        .name("data").value(data.description())
        .name("examples").value(data.data().examples())
        .name("features").value(data.data().features())
        .name("learningRate").value(learningRate)
        .name("epochsRun").value(result.epochsRun())
        .name("finalCost").value(result.finalCost())
        .name("trainAccuracy").value(accuracy)
        .name("secondsPerEpoch").value(result.secondsPerEpoch())
        .name("totalSeconds").value(result.totalSeconds())
        .name("kernel").value(result.kernel())
        .name("kernelReason").value(kernel.reason())
        .name("costCurve").array(result.costCurve())
        .name("weights").array(model.weights())
        .name("bias").value(model.bias());
    List<String> names = data.featureNames();
    if (names != null) {
      j.name("featureNames").beginArray();
      for (String name : names) {
        j.value(name);
      }
      j.endArray();
    }
    String text = j.endObject() + "\n";
    AtomicFiles.write(path, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  static String seconds(double s) {
    if (s >= 1) {
      return String.format(Locale.ROOT, "%.3f s", s);
    }
    if (s >= 1e-3) {
      return String.format(Locale.ROOT, "%.3f ms", s * 1e3);
    }
    return String.format(Locale.ROOT, "%.1f µs", s * 1e6);
  }

  static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> u = new HashSet<>(a);
    u.addAll(b);
    return Set.copyOf(u);
  }
}
