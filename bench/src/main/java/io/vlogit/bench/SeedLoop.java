package io.vlogit.bench;

/**
 * The textbook pseudo-code (README, "The math") as a programmer would first write it in Java, with
 * its four errata fixed: one example at a time, float arithmetic, the sigmoid through Math.exp and
 * the cost through Math.log, dw and db accumulated per example and divided by m at the end.
 */
final class SeedLoop {
  private SeedLoop() {}

  /** One epoch's gradient into dw (length n); returns the cost. db is written to db[0]. */
  static float epoch(
      float[] x, float[] y, int n, int m, float[] w, float b, float[] dw, float[] db) {
    java.util.Arrays.fill(dw, 0f);
    float dbSum = 0;
    float cost = 0;
    for (int j = 0; j < m; j++) {
      float z = b;
      for (int i = 0; i < n; i++) {
        z += w[i] * x[j * n + i];
      }
      float a = (float) (1 / (1 + Math.exp(-z)));
      cost += (float) -(y[j] * Math.log(a) + (1 - y[j]) * Math.log(1 - a));
      float dz = a - y[j];
      for (int i = 0; i < n; i++) {
        dw[i] += x[j * n + i] * dz;
      }
      dbSum += dz;
    }
    for (int i = 0; i < n; i++) {
      dw[i] /= m;
    }
    db[0] = dbSum / m;
    return cost / m;
  }
}
