package io.vlogit;

import java.util.Objects;

/**
 * How {@link LogisticRegression} minimizes its objective, with the options that belong to that
 * solver. Immutable; each option method returns a new solver.
 *
 * <ul>
 *   <li>{@link #gradientDescent()}: gradient steps of a learning rate α, on the full batch (the
 *       default: one fused pass and one step per iteration) or on shuffled mini-batches, with an
 *       optional schedule and momentum. An iteration is an epoch.
 *   <li>{@link #lbfgs(int)}: L-BFGS, a quasi-Newton direction from the last m steps and a line
 *       search that picks each step, on the full batch. An iteration is one quasi-Newton step,
 *       usually one pass over the data. It reaches the optimum in tens to hundreds of iterations
 *       where gradient descent needs thousands, with no learning rate to tune.
 * </ul>
 */
public sealed interface Solver permits Solver.GradientDescent, Solver.Lbfgs {

  /** Full-batch gradient descent, α = 0.1, no schedule and no momentum. */
  static GradientDescent gradientDescent() {
    return GradientDescent.DEFAULT;
  }

  /** L-BFGS from the last {@code memory} steps (10 is the usual choice), in [1, 1000]. */
  static Lbfgs lbfgs(int memory) {
    return new Lbfgs(memory);
  }

  /** A short name for reports: {@code gradient-descent} or {@code lbfgs}. */
  String name();

  /** Gradient descent and its options; see {@link Solver}. */
  final class GradientDescent implements Solver {
    static final GradientDescent DEFAULT =
        new GradientDescent(0.1, 0, LearningRateSchedule.constant(), 0, false, false);

    private final double learningRate;
    private final int batchSize;
    private final LearningRateSchedule schedule;
    private final double momentum;
    private final boolean nesterov;
    private final boolean fista;

    private GradientDescent(
        double learningRate,
        int batchSize,
        LearningRateSchedule schedule,
        double momentum,
        boolean nesterov,
        boolean fista) {
      this.learningRate = learningRate;
      this.batchSize = batchSize;
      this.schedule = schedule;
      this.momentum = momentum;
      this.nesterov = nesterov;
      this.fista = fista;
    }

    /** Base step size α, finite and positive (default 0.1). */
    public GradientDescent learningRate(double alpha) {
      if (!(alpha > 0) || !Double.isFinite(alpha)) {
        throw new InvalidOptionException("learningRate", alpha, "must be a finite number > 0");
      }
      return new GradientDescent(alpha, batchSize, schedule, momentum, nesterov, fista);
    }

    /** Examples per update, ≥ 1; by default the whole training set (full-batch descent). */
    public GradientDescent batchSize(int size) {
      InvalidOptionException.atLeast("batchSize", size, 1);
      return new GradientDescent(learningRate, size, schedule, momentum, nesterov, fista);
    }

    /** How the learning rate changes from epoch to epoch (default constant). */
    public GradientDescent schedule(LearningRateSchedule schedule) {
      Objects.requireNonNull(schedule, "schedule");
      return new GradientDescent(learningRate, batchSize, schedule, momentum, nesterov, fista);
    }

    /** Momentum μ in [0, 1) (default 0): {@code v = μ·v − α·g, θ += v}. */
    public GradientDescent momentum(double mu) {
      if (!(mu >= 0 && mu < 1)) {
        throw new InvalidOptionException("momentum", mu, "must be in [0, 1)");
      }
      return new GradientDescent(learningRate, batchSize, schedule, mu, nesterov, fista);
    }

    /** Nesterov momentum: the gradient is taken at θ + μ·v. Needs momentum > 0. */
    public GradientDescent nesterov(boolean on) {
      return new GradientDescent(learningRate, batchSize, schedule, momentum, on, fista);
    }

    /**
     * FISTA (Beck and Teboulle, 2009), on the full batch: Nesterov's look-ahead with the momentum
     * sequence μ_k = (t_k − 1)/t_{k+1}, t_{k+1} = (1 + √(1 + 4t_k²))/2, restarted whenever a step
     * turns against the last one (O'Donoghue and Candès' gradient restart). With {@link
     * LogisticRegression.Builder#l1} the steps are proximal: the accelerated proximal gradient
     * method for the L1 and elastic-net objectives. Cannot be combined with momentum or Nesterov,
     * which it replaces, nor with mini-batches.
     */
    public GradientDescent fista(boolean on) {
      return new GradientDescent(learningRate, batchSize, schedule, momentum, nesterov, on);
    }

    /** Whether steps follow FISTA's momentum sequence; see {@link #fista(boolean)}. */
    public boolean fista() {
      return fista;
    }

    public double learningRate() {
      return learningRate;
    }

    /** Examples per update, or 0 for the full batch. */
    public int batchSize() {
      return batchSize;
    }

    public LearningRateSchedule schedule() {
      return schedule;
    }

    public double momentum() {
      return momentum;
    }

    public boolean nesterov() {
      return nesterov;
    }

    @Override
    public String name() {
      return "gradient-descent";
    }

    @Override
    public String toString() {
      return "gradient descent (learning rate "
          + learningRate
          + (batchSize > 0 ? ", batch size " + batchSize : "")
          + (schedule != LearningRateSchedule.constant() ? ", schedule " + schedule : "")
          + (momentum > 0 ? ", momentum " + momentum : "")
          + (nesterov ? ", Nesterov" : "")
          + (fista ? ", FISTA" : "")
          + ")";
    }
  }

  /**
   * L-BFGS from the last {@code memory} steps; see {@link Solver}. A backtracking line search
   * (Armijo, or Hager and Zhang's approximate Wolfe conditions where float rounding hides the
   * cost's change) picks each step. When no step lowers the cost any more, at the precision of the
   * float passes, training stops with {@link StopReason#NO_PROGRESS}.
   *
   * @param memory steps remembered, in [1, 1000] (10 is usual)
   */
  record Lbfgs(int memory) implements Solver {
    public Lbfgs {
      if (memory < 1 || memory > 1000) {
        throw new InvalidOptionException(
            "lbfgs", memory, "memory must be in [1, 1000] steps (10 is usual)");
      }
    }

    @Override
    public String name() {
      return "lbfgs";
    }

    @Override
    public String toString() {
      return "L-BFGS (memory " + memory + ")";
    }
  }
}
