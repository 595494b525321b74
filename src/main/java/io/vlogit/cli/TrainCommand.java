package io.vlogit.cli;

import io.vlogit.Dataset;
import io.vlogit.GradientDescent;
import io.vlogit.InvalidOptionException;
import io.vlogit.LearningRateSchedule;
import io.vlogit.LogisticModel;
import io.vlogit.Metrics;
import io.vlogit.TrainingResult;
import io.vlogit.internal.kernel.KernelSelection;
import io.vlogit.internal.kernel.Kernels;
import io.vlogit.io.AtomicFiles;
import io.vlogit.io.ModelFile;
import io.vlogit.io.ModelMetadata;
import io.vlogit.io.NpyFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code vlogit train}: the main job. */
final class TrainCommand {
  static final String HELP = """
      usage: vlogit train [data] [options]

      Trains a binary logistic-regression model by gradient descent from w = 0, b = 0 (full batch
      unless --batch-size is given).
      Without data options it trains on the bundled breast-cancer data (569 × 30, z-scored).

      data:
      """ + DataSource.HELP + """

      options (objective: (1/Σs) Σ s·loss + (λ/2)·‖w‖², bias unpenalized):
        --epochs N                  maximum passes over the data (default 1000)
        --learning-rate A           step size α (default 0.1)
        --l2 LAMBDA                 L2 strength λ >= 0 (default 0)
        --weights FILE.npy          a weight >= 0 per example (default 1)
        --class-weight W            balanced (n / (2·n_class)), or W0,W1 for labels 0 and 1
        --standardize               train on standardized features; the model scores raw ones
        --batch-size N              examples per update (default: all, full-batch descent)
        --seed N                    seed of the shuffles and of the validation split (default 0)
        --schedule S                constant (default), inverse-time:DECAY or step:EVERY:FACTOR
        --momentum MU               momentum in [0, 1) (default 0)
        --nesterov                  Nesterov momentum (needs --momentum)
        --lbfgs M                   L-BFGS instead of gradient steps, from the last M steps (10 is
                                    usual); full batch, a line search picks each step (no
                                    --learning-rate, --schedule, --momentum or --batch-size)
        --tolerance T               stop when the gradient's norm is <= T
        --cost-tolerance T          stop when an epoch changes the cost by <= T, relative
        --validation-fraction F     hold out this fraction of the examples for validation
        --patience N                stop when validation has not improved for N epochs
                                    (keeps the best model; needs validation)
        --max-seconds S             stop after S seconds
        --warm-start FILE           start from this model instead of zero
        --threads N                 threads per epoch (default 1; the model does not depend on it)
        --model FILE                write the trained model (replaced atomically)
        --report-json FILE          write a JSON report: curves, accuracy, timing, weights, options
        --plot FILE.svg             draw the cost (and validation) curves
        --debug                     print the stack trace of an error
      """;

  static final Set<String> VALUED = union(DataSource.OPTIONS, Set.of("epochs", "learning-rate", "model",
      "report-json", "l2", "weights", "class-weight", "batch-size", "seed", "schedule", "momentum",
      "tolerance", "cost-tolerance", "validation-fraction", "patience", "max-seconds", "warm-start",
      "threads", "plot", "lbfgs"));
  static final Set<String> FLAGS = Set.of("nesterov", "standardize");

  /** Builder option names as the CLI spells them, for error messages. */
  private static final String[][] OPTION_NAMES = {
      {"learningRate", "--learning-rate"}, {"batchSize", "--batch-size"}, {"validationFraction",
      "--validation-fraction"}, {"gradientTolerance", "--tolerance"}, {"costTolerance", "--cost-tolerance"},
      {"classWeights", "--class-weight"}, {"maxTime", "--max-seconds"}, {"l2", "--l2"}, {"epochs", "--epochs"},
      {"momentum", "--momentum"}, {"nesterov", "--nesterov"}, {"patience", "--patience"}, {"threads", "--threads"},
      {"schedule", "--schedule"}, {"lbfgs", "--lbfgs"}};

  /** Progress lines are printed no more often than this. */
  private static final long PROGRESS_NANOS = 1_000_000_000L;

  private TrainCommand() {}

  static int run(Args a, PrintStream out, PrintStream err) throws Exception {
    int epochs = a.getInt("epochs", 1000);
    double learningRate = a.getDouble("learning-rate", 0.1);
    GradientDescent.Builder builder = GradientDescent.builder();
    try {
      builder.epochs(epochs).learningRate(learningRate).l2(a.getDouble("l2", 0))
          .seed(a.getInt("seed", 0)).momentum(a.getDouble("momentum", 0)).nesterov(a.has("nesterov"))
          .gradientTolerance(a.getDouble("tolerance", 0)).costTolerance(a.getDouble("cost-tolerance", 0))
          .standardize(a.has("standardize")).threads(a.getInt("threads", 1)).lbfgs(a.getInt("lbfgs", 0))
          .schedule(schedule(a.get("schedule", "constant")));
      if (a.has("batch-size")) {
        builder.batchSize(a.getInt("batch-size", 0));
      }
      if (a.has("validation-fraction")) {
        builder.validationFraction(a.getDouble("validation-fraction", 0));
      }
      if (a.has("patience")) {
        builder.patience(a.getInt("patience", 0));
      }
      if (a.has("max-seconds")) {
        double seconds = a.getDouble("max-seconds", 0);
        if (!(seconds > 0) || !Double.isFinite(seconds)) {
          throw new UsageException("--max-seconds must be a positive number (got " + a.get("max-seconds") + ")");
        }
        builder.maxTime(Duration.ofNanos((long) Math.min(seconds * 1e9, Long.MAX_VALUE)));
      }
      if (a.has("class-weight")) {
        classWeights(builder, a.get("class-weight"));
      }
      builder.build(); // checks the options together before any data is read
    } catch (InvalidOptionException e) {
      throw new UsageException(cliName(e));
    }
    Path modelPath = a.has("model") ? Path.of(a.get("model")) : null;
    Path reportPath = a.has("report-json") ? Path.of(a.get("report-json")) : null;
    Path plotPath = a.has("plot") ? Path.of(a.get("plot")) : null;

    DataSource.Labelled data = DataSource.labelled(a, true);
    Dataset train = data.data();
    if (a.has("weights")) {
      train = train.withSampleWeights(NpyFile.readLabels(Path.of(a.get("weights"))));
    }
    if (a.has("warm-start")) {
      builder.warmStart(ModelFile.read(Path.of(a.get("warm-start"))).model());
    }
    KernelSelection kernel = Kernels.selection();
    out.println("data: " + data.description());
    out.println("kernel: " + kernel.kernel().name() + " (" + kernel.reason() + ")");
    out.println(a.has("lbfgs")
        ? "training: up to " + epochs + " L-BFGS iterations" + options(a)
        : "training: up to " + epochs + " epochs, learning rate " + learningRate + options(a));
    out.flush();

    long start = System.nanoTime();
    long[] lastReport = {start};
    builder.listener(status -> {
      long now = System.nanoTime();
      if (now - lastReport[0] >= PROGRESS_NANOS) {
        lastReport[0] = now;
        err.printf(Locale.ROOT, "  epoch %d of %d: cost %.6g%s (%.1f s)%n", status.epoch(), epochs, status.cost(),
            Double.isNaN(status.validationCost()) ? "" : String.format(Locale.ROOT, ", validation %.6g", status.validationCost()),
            (now - start) * 1e-9);
      }
      return true;
    });
    TrainingResult result = builder.build().fit(train);
    LogisticModel model = result.model();
    double accuracy = Metrics.accuracy(model, data.data());
    long correct = Math.round(accuracy * data.data().examples());

    out.printf(Locale.ROOT, "stopped: %s after %d epochs (%s), gradient norm %.3g%n",
        result.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' '), result.epochsRun(),
        result.converged() ? "converged" : "not converged", result.finalGradientNorm());
    out.printf(Locale.ROOT, "final cost: %.6f%n", result.finalCost());
    out.printf(Locale.ROOT, "training accuracy: %.2f%% (%d of %d)%n", 100 * accuracy, correct, data.data().examples());
    double[] validation = result.validationCostCurve();
    if (validation.length > 0) {
      int at = result.bestEpoch() >= 0 ? result.bestEpoch() : validation.length - 1;
      out.printf(Locale.ROOT, "validation: log-loss %.6f, accuracy %.2f%% (epoch %d)%n", validation[at],
          100 * result.validationAccuracyCurve()[at], at);
    }
    out.printf(Locale.ROOT,
        "time per epoch: %s median, %s fastest (%d epochs in %.3f s, JIT warm-up included; %s kernel, %d thread%s)%n",
        seconds(result.secondsPerEpoch()), seconds(result.fastestSecondsPerEpoch()), result.epochsRun(),
        result.totalSeconds(), result.kernel(), result.threads(), result.threads() == 1 ? "" : "s");

    if (modelPath != null) {
      ModelMetadata meta = ModelMetadata.empty()
          .with(ModelMetadata.EPOCHS, result.epochsRun())
          .with(ModelMetadata.LEARNING_RATE, learningRate)
          .with(ModelMetadata.FINAL_COST, result.finalCost())
          .with(ModelMetadata.KERNEL, result.kernel())
          .with(ModelMetadata.TRAINED_AT, Instant.now().toString())
          .with(ModelMetadata.VLOGIT_VERSION, Main.version())
          .with("stopReason", result.stopReason())
          .with("options", options(a).replaceFirst("^, ", ""));
      ModelFile.write(modelPath, model, meta);
      out.println("model: " + modelPath);
    }
    if (reportPath != null) {
      writeReport(reportPath, data, kernel, learningRate, result, accuracy, a);
      out.println("report: " + reportPath);
    }
    if (plotPath != null) {
      String svg = CurvePlot.svg("vlogit train: " + data.description(), result.costCurve(), validation);
      AtomicFiles.write(plotPath, o -> o.write(svg.getBytes(StandardCharsets.UTF_8)));
      out.println("plot: " + plotPath);
    }
    return 0;
  }

  private static LearningRateSchedule schedule(String text) throws UsageException {
    String[] p = text.split(":");
    try {
      switch (p[0]) {
        case "constant":
          if (p.length == 1) {
            return LearningRateSchedule.constant();
          }
          break;
        case "inverse-time":
          if (p.length == 2) {
            return LearningRateSchedule.inverseTime(Double.parseDouble(p[1]));
          }
          break;
        case "step":
          if (p.length == 3) {
            return LearningRateSchedule.step(Integer.parseInt(p[1]), Double.parseDouble(p[2]));
          }
          break;
        default:
          break;
      }
    } catch (NumberFormatException e) {
      // fall through to the usage error
    } catch (InvalidOptionException e) {
      throw new UsageException("--schedule " + text + ": " + e.getMessage());
    }
    throw new UsageException(
        "--schedule must be constant, inverse-time:DECAY or step:EVERY:FACTOR (got '" + text + "')");
  }

  private static void classWeights(GradientDescent.Builder builder, String text) throws UsageException {
    if (text.equals("balanced")) {
      builder.balancedClassWeights();
      return;
    }
    String[] p = text.split(",");
    try {
      if (p.length == 2) {
        builder.classWeights(Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim()));
        return;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new UsageException("--class-weight must be balanced or W0,W1 (got '" + text + "')");
  }

  /** The error message with the builder's option name replaced by the CLI's flag. */
  private static String cliName(InvalidOptionException e) {
    for (String[] pair : OPTION_NAMES) {
      if (e.option().equals(pair[0])) {
        return pair[1] + e.getMessage().substring(e.option().length());
      }
    }
    return e.getMessage();
  }

  /** The options given, for the output, the metadata and the report. */
  private static String options(Args a) {
    StringBuilder s = new StringBuilder();
    for (String name : new String[] {"l2", "class-weight", "batch-size", "seed", "schedule", "momentum",
        "lbfgs", "tolerance", "cost-tolerance", "validation-fraction", "patience", "max-seconds", "threads"}) {
      if (a.has(name)) {
        s.append(", ").append(name).append(' ').append(a.get(name));
      }
    }
    for (String flag : new String[] {"nesterov", "standardize"}) {
      if (a.has(flag)) {
        s.append(", ").append(flag);
      }
    }
    if (a.has("weights")) {
      s.append(", weights ").append(a.get("weights"));
    }
    if (a.has("warm-start")) {
      s.append(", warm start ").append(a.get("warm-start"));
    }
    return s.toString();
  }

  private static void writeReport(Path path, DataSource.Labelled data, KernelSelection kernel,
      double learningRate, TrainingResult result, double accuracy, Args a) throws IOException {
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
        .name("fastestSecondsPerEpoch").value(result.fastestSecondsPerEpoch())
        .name("totalSeconds").value(result.totalSeconds())
        .name("kernel").value(result.kernel())
        .name("kernelReason").value(kernel.reason())
        .name("threads").value(result.threads())
        .name("options").value(options(a).replaceFirst("^, ", ""))
        .name("stopReason").value(result.stopReason().name())
        .name("converged").value(result.converged())
        .name("finalGradientNorm").value(result.finalGradientNorm())
        .name("bestEpoch").value(result.bestEpoch())
        .name("costCurve").array(result.costCurve())
        .name("validationCostCurve").array(result.validationCostCurve())
        .name("validationAccuracyCurve").array(result.validationAccuracyCurve())
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
