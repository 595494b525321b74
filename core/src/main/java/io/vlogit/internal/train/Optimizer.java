package io.vlogit.internal.train;

/**
 * A solver as the training loop drives it: {@link #measure} brings the cost and the gradient's norm
 * up to date for an iteration, the loop records them and checks its stopping rules, then {@link
 * #advance} moves the parameters θ (shared with the loop) to the next point.
 */
abstract class Optimizer {
  /** The cost {@link #measure} reported: NaN if it was not asked for (see {@link #costWanted}). */
  double cost;

  /**
   * Whether the next {@link #measure} is to compute the cost; a solver that needs the cost itself
   * (L-BFGS's line search) computes it regardless.
   */
  boolean costWanted = true;

  /** The Euclidean norm of the gradient {@link #measure} reported, bias included. */
  double gradientNorm;

  /**
   * Brings {@link #cost} and {@link #gradientNorm} up to date for iteration {@code k}; k = 0 is the
   * starting point.
   */
  abstract void measure(int k);

  /** The step size iteration k's update uses (or, for L-BFGS, the last line search took). */
  abstract double rate(int k);

  /** Moves θ past iteration k. Returns false when no step can lower the cost any more. */
  abstract boolean advance(int k);

  /**
   * True when the last {@link #cost} and gradient were taken at θ itself (not at a look-ahead point
   * or over mini-batches), so that they describe the returned model.
   */
  abstract boolean measuresCurrentPoint();

  /** Euclidean norm of a gradient, its last entry (the binary model's bias) summed first. */
  static double norm(double[] g) {
    int n = g.length - 1;
    double sq = g[n] * g[n];
    for (int i = 0; i < n; i++) {
      sq += g[i] * g[i];
    }
    return Math.sqrt(sq);
  }

  static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
