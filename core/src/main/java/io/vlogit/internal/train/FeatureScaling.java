package io.vlogit.internal.train;

/**
 * Per-feature z-scoring, {@code (x − mean) / scale}, and the fold between the parameters of
 * standardized features and those of raw features. The scale is the population standard deviation
 * (divide by m, as scikit-learn's StandardScaler does), or 1 for a constant feature, which centring
 * then makes 0 rather than NaN. For a model without an intercept the features are only scaled (the
 * mean taken as 0), as Spark MLlib does: the bias that would absorb the means is 0.
 *
 * <p>Training with standardization runs on a standardized float copy of the training examples and
 * keeps its parameters (v, c) in that space; the model it returns scores raw features: {@code w =
 * v/scale}, {@code b = c − Σ w·mean} (and back, for a warm start), in double. Folding the
 * statistics into the float weights of the kernel's pass instead, which would save the copy,
 * cancels on features whose mean is far from 0 against their spread: the logit then errs by about
 * 2^−24·|mean/scale|·|v|, and training stalls far from the optimum on exactly the data that
 * standardization is for.
 */
public final class FeatureScaling {
  private final double[] mean;
  private final double[] scale;

  private FeatureScaling(double[] mean, double[] scale) {
    this.mean = mean;
    this.scale = scale;
  }

  /** No scaling: parameters are those of raw features. */
  static FeatureScaling none() {
    return new FeatureScaling(null, null);
  }

  /**
   * The statistics of the examples at positions [from, to) (the position, or rows[position]), in
   * one pass ({@link Statistics}).
   */
  public static FeatureScaling fit(ExampleBlocks x, int[] rows, int from, int to) {
    return fit(x, rows, from, to, true);
  }

  /** The same, centred or (for a model without an intercept) only scaled. */
  static FeatureScaling fit(ExampleBlocks x, int[] rows, int from, int to, boolean centre) {
    Statistics statistics = new Statistics(x.features());
    for (int p = from; p < to; p++) {
      int j = rows == null ? p : rows[p];
      statistics.add(x.array(x.blockOf(j)), x.offset(j));
    }
    return statistics.scaling(centre);
  }

  /**
   * The sums of one pass over examples, added one by one (from memory or from a stream's blocks):
   * sums of {@code x − K} and {@code (x − K)²} in double with K the first example's value, a shift
   * that keeps the variance from cancelling when the mean is large against the spread.
   */
  public static final class Statistics {
    private final double[] shift;
    private final double[] s1;
    private final double[] s2;
    private long count;

    public Statistics(int n) {
      shift = new double[n];
      s1 = new double[n];
      s2 = new double[n];
    }

    /** Adds the example whose n features start at {@code a[offset]}. */
    public void add(float[] a, int offset) {
      int n = shift.length;
      if (count++ == 0) {
        for (int i = 0; i < n; i++) {
          shift[i] = a[offset + i];
        }
      }
      for (int i = 0; i < n; i++) {
        double d = a[offset + i] - shift[i];
        s1[i] += d;
        s2[i] += d * d;
      }
    }

    /**
     * The scaling of the examples added (at least one): centred, or only scaled (the mean taken as
     * 0; the scale is still the standard deviation about the mean, as Spark MLlib's).
     */
    public FeatureScaling scaling(boolean centre) {
      int n = shift.length;
      double[] mean = new double[n];
      double[] scale = new double[n];
      for (int i = 0; i < n; i++) {
        double meanShifted = s1[i] / count;
        double variance = Math.max(0.0, s2[i] / count - meanShifted * meanShifted);
        mean[i] = centre ? shift[i] + meanShifted : 0;
        double std = Math.sqrt(variance);
        scale[i] = std > 0 ? std : 1.0;
      }
      return new FeatureScaling(mean, scale);
    }
  }

  static FeatureScaling fit(TrainingSet set, boolean centre) {
    return fit(set.x, set.rows, set.from, set.to, centre);
  }

  /** Mean of feature i. */
  public double mean(int i) {
    return mean[i];
  }

  /** Divisor of feature i: its standard deviation, or 1 for a constant feature. */
  public double scale(int i) {
    return scale[i];
  }

  /** Number of features. */
  public int features() {
    return mean.length;
  }

  /**
   * The examples at positions [from, to), standardized, in position order: in one array if {@code
   * x} is, else in blocks of as many examples as x's first.
   */
  public ExampleBlocks standardize(ExampleBlocks x, int[] rows, int from, int to) {
    int n = mean.length;
    int count = to - from;
    int perBlock = x.single() ? Math.max(1, count) : x.end(0);
    float[][] out = new float[(count + perBlock - 1) / perBlock][];
    for (int b = 0; b < out.length; b++) {
      int start = from + b * perBlock;
      int end = Math.min(to, start + perBlock);
      float[] block = new float[(end - start) * n];
      for (int p = start; p < end; p++) {
        int j = rows == null ? p : rows[p];
        float[] a = x.array(x.blockOf(j));
        int src = x.offset(j);
        int dst = (p - start) * n;
        for (int i = 0; i < n; i++) {
          block[dst + i] = standardized(a[src + i], i);
        }
      }
      out[b] = block;
    }
    return ExampleBlocks.of(out, n);
  }

  /** The first {@code count} examples of {@code x} standardized in place. */
  public void standardizeInPlace(float[] x, int count) {
    int n = mean.length;
    for (int j = 0; j < count; j++) {
      for (int i = 0; i < n; i++) {
        x[j * n + i] = standardized(x[j * n + i], i);
      }
    }
  }

  private float standardized(float value, int i) {
    return (float) ((value - mean[i]) / scale[i]);
  }

  /** A training set of the standardized examples, in order, with labels and weights gathered. */
  TrainingSet standardize(TrainingSet set) {
    float[] y = new float[set.size()];
    float[] weights = set.weights == null ? null : new float[set.size()];
    for (int p = set.from; p < set.to; p++) {
      int j = set.row(p);
      y[p - set.from] = set.y[j];
      if (weights != null) {
        weights[p - set.from] = set.weights[j];
      }
    }
    ExampleBlocks x = standardize(set.x, set.rows, set.from, set.to);
    return new TrainingSet(x, y, weights, set.n, null, 0, set.size(), set.classes);
  }

  /**
   * Parameters θ of the training space (K rows of n weights, then the K biases; K = 1 for the
   * binary model) as a model of raw features: the weights rounded to float into {@code w} (K·n),
   * the biases, in double, into {@code biases} (K).
   */
  void toRaw(double[] theta, float[] w, double[] biases) {
    int rows = biases.length;
    int n = w.length / rows;
    for (int r = 0; r < rows; r++) {
      double bias = theta[rows * n + r];
      for (int i = 0; i < n; i++) {
        double wi = mean == null ? theta[r * n + i] : theta[r * n + i] / scale[i];
        w[r * n + i] = (float) wi;
        bias -= mean == null ? 0 : wi * mean[i];
      }
      biases[r] = bias;
    }
  }

  /** A model of raw features into parameters θ of the training space (see {@link #toRaw}). */
  void fromRaw(float[] w, float[] b, double[] theta) {
    int rows = b.length;
    int n = w.length / rows;
    for (int r = 0; r < rows; r++) {
      double bias = b[r];
      for (int i = 0; i < n; i++) {
        float wi = w[r * n + i];
        theta[r * n + i] = mean == null ? wi : wi * scale[i];
        bias += mean == null ? 0 : wi * mean[i];
      }
      theta[rows * n + r] = bias;
    }
  }
}
