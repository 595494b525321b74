package io.vlogit.internal.train;

/**
 * The examples training runs over, as the kernels take them: column-major {@code x} (example j's n
 * features at {@code x[j*n ..]}), labels {@code y} and example weights indexed like {@code y} (null
 * for all 1), and the positions [from, to): a position is an example index, or an index into {@code
 * rows} when a row index is given (a held-out split, a shuffled order).
 *
 * <p>Labels are 0 or 1 for the binary model ({@code classes} = 2: one row of weights, σ), or class
 * indices 0..K−1 for the multinomial one ({@code classes} = K ≥ 3: K rows of weights, softmax).
 *
 * <p>The public API validates the arrays before it builds one (finite values, labels in range,
 * weights ≥ 0 with a positive sum); nothing here checks them again.
 */
public final class TrainingSet {
  final float[] x;
  final float[] y;
  final float[] weights;
  final int n;
  final int[] rows;
  final int from;
  final int to;
  final int classes;
  private final double weightSum;

  /** A binary training set; see below. */
  public TrainingSet(float[] x, float[] y, float[] weights, int n, int[] rows, int from, int to) {
    this(x, y, weights, n, rows, from, to, 2);
  }

  /**
   * @param rows example indices (positions index into it), or null for the examples [from, to)
   * @param classes 2 for the binary model, K ≥ 3 for the multinomial one
   */
  public TrainingSet(
      float[] x, float[] y, float[] weights, int n, int[] rows, int from, int to, int classes) {
    this.classes = classes;
    this.x = x;
    this.y = y;
    this.weights = weights;
    this.n = n;
    this.rows = rows;
    this.from = from;
    this.to = to;
    double sum = 0;
    for (int p = from; p < to; p++) {
      sum += weights == null ? 1 : weights[row(p)];
    }
    this.weightSum = sum;
  }

  /** The example at position p. */
  int row(int p) {
    return rows == null ? p : rows[p];
  }

  /** Number of training examples (positions). */
  public int size() {
    return to - from;
  }

  /** Σ of the example weights over the positions; the objective divides by it. */
  public double weightSum() {
    return weightSum;
  }

  /** Rows of weights (and biases) a model of this set has: 1 for the binary model, else K. */
  int outputs() {
    return outputs(classes);
  }

  /** Rows of weights (and biases) of a model of {@code classes} classes: 1 for 2, else K. */
  public static int outputs(int classes) {
    return classes == 2 ? 1 : classes;
  }

  /** Number of positions per label: {@code [c]} counts the positions of class c. */
  public long[] classCounts() {
    long[] counts = new long[classes];
    for (int p = from; p < to; p++) {
      counts[(int) y[row(p)]]++;
    }
    return counts;
  }

  /**
   * The same examples with a row index of their own, positions 0..size(), in their current order:
   * what mini-batches shuffle in place.
   */
  TrainingSet withOwnRows() {
    int[] own = new int[size()];
    for (int k = 0; k < own.length; k++) {
      own[k] = row(from + k);
    }
    return new TrainingSet(x, y, weights, n, own, 0, own.length, classes);
  }
}
