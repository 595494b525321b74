package io.vlogit.bench;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The multinomial epoch of BLAS-based trainers: Z = WᵀX with one sgemm (K × m logits), a scalar
 * loop for the softmax, dz and the cost, then G = X·DZᵀ with a second sgemm. X is vlogit's
 * column-major layout seen as an n × m Fortran matrix, W (K rows of n) as n × K. Needs Z of K·m.
 */
final class BlasSoftmaxEpoch {
  private final BLAS blas;
  private final float[] z;

  BlasSoftmaxEpoch(BLAS blas, int k, int m) {
    this.blas = blas;
    this.z = new float[k * m];
  }

  /** One epoch's gradient (K rows of n, not divided by m) into g; returns the summed cost. */
  double epoch(float[] x, float[] y, int n, int m, int k, float[] w, float[] b, float[] g) {
    blas.sgemm("T", "N", k, m, n, 1f, w, n, x, n, 0f, z, k);
    double cost = 0;
    for (int j = 0; j < m; j++) {
      int o = j * k;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        max = Math.max(max, z[o + c] + b[c]);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        sum += Math.exp(z[o + c] + b[c] - max);
      }
      int label = (int) y[j];
      cost += max + Math.log(sum) - (z[o + label] + b[label]);
      for (int c = 0; c < k; c++) {
        double p = Math.exp(z[o + c] + b[c] - max) / sum;
        z[o + c] = (float) (p - (c == label ? 1 : 0));
      }
    }
    blas.sgemm("N", "T", n, k, m, 1f, x, n, z, k, 0f, g, n);
    return cost;
  }
}
