package io.vlogit.cli;

import io.vlogit.InvalidOptionException;
import io.vlogit.Solver;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The options of {@code vlogit train}: one table that the parser, the help text, the summary of a
 * run and the README's table of options all come from ({@link TrainOptionText}; a test checks the
 * README against it).
 */
final class TrainOptions {
  private TrainOptions() {}

  /** Where an option belongs, in the order the help lists them. */
  enum Group {
    SOLVER("solver"),
    GRADIENT_DESCENT("gradient descent (the default solver)"),
    TRAINING("objective, data and stopping"),
    OUTPUT("output");

    final String title;

    Group(String title) {
      this.title = title;
    }
  }

  /** Applies an option's value. */
  @FunctionalInterface
  interface Setter {
    void apply(TrainChoices c, String value) throws UsageException;
  }

  /**
   * One option.
   *
   * @param argument the value's placeholder, or null for a flag
   * @param java what sets the same in the Java API, for the README
   * @param builderName the name {@link InvalidOptionException#option()} gives it
   * @param setter null for options the command reads itself (files)
   */
  record Option(
      String name,
      String argument,
      Group group,
      String java,
      String builderName,
      String help,
      Setter setter) {
    boolean isFlag() {
      return argument == null;
    }
  }

  static final List<Option> ALL =
      List.of(
          new Option(
              "lbfgs",
              "M",
              Group.SOLVER,
              "`solver(Solver.lbfgs(m))`",
              "lbfgs",
              "L-BFGS from the last M steps (10 is usual) instead of gradient descent: full batch, a"
                  + " line search picks each step (Armijo, or Hager–Zhang's approximate Wolfe where"
                  + " float rounding hides the cost's change); an iteration is one quasi-Newton step,"
                  + " usually one pass; stops with no progress when no step lowers the cost at float"
                  + " precision",
              (c, v) -> c.lbfgs = Solver.lbfgs(Args.whole("lbfgs", v))),
          new Option(
              "learning-rate",
              "A",
              Group.GRADIENT_DESCENT,
              "`learningRate(α)`",
              "learningRate",
              "step size α (default 0.1)",
              (c, v) ->
                  c.gradientDescent =
                      c.gradientDescent.learningRate(Args.number("learning-rate", v))),
          new Option(
              "epochs",
              "N",
              Group.GRADIENT_DESCENT,
              "`maxIterations(n)`",
              "maxIterations",
              "maximum epochs (default 1000): --max-iterations as gradient descent counts",
              (c, v) -> c.builder.maxIterations(Args.whole("epochs", v))),
          new Option(
              "batch-size",
              "N",
              Group.GRADIENT_DESCENT,
              "`batchSize(k)`",
              "batchSize",
              "examples per update (default: all, full-batch gradient descent)",
              (c, v) ->
                  c.gradientDescent = c.gradientDescent.batchSize(Args.whole("batch-size", v))),
          new Option(
              "schedule",
              "S",
              Group.GRADIENT_DESCENT,
              "`schedule(...)`",
              "schedule",
              "constant (default), inverse-time:DECAY (α/(1 + decay·t)) or step:EVERY:FACTOR"
                  + " (α·factor^⌊t/every⌋), per epoch",
              (c, v) -> c.gradientDescent = c.gradientDescent.schedule(TrainValues.schedule(v))),
          new Option(
              "momentum",
              "MU",
              Group.GRADIENT_DESCENT,
              "`momentum(μ)`",
              "momentum",
              "momentum μ in [0, 1) (default 0): v = μv − αg, θ += v",
              (c, v) -> c.gradientDescent = c.gradientDescent.momentum(Args.number("momentum", v))),
          new Option(
              "nesterov",
              null,
              Group.GRADIENT_DESCENT,
              "`nesterov(true)`",
              "nesterov",
              "Nesterov momentum: the gradient is taken at θ + μv (needs --momentum)",
              (c, v) -> c.gradientDescent = c.gradientDescent.nesterov(true)),
          new Option(
              "fista",
              null,
              Group.GRADIENT_DESCENT,
              "`fista(true)`",
              "fista",
              "FISTA: Nesterov's look-ahead with the momentum sequence (t_k − 1)/t_{k+1}, restarted"
                  + " when a step turns back (full batch; replaces --momentum); with --l1 the"
                  + " accelerated proximal gradient",
              (c, v) -> c.gradientDescent = c.gradientDescent.fista(true)),
          new Option(
              "max-iterations",
              "N",
              Group.TRAINING,
              "`maxIterations(n)`",
              "maxIterations",
              "maximum iterations: epochs for gradient descent, quasi-Newton steps for L-BFGS"
                  + " (default 1000)",
              (c, v) -> c.builder.maxIterations(Args.whole("max-iterations", v))),
          new Option(
              "l2",
              "LAMBDA",
              Group.TRAINING,
              "`l2(λ)`",
              "l2",
              "L2 strength λ₂ >= 0, the bias unpenalized (default 0)",
              (c, v) -> c.builder.l2(Args.number("l2", v))),
          new Option(
              "l1",
              "LAMBDA",
              Group.TRAINING,
              "`l1(λ)`",
              "l1",
              "L1 strength λ₁ >= 0, the bias unpenalized (default 0; with --l2, the elastic net):"
                  + " weights the data do not support become exactly 0; gradient descent takes"
                  + " proximal steps, --lbfgs becomes OWL-QN, --tolerance measures the"
                  + " pseudo-gradient",
              (c, v) -> c.builder.l1(Args.number("l1", v))),
          new Option(
              "l1-path",
              "K",
              Group.TRAINING,
              "`fitPath(data, k)`",
              "l1Path",
              "the regularization path: K fits (>= 2) of λ₁ from λ_max, where every weight is 0,"
                  + " down a log grid to λ_max/1000, each started from the last; prints λ₁, the"
                  + " non-zero weights and the losses of each; --model gets the last fit, or the one"
                  + " --select picks",
              (c, v) -> c.pathSteps = TrainValues.pathSteps(v)),
          new Option(
              "select",
              "validation",
              Group.TRAINING,
              "`path.bestByValidation()`",
              "select",
              "with --l1-path: keep the fit of least validation log-loss (needs"
                  + " --validation-fraction)",
              TrainValues::select),
          new Option(
              "weights",
              "FILE.npy",
              Group.TRAINING,
              "`Dataset.withSampleWeights(s)`, `NpyFile.stream(x, y, weights, 0)`",
              "weights",
              "a weight >= 0 per example (finite, not all 0; default 1); read block by block with"
                  + " --stream",
              null),
          new Option(
              "stream",
              null,
              Group.TRAINING,
              "`fit(NpyFile.stream(x, y))`",
              null,
              "train from the --x file without loading it (any solver; full passes read and sum"
                  + " about 4 MiB at a time on two threads or more; mini-batches shuffle blocks of"
                  + " at most 64 MiB and an eighth of the heap, two in memory, and each block's"
                  + " examples); chosen by itself when the file would take more than half the heap",
              null),
          new Option(
              "class-weight",
              "W",
              Group.TRAINING,
              "`classWeights(w0, w1)`, `balancedClassWeights()`",
              "classWeights",
              "balanced (n / (2·n_class) over the training examples), or W0,W1: multiply the sample"
                  + " weights of labels 0 and 1",
              TrainValues::classWeights),
          new Option(
              "standardize",
              null,
              Group.TRAINING,
              "`standardize(true)`",
              "standardize",
              "train on z-scored features; the returned model scores raw features",
              (c, v) -> c.builder.standardize(true)),
          new Option(
              "no-intercept",
              null,
              Group.TRAINING,
              "`fitIntercept(false)`",
              "fitIntercept",
              "fit no intercept: the biases are 0 (with --standardize the features are then only"
                  + " scaled, not centred)",
              (c, v) -> c.builder.fitIntercept(false)),
          new Option(
              "seed",
              "N",
              Group.TRAINING,
              "`seed(s)`",
              "seed",
              "seed of the shuffles (every epoch) and of the validation split (default 0)",
              (c, v) -> c.builder.seed(Args.whole("seed", v))),
          new Option(
              "tolerance",
              "T",
              Group.TRAINING,
              "`gradientTolerance(t)`",
              "gradientTolerance",
              "stop when ‖∇J‖ <= T (converged)",
              (c, v) -> c.builder.gradientTolerance(Args.number("tolerance", v))),
          new Option(
              "cost-tolerance",
              "T",
              Group.TRAINING,
              "`costTolerance(t)`",
              "costTolerance",
              "stop when an iteration changes J by <= T, relative (converged)",
              (c, v) -> c.builder.costTolerance(Args.number("cost-tolerance", v))),
          new Option(
              "cost-every",
              "K",
              Group.TRAINING,
              "`costEvery(k)`",
              "costEvery",
              "compute the training cost every K iterations only, 0: never (default 1; the"
                  + " kernel skips the loss in between, the curve holds null there)",
              (c, v) -> c.builder.costEvery(Args.whole("cost-every", v))),
          new Option(
              "validation-fraction",
              "F",
              Group.TRAINING,
              "`validationFraction(f)`",
              "validationFraction",
              "hold out this fraction of the examples (drawn with the seed) and validate on them:"
                  + " log-loss and accuracy every iteration",
              (c, v) -> c.builder.validationFraction(Args.number("validation-fraction", v))),
          new Option(
              "validation-x",
              "FILE.npy",
              Group.TRAINING,
              "`validation(data)`",
              "validation",
              "validate on these examples instead (with --validation-y; the layout of --x): log-loss"
                  + " and accuracy every iteration",
              null),
          new Option(
              "validation-y",
              "FILE.npy",
              Group.TRAINING,
              "`validation(data)`",
              "validation",
              "the labels of --validation-x",
              null),
          new Option(
              "validation-csv",
              "FILE",
              Group.TRAINING,
              "`validation(data)`",
              "validation",
              "validate on a CSV file with the columns and header of --csv",
              null),
          new Option(
              "patience",
              "N",
              Group.TRAINING,
              "`patience(k)`",
              "patience",
              "early stopping: stop when validation has not improved for N iterations and return the"
                  + " best iteration's model (needs validation)",
              (c, v) -> c.builder.patience(Args.whole("patience", v))),
          new Option(
              "max-seconds",
              "S",
              Group.TRAINING,
              "`maxTime(d)`",
              "maxTime",
              "stop after S seconds of wall time",
              (c, v) -> c.builder.maxTime(TrainValues.seconds(v))),
          new Option(
              "warm-start",
              "FILE",
              Group.TRAINING,
              "`warmStart(model)`",
              "warmStart",
              "start from this model instead of zero",
              null),
          new Option(
              "threads",
              "N",
              Group.TRAINING,
              "`threads(k)`, `executor(e)`",
              "threads",
              "threads per pass (default 1; up to 4 per processor); the model is bitwise the same"
                  + " for any count",
              (c, v) -> c.builder.threads(Args.whole("threads", v))),
          new Option(
              null,
              null,
              Group.TRAINING,
              "`listener(l)`",
              "listener",
              "called every iteration with its cost, gradient norm and validation metrics; returning"
                  + " false stops (the CLI prints progress lines on standard error)",
              null),
          new Option(
              "model",
              "FILE",
              Group.OUTPUT,
              null,
              null,
              "write the trained model (replaced atomically)",
              null),
          new Option(
              "report-json",
              "FILE",
              Group.OUTPUT,
              null,
              null,
              "write a JSON report: curves, accuracy, timing, weights, options",
              null),
          new Option(
              "plot",
              "FILE.svg",
              Group.OUTPUT,
              null,
              null,
              "draw the cost (and validation) curves",
              null),
          new Option(
              "keep-diverged",
              null,
              Group.OUTPUT,
              null,
              null,
              "write the outputs even when training diverged (the command still fails)",
              null));

  /** Options that take a value (data options included). */
  static final Set<String> VALUED = names(false);

  /** Options that take none. */
  static final Set<String> FLAGS = names(true);

  private static Set<String> names(boolean flags) {
    Set<String> s = new LinkedHashSet<>(flags ? DataSource.FLAGS : DataSource.OPTIONS);
    for (Option o : ALL) {
      if (o.name() != null && o.isFlag() == flags) {
        s.add(o.name());
      }
    }
    return Set.copyOf(s);
  }
}
