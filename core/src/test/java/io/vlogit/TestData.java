package io.vlogit;

import java.util.Random;

/**
 * Random data for tests: x ~ N(0, scale²), labels drawn from a random true model (not separable).
 */
public final class TestData {
  private TestData() {}

  /** A dataset's features in one array, example j's at {@code [j·n ..]}. */
  public static float[] features(Dataset d) {
    int n = d.features();
    float[] x = new float[n * d.examples()];
    for (int j = 0; j < d.examples(); j++) {
      d.copyExample(j, x, j * n);
    }
    return x;
  }

  /** A dataset's labels in one array. */
  public static float[] labels(Dataset d) {
    float[] y = new float[d.examples()];
    for (int j = 0; j < y.length; j++) {
      y[j] = d.label(j);
    }
    return y;
  }

  public static Dataset gaussian(long seed, int n, int m, double scale) {
    Random r = new Random(seed);
    float[] x = new float[n * m];
    float[] y = new float[m];
    double[] truth = new double[n];
    for (int i = 0; i < n; i++) {
      truth[i] = r.nextGaussian() / Math.sqrt(n);
    }
    for (int j = 0; j < m; j++) {
      double z = 0;
      for (int i = 0; i < n; i++) {
        float v = (float) (r.nextGaussian() * scale);
        x[j * n + i] = v;
        z += truth[i] * v / scale;
      }
      y[j] = r.nextDouble() < 1 / (1 + Math.exp(-2 * z)) ? 1f : 0f;
    }
    return Dataset.wrap(x, y, n);
  }

  /**
   * K classes of n features: class c's examples are N(μ_c, scale²) around a random centre μ_c of
   * norm about 1.5·scale (overlapping classes, so the L2 optimum is finite even without L2); labels
   * uniform over the classes.
   */
  public static Dataset classes(long seed, int n, int m, int classes, double scale) {
    Random r = new Random(seed);
    double[][] centre = new double[classes][n];
    for (int c = 0; c < classes; c++) {
      for (int i = 0; i < n; i++) {
        centre[c][i] = 1.5 * scale * r.nextGaussian() / Math.sqrt(n);
      }
    }
    float[] x = new float[n * m];
    float[] y = new float[m];
    for (int j = 0; j < m; j++) {
      int c = r.nextInt(classes);
      y[j] = c;
      for (int i = 0; i < n; i++) {
        x[j * n + i] = (float) (centre[c][i] + scale * r.nextGaussian());
      }
    }
    return Dataset.wrap(x, y, n, classes);
  }
}
