package io.vlogit;

import java.util.Objects;

/**
 * Per-feature z-scoring: {@code (x − mean) / std}, with the population standard deviation (divide
 * by m, as scikit-learn's StandardScaler does). A constant feature has std 0; it is only centred
 * (scale 1), so it becomes 0 rather than NaN.
 *
 * <p>{@link #fit} makes one pass over the data, summing {@code x − K} and {@code (x − K)²} in double
 * with K the first example's value: the shift keeps the variance formula from cancelling when the
 * mean is large against the spread.
 */
public final class Standardization {
  private final double[] mean;
  private final double[] scale;

  private Standardization(double[] mean, double[] scale) {
    this.mean = mean;
    this.scale = scale;
  }

  /** Means and standard deviations of each feature of {@code data}. */
  public static Standardization fit(Dataset data) {
    Objects.requireNonNull(data, "data");
    int first = data.firstExample();
    return fit(data.xArray(), data.features(), null, first, first + data.examples());
  }

  /** The same over the examples at positions [from, to): the position, or rows[position]. */
  static Standardization fit(float[] x, int n, int[] rows, int from, int to) {
    int m = to - from;
    double[] shift = new double[n];
    double[] s1 = new double[n];
    double[] s2 = new double[n];
    int firstRow = rows == null ? from : rows[from];
    for (int i = 0; i < n; i++) {
      shift[i] = x[firstRow * n + i];
    }
    for (int p = from; p < to; p++) {
      int o = (rows == null ? p : rows[p]) * n;
      for (int i = 0; i < n; i++) {
        double d = x[o + i] - shift[i];
        s1[i] += d;
        s2[i] += d * d;
      }
    }
    double[] mean = new double[n];
    double[] scale = new double[n];
    for (int i = 0; i < n; i++) {
      double meanShifted = s1[i] / m;
      double variance = Math.max(0.0, s2[i] / m - meanShifted * meanShifted);
      mean[i] = shift[i] + meanShifted;
      double std = Math.sqrt(variance);
      scale[i] = std > 0 ? std : 1.0;
    }
    return new Standardization(mean, scale);
  }

  /** Number of features. */
  public int features() {
    return mean.length;
  }

  /** Mean of feature {@code i}. */
  public double mean(int i) {
    return mean[i];
  }

  /** Divisor of feature {@code i}: its standard deviation, or 1 for a constant feature. */
  public double scale(int i) {
    return scale[i];
  }

  /** A new dataset with every feature of {@code data} standardized; labels are shared. */
  public Dataset apply(Dataset data) {
    int n = data.features();
    if (n != mean.length) {
      throw new DimensionMismatchException("standardization", mean.length, n);
    }
    int m = data.examples();
    float[] src = data.xArray();
    int base = data.firstExample() * n;
    float[] out = new float[n * m];
    for (int j = 0; j < m; j++) {
      for (int i = 0; i < n; i++) {
        out[j * n + i] = (float) ((src[base + j * n + i] - mean[i]) / scale[i]);
      }
    }
    float[] y = new float[m];
    System.arraycopy(data.yArray(), data.firstExample(), y, 0, m);
    return Dataset.wrap(out, y, n);
  }
}
