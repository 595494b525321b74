package io.vlogit.internal.train;

/**
 * L-BFGS (Nocedal 1980; Liu and Nocedal 1989) on the full batch: the two-loop recursion turns the
 * last {@code memory} steps s_k = θ_{k+1} − θ_k and gradient changes y_k into a direction d ≈
 * −H⁻¹g, then a backtracking line search along d picks the step. Every trial point is one fused
 * pass, which gives the cost and the gradient together; most iterations need one.
 *
 * <p>With an L1 term it is OWL-QN (Andrew and Gao, 2007): the direction is built from the
 * pseudo-gradient ◇ (the steepest one-sided descent, {@link L1Penalty#pseudoGradient}) instead of
 * g, and the weights where it points against −◇ are left out of it; every trial point is projected
 * onto the orthant the step starts in (a weight that would cross 0 stops at exactly 0), and the
 * sufficient decrease is measured by ◇·(θ' − θ). The pairs (s, y) still come from the smooth part's
 * gradient, whose curvature is all there is to learn: the L1 term is linear in an orthant.
 */
final class Lbfgs extends Optimizer {
  /** Halvings of the step before the line search gives up. */
  private static final int MAX_TRIALS = 40;

  private final Objective objective;
  private final L1Penalty l1;
  private final double[] theta;
  private final int memory;
  private final double[][] steps;
  private final double[][] changes;
  private final double[] rho;
  private final double[] alpha;
  private final double[] direction;
  private final double[] grad;
  private final double[] previousGrad;

  /** What the direction descends: the gradient, or with L1 its pseudo-gradient (OWL-QN). */
  private final double[] steering;

  private final double[] start;
  private int stored;
  private int next;
  private double lastStep;

  Lbfgs(Objective objective, double[] theta, int memory) {
    this.objective = objective;
    this.l1 = objective.l1();
    this.theta = theta;
    this.memory = memory;
    int length = theta.length;
    this.steps = new double[memory][length];
    this.changes = new double[memory][length];
    this.rho = new double[memory];
    this.alpha = new double[memory];
    this.direction = new double[length];
    this.grad = new double[length];
    this.previousGrad = new double[length];
    this.steering = l1.active() ? new double[length] : previousGrad;
    this.start = new double[length];
  }

  @Override
  void measure(int k) {
    if (k == 0) {
      cost = objective.evaluate(theta, grad);
    } // later iterations: the line search left the cost and the gradient at the accepted point
    gradientNorm = objective.optimality(theta, grad);
  }

  @Override
  double rate(int k) {
    return lastStep;
  }

  @Override
  boolean measuresCurrentPoint() {
    return true;
  }

  /**
   * One iteration from θ: the direction, then backtracking from step 1 (1/‖g‖ when there is no
   * curvature yet) that halves the step until the Armijo condition J(θ + t·d) ≤ J(θ) + 10⁻⁴·t·g·d
   * holds with a strict decrease, or Hager and Zhang's approximate Wolfe conditions do (below). The
   * accepted point becomes θ and its (s, y) pair is stored when s·y > 0, so that the implied
   * Hessian stays positive definite. Returns false, with θ, the cost and the gradient those of the
   * old point, when 40 halvings, or halving down to steps that no longer change the float
   * parameters, found no acceptable point. With L1, the same with ◇ for g (see above).
   */
  @Override
  boolean advance(int k) {
    int length = theta.length;
    double[] d = direction;
    System.arraycopy(grad, 0, previousGrad, 0, length);
    if (l1.active()) {
      l1.pseudoGradient(theta, previousGrad, steering);
    }
    double first = direction(d);
    if (l1.active()) {
      for (int i = 0; i < length; i++) {
        if (l1.penalizes(i) && d[i] * steering[i] >= 0) {
          d[i] = 0; // against the steepest descent's sign: OWL-QN leaves the weight where it is
        }
      }
    }
    double slope = dot(steering, d);
    if (!(slope < 0)) {
      // Not a descent direction (stale curvature): forget it and go down the gradient.
      stored = 0;
      for (int i = 0; i < length; i++) {
        d[i] = -steering[i];
      }
      slope = dot(steering, d);
      first = 1 / Math.max(Math.sqrt(-slope), Double.MIN_NORMAL);
    }
    System.arraycopy(theta, 0, start, 0, length);
    double t = first;
    for (int trial = 0; trial < MAX_TRIALS; trial++, t *= 0.5) {
      for (int i = 0; i < length; i++) {
        theta[i] = start[i] + t * d[i];
      }
      if (l1.active()) {
        l1.projectOntoOrthant(theta, start, steering);
      }
      if (!withinFloat(theta)) {
        continue; // a parameter beyond float's range: shorter
      }
      if (sameFloats(theta, start)) {
        break; // shorter steps would not change the float parameters the passes read
      }
      double trialCost = objective.evaluate(theta, grad);
      // Armijo, and strictly lower: near the optimum cost + 10⁻⁴·t·slope rounds to cost. Or, where
      // the cost differences drown in the float passes' rounding, Hager and Zhang's approximate
      // Wolfe conditions, which judge the step by the slope along d at the trial point (exact to
      // the gradient's accuracy) instead: (2δ − 1)·φ'(0) ≥ φ'(t) ≥ σ·φ'(0) and φ(t) ≤ φ(0) +
      // ε·|φ(0)| (CG_DESCENT, 2005).
      // With L1 the step taken is θ' − θ (the projection may have shortened it), and the slopes
      // along it are ◇'s, before and at θ'.
      double trialSlope;
      double stepSlope;
      if (l1.active()) {
        stepSlope = L1Penalty.slope(start, steering, theta) / t;
        trialSlope = l1.pseudoSlope(theta, grad, start) / t;
      } else {
        stepSlope = slope;
        trialSlope = dot(grad, d);
      }
      boolean armijo = trialCost < cost && trialCost <= cost + 1e-4 * t * stepSlope;
      boolean approximateWolfe =
          trialCost <= cost + 1e-6 * Math.abs(cost)
              && trialSlope <= (2e-4 - 1) * stepSlope
              && trialSlope >= 0.9 * stepSlope;
      if (armijo || approximateWolfe) {
        remember();
        lastStep = t;
        cost = trialCost;
        return true;
      }
    }
    System.arraycopy(start, 0, theta, 0, length);
    System.arraycopy(previousGrad, 0, grad, 0, length);
    return false;
  }

  /**
   * d = −H·g (g: {@link #steering}) by the two-loop recursion over the stored pairs, newest first,
   * then oldest first, with H0 = (s·y / y·y)·I from the newest pair. Returns the first step to try.
   */
  private double direction(double[] d) {
    int length = d.length;
    for (int i = 0; i < length; i++) {
      d[i] = -steering[i];
    }
    for (int k = 0; k < stored; k++) {
      int at = Math.floorMod(next - 1 - k, memory);
      double a = rho[at] * dot(steps[at], d);
      alpha[at] = a;
      axpy(-a, changes[at], d);
    }
    double first = 1;
    if (stored > 0) {
      int newest = Math.floorMod(next - 1, memory);
      double[] y = changes[newest];
      double h0 = dot(steps[newest], y) / dot(y, y);
      for (int i = 0; i < length; i++) {
        d[i] *= h0;
      }
    } else {
      first = 1 / Math.max(Math.sqrt(dot(steering, steering)), Double.MIN_NORMAL);
    }
    for (int k = stored - 1; k >= 0; k--) {
      int at = Math.floorMod(next - 1 - k, memory);
      double b = rho[at] * dot(changes[at], d);
      axpy(alpha[at] - b, steps[at], d);
    }
    return first;
  }

  /** Stores the pair of the step just accepted, if its curvature s·y is positive. */
  private void remember() {
    double[] s = steps[next];
    double[] y = changes[next];
    for (int i = 0; i < s.length; i++) {
      s[i] = theta[i] - start[i];
      y[i] = grad[i] - previousGrad[i];
    }
    double sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      rho[next] = 1 / sy;
      next = (next + 1) % memory;
      stored = Math.min(stored + 1, memory);
    }
  }

  private static boolean sameFloats(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      if ((float) a[i] != (float) b[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean withinFloat(double[] a) {
    for (double v : a) {
      if (!(Math.abs(v) <= Float.MAX_VALUE)) {
        return false;
      }
    }
    return true;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] += a * x[i];
    }
  }
}
