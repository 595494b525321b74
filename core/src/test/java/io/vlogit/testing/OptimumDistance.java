package io.vlogit.testing;

import io.vlogit.Dataset;

/**
 * How far apart two binary models can be when both are near the optimum of the same objective
 *
 * <pre>
 *   J(w, b) = (1/W) Σ s_j·(softplus(z_j) − y_j·z_j) + ½ Σ λ_i·w_i²,   z = w·x + b,   W = Σ s
 * </pre>
 *
 * judged in double from the definition, so two trainers that stop at different points near it can
 * be compared by a bound derived from the arithmetic, not a tolerance picked to pass.
 *
 * <p>The derivation. The Hessian of J is H(θ) = (1/W) Σ s_j·p_j(1 − p_j)·x̃_j·x̃_jᵀ + diag(λ, 0)
 * with x̃ = (x, 1). Along the segment from θ₁ to θ₂ each z_j moves linearly, and p(1 − p) is
 * unimodal in z (largest at z = 0), so on the segment it is at least d_j = min(p_j(1 − p_j) at θ₁,
 * at θ₂). So H ⪰ H_min = (1/W) Σ s_j·d_j·x̃_j·x̃_jᵀ + diag(λ, 0) on the whole segment, and with μ
 * its smallest eigenvalue, (∇J(θ₁) − ∇J(θ₂))·(θ₁ − θ₂) ≥ μ·‖θ₁ − θ₂‖², hence
 *
 * <pre>
 *   ‖θ₁ − θ₂‖ ≤ ‖∇J(θ₁) − ∇J(θ₂)‖/μ ≤ (‖∇J(θ₁)‖ + ‖∇J(θ₂)‖)/μ.
 * </pre>
 *
 * The bias is unpenalized, so μ comes from the data as much as from λ; everything here is in
 * double, whose rounding (about 1e-16 of each sum) is far below the gradients compared.
 */
public final class OptimumDistance {
  private OptimumDistance() {}

  /** ∇J at (w, b) in double: n entries, then the bias's. */
  public static double[] gradient(Dataset d, double[] lambda, float[] w, double b) {
    int n = d.features();
    double[] g = new double[n + 1];
    double total = 0;
    for (int j = 0; j < d.examples(); j++) {
      double s = d.sampleWeight(j);
      double dz = s * (sigmoid(z(d, j, w, b)) - d.label(j));
      for (int i = 0; i < n; i++) {
        g[i] += dz * d.value(j, i);
      }
      g[n] += dz;
      total += s;
    }
    for (int i = 0; i <= n; i++) {
      g[i] = g[i] / total + (i < n ? lambda[i] * w[i] : 0);
    }
    return g;
  }

  /** The bound (‖∇J(θ₁)‖ + ‖∇J(θ₂)‖)/μ on ‖θ₁ − θ₂‖ (see above). */
  public static double bound(
      Dataset d, double[] lambda, float[] w1, double b1, float[] w2, double b2) {
    int n = d.features();
    double[][] h = new double[n + 1][n + 1];
    double total = 0;
    double[] xt = new double[n + 1];
    for (int j = 0; j < d.examples(); j++) {
      double s = d.sampleWeight(j);
      double p1 = sigmoid(z(d, j, w1, b1));
      double p2 = sigmoid(z(d, j, w2, b2));
      double dj = Math.min(p1 * (1 - p1), p2 * (1 - p2));
      for (int i = 0; i < n; i++) {
        xt[i] = d.value(j, i);
      }
      xt[n] = 1;
      for (int a = 0; a <= n; a++) {
        for (int c = 0; c <= n; c++) {
          h[a][c] += s * dj * xt[a] * xt[c];
        }
      }
      total += s;
    }
    for (int a = 0; a <= n; a++) {
      for (int c = 0; c <= n; c++) {
        h[a][c] /= total;
      }
      h[a][a] += a < n ? lambda[a] : 0;
    }
    double mu = smallestEigenvalue(h);
    double g = norm(gradient(d, lambda, w1, b1)) + norm(gradient(d, lambda, w2, b2));
    return g / mu;
  }

  /** ‖θ₁ − θ₂‖, the biases included. */
  public static double distance(float[] w1, double b1, float[] w2, double b2) {
    double sq = (b1 - b2) * (b1 - b2);
    for (int i = 0; i < w1.length; i++) {
      double d = (double) w1[i] - w2[i];
      sq += d * d;
    }
    return Math.sqrt(sq);
  }

  /** λ_i = λ for every feature. */
  public static double[] uniform(int n, double lambda) {
    double[] l = new double[n];
    java.util.Arrays.fill(l, lambda);
    return l;
  }

  public static double norm(double[] v) {
    double sq = 0;
    for (double x : v) {
      sq += x * x;
    }
    return Math.sqrt(sq);
  }

  private static double z(Dataset d, int j, float[] w, double b) {
    double z = b;
    for (int i = 0; i < w.length; i++) {
      z += w[i] * (double) d.value(j, i);
    }
    return z;
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** The smallest eigenvalue of a symmetric matrix (cyclic Jacobi rotations; a is overwritten). */
  static double smallestEigenvalue(double[][] a) {
    int k = a.length;
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0;
      double all = 0;
      for (int p = 0; p < k; p++) {
        for (int q = 0; q < k; q++) {
          all += a[p][q] * a[p][q];
          off += p == q ? 0 : a[p][q] * a[p][q];
        }
      }
      if (off <= 1e-30 * all) {
        break;
      }
      for (int p = 0; p < k - 1; p++) {
        for (int q = p + 1; q < k; q++) {
          if (a[p][q] == 0) {
            continue;
          }
          double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int r = 0; r < k; r++) { // columns p and q
            double arp = a[r][p];
            double arq = a[r][q];
            a[r][p] = c * arp - s * arq;
            a[r][q] = s * arp + c * arq;
          }
          for (int r = 0; r < k; r++) { // rows p and q
            double apr = a[p][r];
            double aqr = a[q][r];
            a[p][r] = c * apr - s * aqr;
            a[q][r] = s * apr + c * aqr;
          }
        }
      }
    }
    double min = Double.POSITIVE_INFINITY;
    for (int p = 0; p < k; p++) {
      min = Math.min(min, a[p][p]);
    }
    return min;
  }
}
