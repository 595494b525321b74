package io.vlogit;

import io.vlogit.internal.kernel.LogisticKernel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Trains logistic regression on vlogit's fused kernels: the entry point of the library. The binary
 * objective (two classes, labels 0 and 1), with s_j the example weight (1 by default, times the
 * class weight if any) and λ₁, λ₂ the L1 and L2 strengths (both 0 by default; both set, the elastic
 * net):
 *
 * <pre>
 *   J(w, b) = (1/Σs) Σ s_j·(softplus(z_j) − y_j·z_j) + λ₁·‖w‖₁ + (λ₂/2)·‖w‖²,   z_j = w·x_j + b
 * </pre>
 *
 * and the multinomial one (K ≥ 3 classes, labels 0..K−1, a {@link MultinomialModel}):
 *
 * <pre>
 *   J(W, b) = (1/Σs) Σ s_j·(logsumexp(z_j) − z_j,y_j) + λ₁·‖W‖₁ + (λ₂/2)·‖W‖²,   z_j,c = w_c·x_j + b_c
 * </pre>
 *
 * The biases are not penalized. The dataset's number of classes decides which is trained; every
 * option applies to both. A {@link Solver} minimizes it: full-batch gradient descent by default
 * (see {@link Builder#solver} for why), or L-BFGS. Parameters live in double between iterations;
 * every pass over the data reads them rounded to float.
 *
 * <pre>{@code
 * TrainingResult r = LogisticRegression.builder()
 *     .solver(Solver.lbfgs(10))
 *     .l2(1e-3)
 *     .build()
 *     .fit(data);
 * LogisticModel model = r.model();
 * }</pre>
 *
 * <p>Every iteration is one fused pass of the kernel over the training examples (L-BFGS: one per
 * line-search trial, usually one), allocating nothing; the options that need memory or passes of
 * their own say so.
 *
 * <p>Kernel: the JVM's selection (README, "How the kernel is chosen"), except that a run shorter
 * than the vector kernel's JIT warm-up makes up for (fewer than 2·10⁸ maximum iterations × features
 * × examples, by default) trains on the scalar kernel when the choice is automatic; {@link
 * TrainingResult#kernelReason()} says which and why.
 *
 * <p>Threads: the gradient of each pass is summed over fixed chunks of examples and the chunks'
 * partial sums are added in order, so the model is bitwise the same for any thread count (with the
 * same kernel). The default is one thread; a service decides.
 *
 * <p>Immutable and thread-safe: one instance can fit any number of datasets, concurrently.
 */
public final class LogisticRegression {
  private final TrainingOptions options;

  private LogisticRegression(TrainingOptions options) {
    this.options = options;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Trains on {@code data} (and its sample weights, if it has them).
   *
   * @throws TrainingDivergedException if the cost or a weight stops being finite
   * @throws InvalidDataException if the options do not fit the data (all training weights zero,
   *     balanced class weights with one class, a validation fraction that leaves no examples on one
   *     side, a validation set or warm start of another n)
   */
  public TrainingResult fit(Dataset data) {
    return Fitting.fit(options, Objects.requireNonNull(data, "data"));
  }

  /**
   * Trains on examples read block by block from outside the heap, again for every pass ({@link
   * ExampleStream}; a {@code .npy} file's from {@link io.vlogit.io.NpyFile#stream}): for data
   * larger than the heap. A full pass runs on at least two threads, each reading the chunks it sums
   * in pieces that it sums while they are in its cache; epochs of mini-batches read whole blocks on
   * a reader thread, two in flight. The trainer holds those and O(n) besides. The result has the
   * bits {@link #fit(Dataset)} gives on the same examples in memory.
   *
   * <p>Every solver trains from a stream. Full-batch gradient descent (with or without momentum,
   * Nesterov or FISTA) reads the file once per epoch, L-BFGS and OWL-QN once per evaluation (a line
   * search's included), each in order, and give the bits of the fit in memory. Mini-batch epochs
   * read the blocks in an order shuffled for each epoch and each block's examples in a shuffled
   * order, with batches that do not cross blocks (a block's last batch may be smaller):
   * reproducible for a seed, but not the in-memory fit's shuffle. A validation dataset ({@link
   * Builder#validation}) is scored in memory after every iteration as usual; a validation fraction
   * holds out round(f·m) examples chosen at random for the seed (not the in-memory split's choice),
   * copies them into memory by one pass over the stream before training, and trains the others (the
   * held-out ones with weight 0; one bit per example marks them). Standardization, class weights
   * given or balanced, and sample weights ({@link ExampleStream#weighted}) train as in memory, with
   * the same bits: a pass over the stream before training sums the weights and, to standardize, the
   * features' statistics (balanced weights take one more, counting the classes); each block is then
   * weighted and standardized as it is read. Statistics and class counts are those of the training
   * examples, the held-out ones left out.
   *
   * @throws java.io.UncheckedIOException if a block cannot be read or the source changed
   * @throws InvalidDataException naming the example and feature of a value that is not finite, or
   *     of a label that is not a class
   * @throws InvalidOptionException for an option a stream cannot train with
   */
  public TrainingResult fit(ExampleStream data) {
    Objects.requireNonNull(data, "data");
    return StreamFitting.fit(options, options.solver(), data);
  }

  /**
   * Trains on examples held elsewhere that sum their own passes ({@link SummedExamples}: a
   * cluster's partitions, for example): the solver runs on this thread and asks the source for each
   * pass's {@link PassSums} at the model it is at, one pass per gradient-descent epoch and per
   * L-BFGS or OWL-QN evaluation. The result is the fit in memory would be on the same sums; whether
   * it has its bits depends on how the source splits and adds them.
   *
   * <p>Full passes only: mini-batches, a validation fraction, class weights and standardization
   * need the examples at hand and are refused (the source applies weights and scaling where it
   * holds the examples). A validation dataset is scored here after every iteration, as usual.
   *
   * @throws InvalidOptionException for an option summed examples cannot train with
   * @throws InvalidDataException if the source has no examples, features or weight
   * @throws TrainingDivergedException if the cost or a weight stops being finite
   */
  public TrainingResult fit(SummedExamples data) {
    return SummedFitting.fit(options, Objects.requireNonNull(data, "data"));
  }

  /**
   * The regularization path: fits λ₁ from λ_max (every weight 0) down {@code steps} steps of a log
   * grid to λ_max·10⁻³, each fit starting from the one before, with every other option as built
   * ({@link Builder#l1}, if set, is not used: the grid replaces it; {@link Builder#l2} stays, for
   * an elastic-net path). Each fit runs to this trainer's stopping rules; a warm start, if given,
   * starts the first. Choose from it by validation ({@link RegularizationPath#bestByValidation()})
   * or by the number of weights.
   *
   * @param steps fits on the grid, in [2, 1000]
   * @throws TrainingDivergedException if a fit diverges
   * @throws InvalidDataException as {@link #fit} does
   */
  public RegularizationPath fitPath(Dataset data, int steps) {
    Solver solver = pathSolver(steps);
    return Fitting.path(options, solver, Objects.requireNonNull(data, "data"), steps);
  }

  /** The solver of a path of {@code steps} fits (checked): OWL-QN unless one was given. */
  private Solver pathSolver(int steps) {
    if (steps < 2 || steps > 1000) {
      throw new InvalidOptionException("l1Path", steps, "must be in [2, 1000] steps");
    }
    return options.solverGiven() ? options.solver() : defaultSolver(true);
  }

  /**
   * The regularization path of {@link #fitPath(Dataset, int)}, trained from a stream ({@link
   * #fit(ExampleStream)}): λ_max takes one more pass over it.
   *
   * @param steps fits on the grid, in [2, 1000]
   * @throws TrainingDivergedException if a fit diverges
   * @throws InvalidDataException as {@link #fit(ExampleStream)} does
   */
  public RegularizationPath fitPath(ExampleStream data, int steps) {
    Solver solver = pathSolver(steps);
    return StreamFitting.path(options, solver, Objects.requireNonNull(data, "data"), steps);
  }

  public Solver solver() {
    return options.solver();
  }

  public int maxIterations() {
    return options.maxIterations();
  }

  public double l1() {
    return options.l1();
  }

  public double l2() {
    return options.l2();
  }

  public int threads() {
    return options.threads();
  }

  @Override
  public String toString() {
    return "LogisticRegression["
        + options.solver()
        + ", maxIterations="
        + options.maxIterations()
        + ", l1="
        + options.l1()
        + ", l2="
        + options.l2()
        + "]";
  }

  /** The solver when none was set: OWL-QN for an L1 objective, else gradient descent. */
  static Solver defaultSolver(boolean l1) {
    return l1 ? Solver.lbfgs(10) : Solver.gradientDescent();
  }

  /** Options of {@link LogisticRegression}; every setter checks its value at once. */
  public static final class Builder {
    /** Threads beyond this many per available processor only add contention. */
    static final int THREADS_PER_PROCESSOR = 4;

    private Solver solver;
    private int maxIterations = 1000;
    private double l1;
    private double l2;
    private long seed;
    private double gradientTolerance;
    private double costTolerance;
    private int costEvery = 1;
    private double validationFraction;
    private Dataset validationData;
    private int patience;
    private long maxNanos = Long.MAX_VALUE;
    private LogisticModel warmStart;
    private MultinomialModel multinomialWarmStart;
    private TrainingListener listener;
    private boolean standardize;
    private boolean fitIntercept = true;
    private float[] classWeights;
    private boolean balanced;
    private int threads = 1;
    private Executor executor;
    private LogisticKernel kernel;

    private Builder() {}

    /**
     * The solver (default: {@link Solver#gradientDescent()}, full batch, α = 0.1). Gradient descent
     * is the default because it is the algorithm vlogit is specified against (one fused pass and
     * one step per iteration, the cost of an iteration known in advance) and because every option
     * applies to it; L-BFGS reaches the optimum in far fewer passes and needs no learning rate, and
     * is the better choice when the optimum is what you want.
     *
     * <p>With an L1 term ({@link #l1}, or {@link LogisticRegression#fitPath}) and no solver set,
     * the default is OWL-QN ({@link Solver#lbfgs(int) Solver.lbfgs(10)}) instead, as in Spark:
     * proximal gradient descent converges to the L1 optimum at the rate of the data's condition
     * number, which on correlated features takes tens of thousands of epochs. Set a solver to
     * choose gradient descent.
     */
    public Builder solver(Solver solver) {
      this.solver = Objects.requireNonNull(solver, "solver");
      return this;
    }

    /**
     * Iterations at most, ≥ 0 (default 1000): epochs for gradient descent, quasi-Newton steps for
     * L-BFGS. 0 returns the starting model and its cost.
     */
    public Builder maxIterations(int iterations) {
      this.maxIterations = InvalidOptionException.atLeast("maxIterations", iterations, 0);
      return this;
    }

    /**
     * L1 strength λ₁ ≥ 0 of the penalty λ₁‖w‖₁, the bias unpenalized (default 0): it drives the
     * weights the data do not support to exactly 0 ({@link TrainingResult#nonZeroWeights()}).
     * Gradient descent then takes proximal steps (soft-thresholding), L-BFGS becomes OWL-QN, and
     * the gradient tolerance and {@link TrainingResult#finalGradientNorm()} measure the
     * pseudo-gradient, which is 0 exactly at the optimum. With {@link #standardize} the penalty
     * applies to the standardized weights, as Spark's does. README, "L1 and elastic net", says how
     * λ₁ and λ₂ translate to scikit-learn's and Spark's parameters.
     */
    public Builder l1(double lambda) {
      this.l1 = InvalidOptionException.finiteNonNegative("l1", lambda);
      return this;
    }

    /** L2 strength λ₂ ≥ 0 of the penalty (λ₂/2)‖w‖², the bias unpenalized (default 0). */
    public Builder l2(double lambda) {
      this.l2 = InvalidOptionException.finiteNonNegative("l2", lambda);
      return this;
    }

    /** Seed of the shuffles and of the validation split (default 0): same seed, same model. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Stop when the gradient's norm is at most this (0, the default, turns it off). */
    public Builder gradientTolerance(double tol) {
      this.gradientTolerance = InvalidOptionException.finiteNonNegative("gradientTolerance", tol);
      return this;
    }

    /** Stop when an iteration changes the cost by at most this, relative (0, the default: off). */
    public Builder costTolerance(double tol) {
      this.costTolerance = InvalidOptionException.finiteNonNegative("costTolerance", tol);
      return this;
    }

    /**
     * Compute the training cost on every k-th iteration only (0: on none), instead of on every one
     * (1, the default). The cost takes a log per example, as much work as σ on narrow data; on the
     * iterations between, the kernel skips it, {@link TrainingResult#costCurve()} holds NaN and
     * {@link IterationStatus#cost()} is NaN. The model is the same bit for bit. Iteration 0 always
     * computes it, {@link #costTolerance} needs it on every iteration (and then gets it), L-BFGS
     * computes it on every pass for its line search, and the final cost is always computed.
     */
    public Builder costEvery(int k) {
      this.costEvery = InvalidOptionException.atLeast("costEvery", k, 0);
      return this;
    }

    /**
     * Hold out this fraction of the examples, in (0, 1), drawn with the seed, for validation: an
     * int per example, and a forward pass over the held-out examples every iteration.
     */
    public Builder validationFraction(double fraction) {
      if (!(fraction > 0 && fraction < 1)) {
        throw new InvalidOptionException("validationFraction", fraction, "must be in (0, 1)");
      }
      this.validationFraction = fraction;
      return this;
    }

    /** Validate on this dataset (instead of a held-out fraction). */
    public Builder validation(Dataset data) {
      this.validationData = Objects.requireNonNull(data, "data");
      return this;
    }

    /**
     * Early stopping: stop when the validation cost has not improved for this many iterations and
     * return the model of the best iteration. Needs validation.
     */
    public Builder patience(int iterations) {
      this.patience = InvalidOptionException.atLeast("patience", iterations, 1);
      return this;
    }

    /** Stop after this much wall time (checked at the end of each iteration). */
    public Builder maxTime(Duration time) {
      Objects.requireNonNull(time, "time");
      if (time.isNegative() || time.isZero()) {
        throw new InvalidOptionException("maxTime", time, "must be positive");
      }
      this.maxNanos = time.toNanos();
      return this;
    }

    /** Start from this model's weights and bias instead of zero (binary data). */
    public Builder warmStart(LogisticModel model) {
      this.warmStart = Objects.requireNonNull(model, "model");
      this.multinomialWarmStart = null;
      return this;
    }

    /**
     * Start from this model's weights and biases instead of zero (data of as many classes, with the
     * same names).
     */
    public Builder warmStart(MultinomialModel model) {
      this.multinomialWarmStart = Objects.requireNonNull(model, "model");
      this.warmStart = null;
      return this;
    }

    /** Called after every iteration; may stop training (see {@link TrainingListener}). */
    public Builder listener(TrainingListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Train on standardized features: mean 0 and standard deviation 1 over the training examples
     * (one pass computes them; a constant feature is only centred). Training runs on a standardized
     * float copy of the training examples, n·m floats, and the returned model is folded back so
     * that it scores raw features; the L2 penalty applies to the standardized weights. (Folding the
     * statistics into the kernel's weights instead would cancel in the float forward pass on
     * features whose mean is far from 0 against their spread, the data standardization is for.)
     * Without an intercept ({@link #fitIntercept}) the features are only scaled, not centred.
     */
    public Builder standardize(boolean on) {
      this.standardize = on;
      return this;
    }

    /**
     * Whether to fit the biases (intercepts; default true). Without, every bias is 0, and {@link
     * #standardize} only divides the features by their standard deviation: centring them would need
     * a bias to absorb the means (Spark MLlib does the same). A warm start must then have biases 0.
     */
    public Builder fitIntercept(boolean on) {
      this.fitIntercept = on;
      return this;
    }

    /**
     * Weights of labels 0 and 1, finite and ≥ 0, multiplying sample weights (a float per example).
     */
    public Builder classWeights(double negative, double positive) {
      InvalidOptionException.finiteNonNegative("classWeights", negative);
      InvalidOptionException.finiteNonNegative("classWeights", positive);
      if (negative == 0 && positive == 0) {
        throw new InvalidOptionException("classWeights", "0, 0", "must not both be 0");
      }
      this.classWeights = new float[] {(float) negative, (float) positive};
      this.balanced = false;
      return this;
    }

    /**
     * Weights of the classes 0..K−1, finite, ≥ 0 and not all 0, multiplying sample weights; as many
     * as the data has classes (checked when training).
     */
    public Builder classWeights(double[] perClass) {
      Objects.requireNonNull(perClass, "perClass");
      if (perClass.length < 2) {
        throw new InvalidOptionException(
            "classWeights", perClass.length + " weights", "needs one per class, at least 2");
      }
      float[] weights = new float[perClass.length];
      boolean any = false;
      for (int c = 0; c < perClass.length; c++) {
        InvalidOptionException.finiteNonNegative("classWeights", perClass[c]);
        weights[c] = (float) perClass[c];
        any |= perClass[c] > 0;
      }
      if (!any) {
        throw new InvalidOptionException("classWeights", "all 0", "must not all be 0");
      }
      this.classWeights = weights;
      this.balanced = false;
      return this;
    }

    /** Class weights n_examples / (K · n_class) over the training examples ("balanced"). */
    public Builder balancedClassWeights() {
      this.balanced = true;
      this.classWeights = null;
      return this;
    }

    /**
     * Threads for each pass, from 1 (the default) to 4 per available processor: more only contend
     * for the same cores.
     */
    public Builder threads(int threads) {
      int most = Math.max(8, THREADS_PER_PROCESSOR * Runtime.getRuntime().availableProcessors());
      if (threads < 1 || threads > most) {
        throw new InvalidOptionException(
            "threads", threads, "must be from 1 to " + most + " (4 per available processor)");
      }
      this.threads = threads;
      return this;
    }

    /** Run the extra threads on this executor instead of threads of their own. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The kernel to run instead of the selected one: for tests that compare kernels in one JVM. */
    Builder kernel(LogisticKernel kernel) {
      this.kernel = Objects.requireNonNull(kernel, "kernel");
      return this;
    }

    /** Checks the options together and builds the trainer. */
    public LogisticRegression build() {
      Solver chosen = solver != null ? solver : defaultSolver(l1 > 0);
      if (chosen instanceof Solver.GradientDescent gd) {
        if (gd.nesterov() && gd.momentum() == 0) {
          throw new InvalidOptionException("nesterov", true, "needs momentum > 0");
        }
        if (gd.fista() && (gd.momentum() > 0 || gd.nesterov())) {
          throw new InvalidOptionException(
              "fista", true, "replaces momentum and Nesterov; give one or the other");
        }
        if (gd.fista() && gd.batchSize() > 0) {
          throw new InvalidOptionException(
              "fista", true, "takes full-batch steps; it cannot be combined with a batch size");
        }
      }
      if (patience > 0 && validationFraction == 0 && validationData == null) {
        throw new InvalidOptionException(
            "patience",
            patience,
            "needs validation (a validationFraction or a validation dataset)");
      }
      if (validationFraction > 0 && validationData != null) {
        throw new InvalidOptionException(
            "validationFraction",
            validationFraction,
            "cannot be combined with a validation dataset; give one or the other");
      }
      if (!fitIntercept) {
        float[] biases =
            warmStart != null
                ? new float[] {warmStart.bias()}
                : multinomialWarmStart != null ? multinomialWarmStart.rawBiases() : new float[0];
        for (int c = 0; c < biases.length; c++) {
          if (biases[c] != 0) {
            throw new InvalidOptionException(
                "warmStart",
                "a model with "
                    + (biases.length == 1 ? "bias " : "class " + c + "'s bias ")
                    + biases[c],
                "cannot start a fit without an intercept, whose biases are all 0");
          }
        }
      }
      return new LogisticRegression(
          new TrainingOptions(
              chosen,
              solver != null,
              maxIterations,
              l1,
              l2,
              seed,
              gradientTolerance,
              costTolerance,
              costEvery,
              validationFraction,
              validationData,
              patience,
              maxNanos,
              warmStart,
              multinomialWarmStart,
              listener,
              standardize,
              fitIntercept,
              classWeights,
              balanced,
              threads,
              executor,
              kernel));
    }
  }
}
