package io.vlogit;

/**
 * An independent float64 solver for L2-regularized logistic regression, for the tests: Newton's
 * method with a backtracking line search on J(w, b) = (1/Σs) Σ s_j·loss_j + (λ/2)‖w‖², the bias
 * unpenalized, solved by Cholesky. Converges quadratically; stops when ‖∇J‖ < 1e-13. Without an
 * intercept b stays 0: its row and column of the Newton system are those of the identity and its
 * gradient entry 0, so each step leaves it where it is.
 */
final class NewtonSolver {
  final double[] w;
  double b;
  final double cost;

  private NewtonSolver(double[] w, double b, double cost) {
    this.w = w;
    this.b = b;
    this.cost = cost;
  }

  static NewtonSolver solve(Dataset d, double lambda) {
    return solve(d, lambda, true);
  }

  static NewtonSolver solve(Dataset d, double lambda, boolean intercept) {
    int n = d.features();
    int p = n + 1;
    double[] theta = new double[p];
    for (int iter = 0; iter < 100; iter++) {
      double[] g = new double[p];
      double[][] h = new double[p][p];
      evaluate(d, theta, lambda, g, h);
      if (!intercept) {
        g[n] = 0;
        for (int k = 0; k < p; k++) {
          h[n][k] = 0;
          h[k][n] = 0;
        }
        h[n][n] = 1;
      }
      if (norm(g) < 1e-13) {
        break;
      }
      double[] step = cholesky(h, g);
      double t = 1;
      double before = cost(d, theta, lambda);
      while (t > 1e-10) {
        double[] trial = theta.clone();
        for (int i = 0; i < p; i++) {
          trial[i] -= t * step[i];
        }
        if (cost(d, trial, lambda) <= before) {
          theta = trial;
          break;
        }
        t /= 2;
      }
    }
    double[] w = java.util.Arrays.copyOf(theta, n);
    return new NewtonSolver(w, theta[n], cost(d, theta, lambda));
  }

  /**
   * J in double at θ = (w, b); its gradient into g and its Hessian into h (both zeroed first), each
   * when not null.
   */
  static double evaluate(Dataset d, double[] theta, double lambda, double[] g, double[][] h) {
    int n = d.features();
    int p = n + 1;
    if (g != null) {
      java.util.Arrays.fill(g, 0);
    }
    if (h != null) {
      for (double[] row : h) {
        java.util.Arrays.fill(row, 0);
      }
    }
    double sw = 0;
    for (int j = 0; j < d.examples(); j++) {
      double s = d.sampleWeight(j);
      double[] xt = row(d, j);
      double z = dot(theta, xt);
      double a = 1 / (1 + Math.exp(-z));
      double dz = a - d.label(j);
      double curvature = a * (1 - a);
      sw += s;
      for (int i = 0; i < p; i++) {
        if (g != null) {
          g[i] += s * dz * xt[i];
        }
        if (h != null) {
          for (int k = 0; k < p; k++) {
            h[i][k] += s * curvature * xt[i] * xt[k];
          }
        }
      }
    }
    for (int i = 0; i < p; i++) {
      if (g != null) {
        g[i] = g[i] / sw + (i < n ? lambda * theta[i] : 0);
      }
      if (h != null) {
        for (int k = 0; k < p; k++) {
          h[i][k] = h[i][k] / sw + (i == k && i < n ? lambda : 0);
        }
      }
    }
    return cost(d, theta, lambda);
  }

  static double norm(double[] g) {
    double sq = 0;
    for (double v : g) {
      sq += v * v;
    }
    return Math.sqrt(sq);
  }

  /** J in double at (w, b) given as θ = (w, b). */
  static double cost(Dataset d, double[] theta, double lambda) {
    int n = d.features();
    double loss = 0;
    double sw = 0;
    for (int j = 0; j < d.examples(); j++) {
      double s = d.sampleWeight(j);
      double z = dot(theta, row(d, j));
      double y = d.label(j);
      loss += s * (y * Float64Reference.softplus(-z) + (1 - y) * Float64Reference.softplus(z));
      sw += s;
    }
    double sq = 0;
    for (int i = 0; i < n; i++) {
      sq += theta[i] * theta[i];
    }
    return loss / sw + 0.5 * lambda * sq;
  }

  /** J of a model in double (its float weights and bias as they are). */
  static double cost(LogisticModel model, Dataset d, double lambda) {
    double[] theta = new double[d.features() + 1];
    for (int i = 0; i < d.features(); i++) {
      theta[i] = model.weight(i);
    }
    theta[d.features()] = model.bias();
    return cost(d, theta, lambda);
  }

  /** The largest distance of a model's parameters from {@code exact}'s, relative to the largest. */
  static double relativeError(LogisticModel model, NewtonSolver exact) {
    double diff = Math.abs(model.bias() - exact.b);
    double size = Math.abs(exact.b);
    for (int i = 0; i < exact.w.length; i++) {
      diff = Math.max(diff, Math.abs(model.weight(i) - exact.w[i]));
      size = Math.max(size, Math.abs(exact.w[i]));
    }
    return diff / size;
  }

  private static double[] row(Dataset d, int j) {
    int n = d.features();
    double[] xt = new double[n + 1];
    for (int i = 0; i < n; i++) {
      xt[i] = d.value(j, i);
    }
    xt[n] = 1;
    return xt;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Solves H·x = g for symmetric positive definite H. */
  static double[] cholesky(double[][] h, double[] g) {
    int p = g.length;
    double[][] l = new double[p][p];
    for (int i = 0; i < p; i++) {
      for (int k = 0; k <= i; k++) {
        double sum = h[i][k];
        for (int q = 0; q < k; q++) {
          sum -= l[i][q] * l[k][q];
        }
        l[i][k] = i == k ? Math.sqrt(sum) : sum / l[k][k];
      }
    }
    double[] z = new double[p];
    for (int i = 0; i < p; i++) {
      double sum = g[i];
      for (int q = 0; q < i; q++) {
        sum -= l[i][q] * z[q];
      }
      z[i] = sum / l[i][i];
    }
    double[] x = new double[p];
    for (int i = p - 1; i >= 0; i--) {
      double sum = z[i];
      for (int q = i + 1; q < p; q++) {
        sum -= l[q][i] * x[q];
      }
      x[i] = sum / l[i][i];
    }
    return x;
  }
}
