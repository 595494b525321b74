package io.vlogit.spark;

import io.vlogit.Dataset;

/**
 * MLlib's binary objective in double, one example at a time: what both trainers minimize, written
 * out from its definition to judge them by.
 *
 * <pre>
 *   J(w, b) = (1/W) Σ s_j·(softplus(z_j) − y_j·z_j) + λ·(α·Σ|w_i·σ_i| + ((1 − α)/2)·Σ(w_i·σ_i)²)
 * </pre>
 *
 * with z = w·x + b, W = Σ s, and σ_i feature i's standard deviation (unbiased, weighted: MLlib's)
 * if the penalty applies to standardized weights, else 1.
 */
final class Reference {
  final Dataset data;
  final double[] s;
  final double[] sigma;
  final double lambda;
  final double alpha;

  Reference(Dataset data, float[] weights, double lambda, double alpha, boolean standardized) {
    this.data = data;
    this.lambda = lambda;
    this.alpha = alpha;
    int m = data.examples();
    int n = data.features();
    s = new double[m];
    double w = 0;
    double w2 = 0;
    for (int j = 0; j < m; j++) {
      s[j] = weights == null ? 1 : weights[j];
      w += s[j];
      w2 += s[j] * s[j];
    }
    sigma = new double[n];
    for (int i = 0; i < n; i++) {
      if (!standardized) {
        sigma[i] = 1;
        continue;
      }
      double mean = 0;
      for (int j = 0; j < m; j++) {
        mean += s[j] * data.value(j, i);
      }
      mean /= w;
      double m2 = 0;
      for (int j = 0; j < m; j++) {
        double d = data.value(j, i) - mean;
        m2 += s[j] * d * d;
      }
      sigma[i] = Math.sqrt(m2 / (w - w2 / w));
    }
  }

  /** J at (w, b). */
  double value(float[] w, double b) {
    int n = data.features();
    double total = 0;
    double loss = 0;
    for (int j = 0; j < data.examples(); j++) {
      double z = b;
      for (int i = 0; i < n; i++) {
        z += w[i] * (double) data.value(j, i);
      }
      double y = data.label(j);
      double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      loss += s[j] * (softplus - y * z);
      total += s[j];
    }
    double l1 = 0;
    double l2 = 0;
    for (int i = 0; i < n; i++) {
      double v = w[i] * sigma[i];
      l1 += Math.abs(v);
      l2 += v * v;
    }
    return loss / total + lambda * (alpha * l1 + (1 - alpha) / 2 * l2);
  }

  /**
   * The multinomial objective at K rows of weights (row-major, K·n) and K biases, the L2 part of
   * the penalty only (α = 0): (1/W) Σ s_j·(logsumexp(z_j) − z_j,y_j) + (λ/2)·Σ_c Σ_i (w_c,i·σ_i)².
   */
  double softmaxValue(double[] w, double[] b) {
    int n = data.features();
    int k = b.length;
    double loss = 0;
    double total = 0;
    double[] z = new double[k];
    for (int j = 0; j < data.examples(); j++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        z[c] = b[c];
        for (int i = 0; i < n; i++) {
          z[c] += w[c * n + i] * data.value(j, i);
        }
        max = Math.max(max, z[c]);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        sum += Math.exp(z[c] - max);
      }
      loss += s[j] * (max + Math.log(sum) - z[(int) data.label(j)]);
      total += s[j];
    }
    double l2 = 0;
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < n; i++) {
        double v = w[c * n + i] * sigma[i];
        l2 += v * v;
      }
    }
    return loss / total + lambda * l2 / 2;
  }
}
