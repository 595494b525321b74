package io.vlogit.internal.train;

import java.util.concurrent.Executor;
import java.util.function.IntToDoubleFunction;

/**
 * How to train, as the public builder checked it: the solver, the objective's L1 and L2 strengths,
 * the stopping rules and the threads.
 *
 * @param maxIterations iterations at most: epochs for gradient descent, quasi-Newton steps for
 *     L-BFGS
 * @param gradientTolerance stop when ‖∇J‖ ≤ this (0: never); with L1, the pseudo-gradient's norm
 * @param costTolerance stop when an iteration changes J by ≤ this, relative (0: never)
 * @param intercept whether the biases are fitted; if not, they stay where they start (0), and
 *     standardization only scales the features: centring them needs a bias to absorb the means
 * @param costEvery compute J on iterations k ≡ 0 (mod this) only, 0 on none (the first and the
 *     final one aside, and every one when a rule needs it); 1: every iteration
 * @param patience stop when validation has not improved for this many iterations (0: never)
 * @param maxNanos stop after this much wall time
 * @param executor runs the extra threads, or null for threads of their own
 */
public record Settings(
    Solver solver,
    int maxIterations,
    double l1,
    double l2,
    long seed,
    boolean standardize,
    boolean intercept,
    double gradientTolerance,
    double costTolerance,
    int costEvery,
    int patience,
    long maxNanos,
    int threads,
    Executor executor) {

  /** The solver and its own options. */
  public sealed interface Solver {}

  /**
   * Gradient steps; with L1, proximal ones (see {@link GradientSteps}).
   *
   * @param schedule the learning rate of each epoch, counted from 0
   * @param batchSize examples per step, 0 for the full batch
   * @param accelerated FISTA's momentum sequence with adaptive restart instead of a constant
   *     momentum (full batch only; momentum and nesterov are then 0 and false)
   */
  public record Steps(
      IntToDoubleFunction schedule,
      int batchSize,
      double momentum,
      boolean nesterov,
      boolean accelerated)
      implements Solver {}

  /** L-BFGS from the last {@code memory} steps, full batch; with L1, OWL-QN. */
  public record Lbfgs(int memory) implements Solver {}
}
