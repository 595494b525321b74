package io.vlogit.internal.train;

/**
 * The L1 term λ₁·‖w‖₁ of the objective over θ's first {@code weights} entries (the biases after
 * them are not penalized), and what the solvers need of it: the pseudo-gradient, whose norm is the
 * optimality measure, and the soft-thresholding step.
 *
 * <p>The term is not differentiable where a weight is 0, so the objective's gradient ({@link
 * Objective#evaluate}) is that of the smooth part only, and the solvers add this term's part: θ is
 * optimal exactly when its pseudo-gradient is zero, that is ∂J/∂w_i = −λ₁·sign(w_i) where w_i ≠ 0
 * and |∂J/∂w_i| ≤ λ₁ where w_i = 0 (∂J the smooth part's gradient).
 */
final class L1Penalty {
  private final double lambda;
  private final int weights;

  L1Penalty(double lambda, int weights) {
    this.lambda = lambda;
    this.weights = weights;
  }

  /** False for λ₁ = 0: every method then leaves θ and the gradient as they are. */
  boolean active() {
    return lambda > 0;
  }

  /** λ₁·‖w‖₁. */
  double value(double[] p) {
    if (lambda == 0) {
      return 0;
    }
    double sum = 0;
    for (int i = 0; i < weights; i++) {
      sum += Math.abs(p[i]);
    }
    return lambda * sum;
  }

  /**
   * The pseudo-gradient of J at θ = p (Andrew and Gao, 2007) into {@code out}, from the smooth
   * part's gradient g: for each weight the one-sided derivative of least magnitude, g + λ₁·sign(w)
   * off zero; at zero g + λ₁ if that is negative, g − λ₁ if that is positive, else 0 (no direction
   * along this weight lowers J). The biases' entries are g's.
   */
  void pseudoGradient(double[] p, double[] g, double[] out) {
    for (int i = 0; i < weights; i++) {
      out[i] = pseudoDerivative(p[i], g[i]);
    }
    System.arraycopy(g, weights, out, weights, g.length - weights);
  }

  /** Entry i of the pseudo-gradient: a weight's pseudo-derivative, a bias's gradient. */
  private double pseudoEntry(double[] p, double[] g, int i) {
    return i < weights ? pseudoDerivative(p[i], g[i]) : g[i];
  }

  private double pseudoDerivative(double w, double g) {
    if (w > 0) {
      return g + lambda;
    }
    if (w < 0) {
      return g - lambda;
    }
    if (g + lambda < 0) {
      return g + lambda;
    }
    return g - lambda > 0 ? g - lambda : 0;
  }

  /**
   * The Euclidean norm of the pseudo-gradient, without storing it; summed in {@link
   * Optimizer#norm}'s order (the last entry first), so that for λ₁ = 0 it is that norm, bit for
   * bit.
   */
  double pseudoGradientNorm(double[] p, double[] g) {
    int last = g.length - 1;
    double v = pseudoEntry(p, g, last);
    double sq = v * v;
    for (int i = 0; i < last; i++) {
      v = pseudoEntry(p, g, i);
      sq += v * v;
    }
    return Math.sqrt(sq);
  }

  /**
   * The proximal step of λ₁·‖w‖₁ for step size t: every weight moved towards 0 by t·λ₁, and set to
   * exactly 0 when it would cross it (soft-thresholding).
   */
  double shrink(double w, double t) {
    double threshold = t * lambda;
    if (w > threshold) {
      return w - threshold;
    }
    return w < -threshold ? w + threshold : 0;
  }

  /** Whether θ's entry i is a penalized weight (not a bias). */
  boolean penalizes(int i) {
    return i < weights;
  }

  /**
   * OWL-QN's orthant projection: every weight of {@code p} whose sign differs from its orthant's
   * (the sign of the start's weight, or for a weight at 0 the sign of −pseudo-gradient) set to 0.
   */
  void projectOntoOrthant(double[] p, double[] start, double[] pseudoGradient) {
    for (int i = 0; i < weights; i++) {
      double orthant = start[i] != 0 ? start[i] : -pseudoGradient[i];
      if (p[i] * orthant <= 0) {
        p[i] = 0;
      }
    }
  }

  /** Σ v_i·(p_i − from_i): the slope along the step from {@code from} to p, of the field v. */
  static double slope(double[] from, double[] v, double[] p) {
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      sum += v[i] * (p[i] - from[i]);
    }
    return sum;
  }

  /** The slope of J at p along the step from {@code from} to p: ◇(p)·(p − from), g the gradient. */
  double pseudoSlope(double[] p, double[] g, double[] from) {
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      sum += pseudoEntry(p, g, i) * (p[i] - from[i]);
    }
    return sum;
  }
}
