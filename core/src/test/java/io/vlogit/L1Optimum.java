package io.vlogit;

/**
 * The optimum of the L1 / elastic-net objective in float64, independent of vlogit's engine, for the
 * tests: J(θ) = f(θ) + λ₁·‖w‖₁, f the loss and the L2 term ({@link NewtonSolver} for the binary
 * model, {@link SoftmaxNewton} for the multinomial one, both forming the Hessian: small problems
 * only).
 *
 * <p>The method is proximal Newton (as LIBLINEAR's newGLMNET and glmnet do): at θ, the quadratic
 * model of f plus the L1 term is minimized by coordinate descent, each coordinate's minimum in
 * closed form (soft-thresholding); a backtracking line search along the result gives the step. It
 * converges quadratically once the zero set is found and finds it exactly, since each coordinate
 * step sets a weight to exactly 0 when that is the minimum. The result is then certified by the
 * optimality conditions in float64 ({@link #kktViolation}).
 */
final class L1Optimum {
  /** f's value at θ, its gradient into g and its Hessian into h. */
  interface Smooth {
    double evaluate(double[] theta, double[] g, double[][] h);
  }

  final double[] theta;
  final double cost;
  private final Smooth f;
  private final double[] gradient;
  private final int weights;
  private final double l1;

  private L1Optimum(
      Smooth f, double[] theta, double cost, double[] gradient, int weights, double l1) {
    this.f = f;
    this.theta = theta;
    this.cost = cost;
    this.gradient = gradient;
    this.weights = weights;
    this.l1 = l1;
  }

  static L1Optimum binary(Dataset d, double l1, double l2) {
    int n = d.features();
    return solve((t, g, h) -> NewtonSolver.evaluate(d, t, l2, g, h), n + 1, n, l1);
  }

  static L1Optimum multinomial(Dataset d, double l1, double l2) {
    int n = d.features();
    int k = d.classes();
    return solve((t, g, h) -> SoftmaxNewton.evaluate(d, t, l2, null, g, h), k * (n + 1), k * n, l1);
  }

  /** θ's entries [0, weights) are penalized; the rest (biases) are not. */
  static L1Optimum solve(Smooth f, int p, int weights, double l1) {
    double[] theta = new double[p];
    double[] g = new double[p];
    double[][] h = new double[p][p];
    double[] d = new double[p];
    double[] hd = new double[p];
    double[] trial = new double[p];
    double[] scratch = new double[p];
    for (int newton = 0; newton < 200; newton++) {
      double cost = f.evaluate(theta, g, h) + l1 * l1Norm(theta, weights);
      if (violation(theta, g, weights, l1) < 1e-14) {
        break;
      }
      java.util.Arrays.fill(d, 0);
      java.util.Arrays.fill(hd, 0);
      for (int sweep = 0; sweep < 10_000; sweep++) {
        double largest = 0;
        for (int i = 0; i < p; i++) {
          double a = h[i][i] + 1e-12; // the multinomial Hessian is singular along the biases
          double b = g[i] + hd[i];
          double delta;
          if (i < weights) {
            double z = theta[i] + d[i];
            double u = z - b / a;
            double t = l1 / a;
            delta = (u > t ? u - t : u < -t ? u + t : 0) - z;
          } else {
            delta = -b / a;
          }
          if (delta != 0) {
            d[i] += delta;
            for (int k = 0; k < p; k++) {
              hd[k] += h[k][i] * delta;
            }
            largest = Math.max(largest, Math.abs(delta));
          }
        }
        if (largest < 1e-16) {
          break;
        }
      }
      // Armijo on J along d: the model's decrease is g·d + λ₁(‖w + d‖₁ − ‖w‖₁) < 0.
      for (int i = 0; i < p; i++) {
        trial[i] = theta[i] + d[i];
      }
      double decrease =
          NewtonSolver.dot(g, d) + l1 * (l1Norm(trial, weights) - l1Norm(theta, weights));
      double t = 1;
      boolean moved = false;
      for (int halving = 0; halving < 60; halving++, t /= 2) {
        for (int i = 0; i < p; i++) {
          trial[i] = theta[i] + t * d[i];
        }
        double trialCost = f.evaluate(trial, scratch, null) + l1 * l1Norm(trial, weights);
        if (trialCost <= cost + 1e-4 * t * decrease) {
          System.arraycopy(trial, 0, theta, 0, p);
          moved = true;
          break;
        }
      }
      if (!moved) {
        break;
      }
    }
    double cost = f.evaluate(theta, g, h) + l1 * l1Norm(theta, weights);
    return new L1Optimum(f, theta, cost, g.clone(), weights, l1);
  }

  /** J at another θ (a model vlogit trained), in float64. */
  double costAt(double[] other) {
    return f.evaluate(other, new double[other.length], null) + l1 * l1Norm(other, weights);
  }

  /** {@link #kktViolation} at another θ. */
  double kktViolationAt(double[] other) {
    double[] g = new double[other.length];
    f.evaluate(other, g, null);
    return violation(other, g, weights, l1);
  }

  /**
   * The largest violation of the optimality conditions at the optimum: |g_i + λ₁·sign(w_i)| where
   * w_i ≠ 0, max(0, |g_i| − λ₁) where w_i = 0, |g_i| for a bias (g: ∇f).
   */
  double kktViolation() {
    return violation(theta, gradient, weights, l1);
  }

  /**
   * min over the zero weights of λ₁ − |g_i|: how clearly each zero is one (> 0 for all of them).
   */
  double zeroMargin() {
    double margin = Double.POSITIVE_INFINITY;
    for (int i = 0; i < weights; i++) {
      if (theta[i] == 0) {
        margin = Math.min(margin, l1 - Math.abs(gradient[i]));
      }
    }
    return margin;
  }

  /** The smallest |w_i| among the weights that are not 0. */
  double smallestNonZero() {
    double least = Double.POSITIVE_INFINITY;
    for (int i = 0; i < weights; i++) {
      if (theta[i] != 0) {
        least = Math.min(least, Math.abs(theta[i]));
      }
    }
    return least;
  }

  boolean isZero(int i) {
    return theta[i] == 0;
  }

  int nonZeroWeights() {
    int count = 0;
    for (int i = 0; i < weights; i++) {
      count += theta[i] != 0 ? 1 : 0;
    }
    return count;
  }

  private static double violation(double[] theta, double[] g, int weights, double l1) {
    double worst = 0;
    for (int i = 0; i < theta.length; i++) {
      double v;
      if (i >= weights) {
        v = Math.abs(g[i]);
      } else if (theta[i] != 0) {
        v = Math.abs(g[i] + l1 * Math.signum(theta[i]));
      } else {
        v = Math.max(0, Math.abs(g[i]) - l1);
      }
      worst = Math.max(worst, v);
    }
    return worst;
  }

  private static double l1Norm(double[] theta, int weights) {
    double sum = 0;
    for (int i = 0; i < weights; i++) {
      sum += Math.abs(theta[i]);
    }
    return sum;
  }
}
