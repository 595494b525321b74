package io.vlogit;

/** Why training stopped; see {@link TrainingResult#stopReason()}. */
public enum StopReason {
  /** The maximum number of iterations ran. */
  MAX_ITERATIONS(false),
  /** The norm of the gradient fell to the tolerance: converged. */
  GRADIENT_TOLERANCE(true),
  /** The cost changed by no more than the relative tolerance in one iteration: converged. */
  COST_TOLERANCE(true),
  /**
   * The validation cost did not improve for {@code patience} iterations; the best model is
   * returned.
   */
  EARLY_STOPPING(false),
  /** The maximum wall time passed. */
  MAX_TIME(false),
  /** The listener asked to stop. */
  LISTENER(false),
  /** The training thread was interrupted (its interrupt flag is set again on return). */
  INTERRUPTED(false),
  /**
   * L-BFGS only: no step along the search direction lowered the cost, which happens at the optimum
   * to the precision of the float passes (the gradient norm says how close). The model is the last
   * point that lowered it.
   */
  NO_PROGRESS(false),
  /**
   * The cost rose to more than 1000 times where it started (or 1000·log 2, if it started lower):
   * the steps are too large for the data, almost always a learning rate too high or features not
   * standardized. The model is the last one measured and is not fit for use; the command line
   * writes no output for it unless asked to ({@code --keep-diverged}).
   */
  DIVERGED(false);

  private final boolean converged;

  StopReason(boolean converged) {
    this.converged = converged;
  }

  /** True for the reasons that mean the optimum was reached to the tolerance asked for. */
  public boolean converged() {
    return converged;
  }
}
