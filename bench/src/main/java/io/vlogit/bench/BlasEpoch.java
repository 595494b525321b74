package io.vlogit.bench;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The two-pass epoch of BLAS-based trainers (Spark MLlib's style): z = Xᵀw with sgemv, a scalar
 * loop for σ, dz and the cost, then dw = X·dz with a second sgemv. X is vlogit's column-major
 * layout seen as an n × m Fortran matrix (lda = n). Needs z and dz of size m: that is the method.
 */
final class BlasEpoch {
  private final BLAS blas;
  private final float[] z;
  private final float[] dz;

  BlasEpoch(BLAS blas, int m) {
    this.blas = blas;
    this.z = new float[m];
    this.dz = new float[m];
  }

  /** One epoch's gradient (not divided by m) into dw; returns the summed cost. */
  double epoch(float[] x, float[] y, int n, int m, float[] w, float b, float[] dw) {
    blas.sgemv("T", n, m, 1f, x, n, w, 1, 0f, z, 1);
    double cost = 0;
    for (int j = 0; j < m; j++) {
      double zj = z[j] + b;
      double e = Math.exp(-Math.abs(zj));
      double a = zj >= 0 ? 1 / (1 + e) : e / (1 + e);
      cost += Math.max(y[j] == 1f ? -zj : zj, 0) + Math.log1p(e);
      dz[j] = (float) (a - y[j]);
    }
    blas.sgemv("N", n, m, 1f, x, n, dz, 1, 0f, dw, 1);
    return cost;
  }

  String implementation() {
    return blas.getClass().getSimpleName();
  }
}
