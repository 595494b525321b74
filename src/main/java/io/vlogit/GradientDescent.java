package io.vlogit;

import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.LogisticKernel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Trains binary logistic regression by gradient descent, full batch (the default) or mini-batch,
 * on vlogit's fused kernels. The objective, with s_j the example weight (1 by default, times the
 * class weight if any) and λ the L2 strength:
 *
 * <pre>
 *   J(w, b) = (1/Σs) Σ s_j·(softplus(z_j) − y_j·z_j) + (λ/2)·‖w‖²,   z_j = w·x_j + b
 * </pre>
 *
 * The bias is not penalized. With the defaults (full batch, α = 0.1, no L2, no momentum) each epoch
 * is the seed's step: {@code w −= α·dw, b −= α·db} with {@code dw = (1/m) Σ dz·x}, {@code db = (1/m)
 * Σ dz}. Parameters live in double between epochs; each pass reads them rounded to float.
 *
 * <p>Every epoch is one fused pass of the kernel over the training examples. What needs more:
 * shuffled mini-batches keep an int per training example (the order); class weights keep a float
 * per example (the combined weights); a validation fraction keeps the index of each example; each
 * validation evaluation reads the validation examples once; standardization makes one pass for the
 * statistics and keeps a standardized copy of the examples (n·m floats; see {@link
 * Builder#standardize} for why); L-BFGS ({@link Builder#lbfgs}) takes one pass per line-search
 * trial, usually one per iteration. Nothing else allocates per epoch (a listener receives one small
 * record per epoch).
 *
 * <p>Threads: the gradient of each batch is summed over fixed chunks of examples and the chunks'
 * partial sums are added in order, so the model is bitwise the same for any thread count (with the
 * same kernel). The default is one thread; a service decides.
 *
 * <pre>{@code
 * TrainingResult r = GradientDescent.builder()
 *     .learningRate(0.5).l2(1e-3).epochs(10_000).gradientTolerance(1e-6)
 *     .build().fit(data);
 * }</pre>
 */
public final class GradientDescent {
  final double learningRate;
  final int epochs;
  final double l2;
  final int batchSize;
  final long seed;
  final LearningRateSchedule schedule;
  final double momentum;
  final boolean nesterov;
  final int lbfgsMemory;
  final double gradientTolerance;
  final double costTolerance;
  final double validationFraction;
  final Dataset validationData;
  final int patience;
  final long maxNanos;
  final LogisticModel warmStart;
  final TrainingListener listener;
  final boolean standardize;
  final float[] classWeights;
  final boolean balancedClassWeights;
  final int threads;
  final Executor executor;
  final LogisticKernel kernel;

  private GradientDescent(Builder b) {
    this.learningRate = b.learningRate;
    this.epochs = b.epochs;
    this.l2 = b.l2;
    this.batchSize = b.batchSize;
    this.seed = b.seed;
    this.schedule = b.schedule;
    this.momentum = b.momentum;
    this.nesterov = b.nesterov;
    this.lbfgsMemory = b.lbfgsMemory;
    this.gradientTolerance = b.gradientTolerance;
    this.costTolerance = b.costTolerance;
    this.validationFraction = b.validationFraction;
    this.validationData = b.validationData;
    this.patience = b.patience;
    this.maxNanos = b.maxNanos;
    this.warmStart = b.warmStart;
    this.listener = b.listener;
    this.standardize = b.standardize;
    this.classWeights = b.classWeights;
    this.balancedClassWeights = b.balanced;
    this.threads = b.threads;
    this.executor = b.executor;
    this.kernel = b.kernel != null ? b.kernel : Kernels.selected();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Trains on {@code data} (and its sample weights, if it has them).
   *
   * @throws TrainingDivergedException if the cost or a weight stops being finite
   * @throws InvalidDataException if the options do not fit the data (all training weights zero,
   *     balanced class weights with one class, a validation set or warm start of another n)
   */
  public TrainingResult fit(Dataset data) {
    Objects.requireNonNull(data, "data");
    return new TrainingRun(this, data).train();
  }

  public double learningRate() {
    return learningRate;
  }

  public int epochs() {
    return epochs;
  }

  public LogisticKernel kernel() {
    return kernel;
  }

  /** Options of {@link GradientDescent}; every setter checks its value at once. */
  public static final class Builder {
    private double learningRate = 0.1;
    private int epochs = 1000;
    private double l2;
    private int batchSize;
    private long seed;
    private LearningRateSchedule schedule = LearningRateSchedule.constant();
    private double momentum;
    private boolean nesterov;
    private int lbfgsMemory;
    private double gradientTolerance;
    private double costTolerance;
    private double validationFraction;
    private Dataset validationData;
    private int patience;
    private long maxNanos = Long.MAX_VALUE;
    private LogisticModel warmStart;
    private TrainingListener listener;
    private boolean standardize;
    private float[] classWeights;
    private boolean balanced;
    private int threads = 1;
    private Executor executor;
    private LogisticKernel kernel;

    private Builder() {}

    /** Base step size α, finite and positive (default 0.1). */
    public Builder learningRate(double alpha) {
      if (!(alpha > 0) || !Double.isFinite(alpha)) {
        throw new InvalidOptionException("learningRate", alpha, "must be a finite number > 0");
      }
      this.learningRate = alpha;
      return this;
    }

    /** Maximum number of epochs (passes over the training data), ≥ 0 (default 1000). */
    public Builder epochs(int epochs) {
      if (epochs < 0) {
        throw new InvalidOptionException("epochs", epochs, "must be >= 0");
      }
      this.epochs = epochs;
      return this;
    }

    /** L2 strength λ ≥ 0 of the penalty (λ/2)‖w‖², the bias unpenalized (default 0). */
    public Builder l2(double lambda) {
      if (!(lambda >= 0) || !Double.isFinite(lambda)) {
        throw new InvalidOptionException("l2", lambda, "must be a finite number >= 0");
      }
      this.l2 = lambda;
      return this;
    }

    /** Examples per update, ≥ 1; by default the whole training set (full-batch gradient descent). */
    public Builder batchSize(int size) {
      if (size < 1) {
        throw new InvalidOptionException("batchSize", size, "must be >= 1");
      }
      this.batchSize = size;
      return this;
    }

    /** Seed of the shuffles and of the validation split (default 0): same seed, same model. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** How the learning rate changes from epoch to epoch (default constant). */
    public Builder schedule(LearningRateSchedule schedule) {
      this.schedule = Objects.requireNonNull(schedule, "schedule");
      return this;
    }

    /** Momentum μ in [0, 1) (default 0): {@code v = μ·v − α·g, w += v}. */
    public Builder momentum(double mu) {
      if (!(mu >= 0 && mu < 1)) {
        throw new InvalidOptionException("momentum", mu, "must be in [0, 1)");
      }
      this.momentum = mu;
      return this;
    }

    /** Nesterov momentum: the gradient is taken at the look-ahead point w + μ·v. Needs momentum > 0. */
    public Builder nesterov(boolean on) {
      this.nesterov = on;
      return this;
    }

    /**
     * L-BFGS instead of gradient steps: a quasi-Newton direction from the last {@code memory}
     * steps (10 is the usual choice; 0, the default, is plain gradient descent) and a backtracking
     * line search (Armijo) along it. Every trial point is one fused pass, which gives the cost and
     * the gradient together; most iterations need one. Full batch only, so it cannot be combined
     * with {@link #batchSize}, momentum or a schedule; the learning rate is not used (the line
     * search picks each step). An "epoch" is then one iteration. On the objective above, which is
     * smooth and (with λ > 0) strictly convex, it needs tens to hundreds of iterations where
     * gradient descent needs thousands (bench/ FitBench). When no step along the direction lowers
     * the cost any more, at the precision of the float passes, training stops with {@link
     * StopReason#NO_PROGRESS}.
     */
    public Builder lbfgs(int memory) {
      if (memory < 0 || memory > 1000) {
        throw new InvalidOptionException("lbfgs", memory, "memory must be in [0, 1000] steps (10 is usual; 0 turns L-BFGS off)");
      }
      this.lbfgsMemory = memory;
      return this;
    }

    /** Stop when the gradient's norm is at most this (0, the default, turns it off). */
    public Builder gradientTolerance(double tol) {
      if (!(tol >= 0) || !Double.isFinite(tol)) {
        throw new InvalidOptionException("gradientTolerance", tol, "must be a finite number >= 0");
      }
      this.gradientTolerance = tol;
      return this;
    }

    /** Stop when an epoch changes the cost by at most this, relative (0, the default, turns it off). */
    public Builder costTolerance(double tol) {
      if (!(tol >= 0) || !Double.isFinite(tol)) {
        throw new InvalidOptionException("costTolerance", tol, "must be a finite number >= 0");
      }
      this.costTolerance = tol;
      return this;
    }

    /** Hold out this fraction of the examples, drawn with the seed, for validation; in (0, 1). */
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
     * Early stopping: stop when the validation cost has not improved for this many epochs and
     * return the model of the best epoch. Needs validation.
     */
    public Builder patience(int epochs) {
      if (epochs < 1) {
        throw new InvalidOptionException("patience", epochs, "must be >= 1 epoch");
      }
      this.patience = epochs;
      return this;
    }

    /** Stop after this much wall time (checked at the end of each epoch). */
    public Builder maxTime(Duration time) {
      Objects.requireNonNull(time, "time");
      if (time.isNegative() || time.isZero()) {
        throw new InvalidOptionException("maxTime", time, "must be positive");
      }
      this.maxNanos = time.toNanos();
      return this;
    }

    /** Start from this model's weights and bias instead of zero. */
    public Builder warmStart(LogisticModel model) {
      this.warmStart = Objects.requireNonNull(model, "model");
      return this;
    }

    /** Called after every epoch; may stop training (see {@link TrainingListener}). */
    public Builder listener(TrainingListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Train on standardized features: mean 0 and standard deviation 1 over the training examples
     * (one pass computes them; a constant feature is only centred, never divided by 0). Training
     * runs on a standardized float copy of the examples, and the returned model is folded back so
     * that it scores raw features. The L2 penalty applies to the standardized weights. (Folding the
     * statistics into the kernel's weights would save the copy, but the float forward pass then
     * cancels on features whose mean is far from 0 against their spread, the very data
     * standardization is for.)
     */
    public Builder standardize(boolean on) {
      this.standardize = on;
      return this;
    }

    /** Weights of the examples labelled 0 and 1, each finite and ≥ 0, multiplying sample weights. */
    public Builder classWeights(double negative, double positive) {
      for (double w : new double[] {negative, positive}) {
        if (!(w >= 0) || !Double.isFinite(w)) {
          throw new InvalidOptionException("classWeights", w, "must be finite numbers >= 0");
        }
      }
      if (negative == 0 && positive == 0) {
        throw new InvalidOptionException("classWeights", "0, 0", "must not both be 0");
      }
      this.classWeights = new float[] {(float) negative, (float) positive};
      this.balanced = false;
      return this;
    }

    /** Class weights n_examples / (2 · n_class) over the training examples (scikit-learn's "balanced"). */
    public Builder balancedClassWeights() {
      this.balanced = true;
      this.classWeights = null;
      return this;
    }

    /** Threads for each epoch's pass, ≥ 1 (default 1). */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new InvalidOptionException("threads", threads, "must be >= 1");
      }
      this.threads = threads;
      return this;
    }

    /** Run the extra threads on this executor instead of threads of their own. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The kernel to run (default: the one chosen at start-up); for tests and benchmarks. */
    public Builder kernel(LogisticKernel kernel) {
      this.kernel = Objects.requireNonNull(kernel, "kernel");
      return this;
    }

    /** Checks the options together and builds the trainer. */
    public GradientDescent build() {
      if (nesterov && momentum == 0) {
        throw new InvalidOptionException("nesterov", true, "needs momentum > 0");
      }
      if (patience > 0 && validationFraction == 0 && validationData == null) {
        throw new InvalidOptionException("patience", patience, "needs validation (a validationFraction or a validation dataset)");
      }
      if (lbfgsMemory > 0) {
        if (batchSize > 0) {
          throw new InvalidOptionException("batchSize", batchSize, "cannot be combined with L-BFGS, which works on the full batch");
        }
        if (momentum > 0) {
          throw new InvalidOptionException("momentum", momentum, "cannot be combined with L-BFGS, whose line search picks each step");
        }
        if (schedule != LearningRateSchedule.constant()) {
          throw new InvalidOptionException("schedule", schedule, "cannot be combined with L-BFGS, whose line search picks each step");
        }
      }
      if (validationFraction > 0 && validationData != null) {
        throw new InvalidOptionException("validationFraction", validationFraction,
            "cannot be combined with a validation dataset; give one or the other");
      }
      return new GradientDescent(this);
    }
  }
}
