package io.vlogit.cli;

import io.vlogit.Dataset;
import io.vlogit.ExampleStream;
import io.vlogit.LogisticRegression;
import io.vlogit.Metrics;
import io.vlogit.RegularizationPath;
import io.vlogit.Solver;
import io.vlogit.StopReason;
import io.vlogit.TrainingDivergedException;
import io.vlogit.TrainingResult;
import io.vlogit.io.AtomicFiles;
import io.vlogit.io.ModelFile;
import io.vlogit.io.ModelMetadata;
import io.vlogit.io.NpyFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code vlogit train}: the main job. */
final class TrainCommand {
  static final String HELP =
      """
      usage: vlogit train [data] [options]

      Trains a logistic-regression model from w = 0, b = 0: by full-batch gradient descent
      unless the options ask for mini-batches or L-BFGS. The objective is
      (1/Σs) Σ s·loss + λ₁·‖w‖₁ + (λ₂/2)·‖w‖², the bias unpenalized. Labels 0/1 train the binary model;
      K >= 3 classes (see --y and --label-column) the multinomial (softmax) one, with a row of
      weights and a bias per class.
      Without data options it trains on the bundled breast-cancer data (569 × 30, z-scored).

      data:
      """
          + DataSource.HELP
          + TrainOptionText.help()
          + """
        --debug                     print the stack trace of an error
      """;

  /** Progress lines are printed no more often than this. */
  private static final long PROGRESS_NANOS = 1_000_000_000L;

  private TrainCommand() {}

  static int run(Args a, PrintStream out, PrintStream err) throws Exception {
    TrainChoices choices = TrainChoices.choose(a);
    DataSource.files(a, true)
        .input(a, "weights")
        .input(a, "validation-x")
        .input(a, "validation-y")
        .input(a, "validation-csv")
        .input(a, "warm-start")
        .output(a, "model")
        .output(a, "report-json")
        .output(a, "plot")
        .check();
    if (a.has("warm-start")) {
      ModelFile.SavedModel start = ModelFile.read(Path.of(a.get("warm-start")));
      if (start.multinomial()) {
        choices.builder.warmStart(start.multinomialModel());
      } else {
        choices.builder.warmStart(start.model());
      }
    }
    long start = System.nanoTime();
    long[] lastReport = {start};
    int[] limit = {0};
    choices.builder.listener(
        status -> {
          long now = System.nanoTime();
          if (now - lastReport[0] >= PROGRESS_NANOS) {
            lastReport[0] = now;
            err.printf(
                Locale.ROOT,
                "  iteration %d of %d: cost %.6g%s (%.1f s)%n",
                status.iteration(),
                limit[0],
                status.cost(),
                Double.isNaN(status.validationCost())
                    ? ""
                    : String.format(Locale.ROOT, ", validation %.6g", status.validationCost()),
                (now - start) * 1e-9);
          }
          return true;
        });
    boolean stream = DataSource.streams(a, err);
    DataSource.Labelled data = DataSource.labelled(a, true, stream);
    Dataset train = data.data();
    if (a.has("weights") && !stream) {
      train = train.withSampleWeights(NpyFile.readVector(Path.of(a.get("weights"))));
    }
    LogisticRegression trainer;
    try {
      Dataset validation =
          DataSource.validation(a, train != null ? train.classNames() : data.stream().classNames());
      if (validation != null) {
        choices.builder.validation(validation);
      }
      trainer = TrainChoices.build(choices);
    } catch (IOException | RuntimeException | UsageException e) {
      if (data.stream() != null) {
        data.stream().close();
      }
      throw e;
    }
    limit[0] = trainer.maxIterations();
    String summary = TrainOptionText.summary(a);
    out.println("data: " + data.description());
    out.println(
        "training: "
            + plan(trainer, choices.pathSteps > 0, choices.solverGiven)
            + others(a, Set.of("lbfgs", "learning-rate", "epochs", "max-iterations")));
    out.flush();

    RegularizationPath path = null;
    int selected = -1;
    TrainingResult result;
    double accuracy;
    ExampleStream streamed = data.stream();
    try (streamed) {
      if (choices.pathSteps > 0) {
        path =
            streamed != null
                ? trainer.fitPath(streamed, choices.pathSteps)
                : trainer.fitPath(train, choices.pathSteps);
        RegularizationPath.Step chosen =
            choices.selectByValidation ? path.bestByValidation() : path.last();
        selected = path.steps().indexOf(chosen);
        printPath(out, path, selected, choices.selectByValidation);
        result = chosen.result();
      } else {
        result = streamed != null ? trainer.fit(streamed) : trainer.fit(train);
      }
      if (streamed != null) { // one more pass over the file
        accuracy =
            result.classes() > 2
                ? Metrics.accuracy(result.multinomialModel(), streamed)
                : Metrics.accuracy(result.model(), streamed);
      } else {
        accuracy =
            result.classes() > 2
                ? Metrics.accuracy(result.multinomialModel(), train)
                : Metrics.accuracy(result.model(), train);
      }
    }
    out.println("kernel: " + result.kernel() + " (" + result.kernelReason() + ")");
    boolean multinomial = result.classes() > 2;
    long correct = Math.round(accuracy * data.examples());
    String unit = result.solver() instanceof Solver.Lbfgs ? "iterations" : "epochs";
    out.printf(
        Locale.ROOT,
        "stopped: %s after %d %s (%s), gradient norm %.3g%n",
        result.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' '),
        result.iterations(),
        unit,
        result.converged() ? "converged" : "not converged",
        result.finalGradientNorm());
    out.printf(Locale.ROOT, "final cost: %.6f%n", result.finalCost());
    if (trainer.l1() > 0 || path != null) {
      out.printf(
          Locale.ROOT,
          "non-zero weights: %d of %d%n",
          result.nonZeroWeights(),
          result.weightCount());
    }
    out.printf(
        Locale.ROOT,
        "training accuracy: %.2f%% (%d of %d)%n",
        100 * accuracy,
        correct,
        data.examples());
    double[] validation = result.validationCostCurve();
    if (validation.length > 0) {
      int at = result.bestIteration() >= 0 ? result.bestIteration() : validation.length - 1;
      out.printf(
          Locale.ROOT,
          "validation: log-loss %.6f, accuracy %.2f%% (iteration %d)%n",
          validation[at],
          100 * result.validationAccuracyCurve()[at],
          at);
    }
    out.printf(
        Locale.ROOT,
        "time per %s: %s once compiled (the fastest), %s median (the median includes those"
            + " run before the JIT compiled the kernel); %d in %.3f s, %s kernel, %d thread%s%n",
        unit.substring(0, unit.length() - 1),
        seconds(result.fastestSecondsPerIteration()),
        seconds(result.secondsPerIteration()),
        result.iterations(),
        result.totalSeconds(),
        result.kernel(),
        result.threads(),
        result.threads() == 1 ? "" : "s");

    boolean diverged = result.stopReason() == StopReason.DIVERGED;
    if (diverged && !a.has("keep-diverged")) {
      throw diverged(result, "no output written; --keep-diverged writes it anyway");
    }
    // Every output is written beside its target first and committed only when all were written:
    // a failing command leaves every file as it was.
    List<AtomicFiles.Staged> staged = new ArrayList<>();
    try {
      if (a.has("model")) {
        ModelMetadata meta =
            ModelMetadata.empty()
                .with(ModelMetadata.ITERATIONS, result.iterations())
                .with(ModelMetadata.SOLVER, result.solver())
                .with(ModelMetadata.FINAL_COST, result.finalCost())
                .with(ModelMetadata.KERNEL, result.kernel())
                .with(ModelMetadata.TRAINED_AT, Instant.now().toString())
                .with(ModelMetadata.VLOGIT_VERSION, Main.version())
                .with("stopReason", result.stopReason())
                .with("options", summary);
        byte[] bytes =
            multinomial
                ? ModelFile.toBytes(result.multinomialModel(), meta)
                : ModelFile.toBytes(result.model(), meta);
        staged.add(AtomicFiles.stage(Path.of(a.get("model")), o -> o.write(bytes)));
      }
      if (a.has("report-json")) {
        byte[] report = TrainReport.json(data, result, accuracy, summary, path, selected);
        staged.add(AtomicFiles.stage(Path.of(a.get("report-json")), o -> o.write(report)));
      }
      if (a.has("plot")) {
        String title = "vlogit train: " + data.description();
        String svg =
            path != null
                ? CurvePlot.path(title, path)
                : CurvePlot.svg(title, result.costCurve(), validation);
        staged.add(
            AtomicFiles.stage(
                Path.of(a.get("plot")), o -> o.write(svg.getBytes(StandardCharsets.UTF_8))));
      }
      for (AtomicFiles.Staged file : staged) {
        file.commit();
      }
    } finally {
      for (AtomicFiles.Staged file : staged) {
        file.close();
      }
    }
    for (String option : List.of("model", "report-json", "plot")) {
      if (a.has(option)) {
        out.println(option.replace("-json", "") + ": " + a.get(option));
      }
    }
    if (diverged) {
      throw diverged(result, "the outputs were written, as --keep-diverged asks");
    }
    return 0;
  }

  /** The path's table, the selected fit marked. */
  private static void printPath(
      PrintStream out, RegularizationPath path, int selected, boolean byValidation) {
    out.printf(
        Locale.ROOT,
        "path: λ_max %.6g (every weight 0), %d fits down to λ_max/1000%n",
        path.l1Max(),
        path.steps().size());
    out.println("         λ₁  non-zero  training loss  validation loss  iterations");
    for (int k = 0; k < path.steps().size(); k++) {
      RegularizationPath.Step step = path.steps().get(k);
      out.printf(
          Locale.ROOT,
          "  %10.4g  %8d  %13.6f  %15s  %10d%s%n",
          step.l1(),
          step.nonZeroWeights(),
          step.trainingLoss(),
          Double.isNaN(step.validationLoss())
              ? "-"
              : String.format(Locale.ROOT, "%.6f", step.validationLoss()),
          step.result().iterations(),
          k == selected ? "  <- selected" : "");
    }
    RegularizationPath.Step chosen = path.steps().get(selected);
    out.printf(
        Locale.ROOT,
        "selected: fit %d, λ₁ %.6g (%s)%n",
        selected,
        chosen.l1(),
        byValidation ? "least validation log-loss" : "the last, of the least λ₁");
  }

  /** The error of a run that diverged: where the cost went. */
  private static TrainingDivergedException diverged(TrainingResult result, String outputs) {
    double[] curve = result.costCurve();
    return new TrainingDivergedException(
        result.iterations(),
        String.format(
            Locale.ROOT,
            "the cost rose from %.6g to %.6g (%s)",
            curve[0],
            curve[curve.length - 1],
            outputs));
  }

  /** ", " and the options given other than those the plan already said, or nothing. */
  private static String others(Args a, Set<String> said) {
    String s = TrainOptionText.summary(a, said);
    return s.isEmpty() ? "" : ", " + s;
  }

  /**
   * The solver's words for the start of a run, for example {@code up to 1000 epochs, ...}; a path
   * or an L1 term without a solver option runs OWL-QN, the builder's default for them.
   */
  private static String plan(LogisticRegression trainer, boolean path, boolean solverGiven) {
    int limit = trainer.maxIterations();
    boolean l1 = path || trainer.l1() > 0;
    Solver solver = trainer.solver();
    if (solver instanceof Solver.Lbfgs lbfgs) {
      return (l1 ? "OWL-QN (L-BFGS for L1, memory " : "L-BFGS (memory ")
          + lbfgs.memory()
          + (l1 && !solverGiven ? ", the default with L1" : "")
          + "), up to "
          + limit
          + " iterations"
          + (path ? " per fit" : "");
    }
    Solver.GradientDescent gd = (Solver.GradientDescent) solver;
    return "up to "
        + limit
        + " epochs"
        + (path ? " per fit" : "")
        + ", learning rate "
        + gd.learningRate()
        + (l1 ? ", proximal steps" : "");
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
}
