package io.vlogit.internal.train;

import java.util.Arrays;

/**
 * The examples training runs over, as the kernels take them: column-major examples in one or more
 * arrays ({@link ExampleBlocks}: example j's n features contiguous), labels {@code y} and example
 * weights indexed like {@code y} (null for all 1), and the positions [from, to): a position is an
 * example index, or an index into {@code rows} when a row index is given (a held-out split, a
 * shuffled order).
 *
 * <p>Labels are 0 or 1 for the binary model ({@code classes} = 2: one row of weights, σ), or class
 * indices 0..K−1 for the multinomial one ({@code classes} = K ≥ 3: K rows of weights, softmax).
 *
 * <p>The public API validates the arrays before it builds one (finite values, labels in range,
 * weights ≥ 0 with a positive sum); nothing here checks them again.
 */
public final class TrainingSet {
  final ExampleBlocks x;
  final float[] y;
  final float[] weights;
  final int n;
  final int[] rows;
  final int from;
  final int to;
  final int classes;
  private final double weightSum;

  /** Examples read from outside the heap for each pass, or null: then x, y hold them. */
  final BlockStream stream;

  /** Examples summed elsewhere, which give each pass's sums, or null. */
  final RemotePasses remote;

  /**
   * With several blocks: each block's labels and weights (null if there are none), indexed like the
   * block's examples, for the kernels' passes over a block's examples in order.
   */
  private float[][] blockLabels;

  private float[][] blockWeights;

  /** A binary training set of examples in one array; see below. */
  public TrainingSet(float[] x, float[] y, float[] weights, int n, int[] rows, int from, int to) {
    this(ExampleBlocks.of(x, n), y, weights, n, rows, from, to, 2);
  }

  /**
   * @param rows example indices (positions index into it), or null for the examples [from, to)
   * @param classes 2 for the binary model, K ≥ 3 for the multinomial one
   */
  public TrainingSet(
      ExampleBlocks x,
      float[] y,
      float[] weights,
      int n,
      int[] rows,
      int from,
      int to,
      int classes) {
    this(x, y, weights, n, rows, from, to, classes, null, null, Double.NaN);
  }

  /**
   * The examples of a stream, read block by block for each pass (no row index; the caller refuses
   * what needs the examples at hand), their weights summing to {@code weightSum}.
   */
  public TrainingSet(BlockStream stream, int n, int classes, double weightSum) {
    this(null, null, null, n, null, 0, stream.examples(), classes, stream, null, weightSum);
  }

  /**
   * Examples held elsewhere whose passes {@code remote} sums (no examples here: the caller refuses
   * what needs them at hand), counted as {@code size} positions (at most 2³¹ − 1: the count only
   * measures passes), their weights summing to {@code weightSum}.
   */
  public TrainingSet(RemotePasses remote, int n, int classes, int size, double weightSum) {
    this(null, null, null, n, null, 0, size, classes, null, remote, weightSum);
  }

  private TrainingSet(
      ExampleBlocks x,
      float[] y,
      float[] weights,
      int n,
      int[] rows,
      int from,
      int to,
      int classes,
      BlockStream stream,
      RemotePasses remote,
      double givenWeightSum) {
    this.stream = stream;
    this.remote = remote;
    this.classes = classes;
    this.x = x;
    this.y = y;
    this.weights = weights;
    this.n = n;
    this.rows = rows;
    this.from = from;
    this.to = to;
    double sum = 0;
    if (stream != null || remote != null) {
      sum = givenWeightSum;
    } else {
      for (int p = from; p < to; p++) {
        sum += weights == null ? 1 : weights[row(p)];
      }
    }
    this.weightSum = sum;
  }

  /**
   * Makes {@link #blockLabels} and {@link #blockWeights} ready (a copy of the labels and weights, m
   * floats each, made once, for sets in several blocks that are read in order).
   */
  public void sliceBlocks() {
    if (blockLabels != null || x.single()) {
      return;
    }
    int blocks = x.count();
    float[][] labels = new float[blocks][];
    float[][] weighting = new float[blocks][];
    for (int b = 0; b < blocks; b++) {
      labels[b] = Arrays.copyOfRange(y, x.start(b), x.end(b));
      weighting[b] = weights == null ? null : Arrays.copyOfRange(weights, x.start(b), x.end(b));
    }
    blockWeights = weighting;
    blockLabels = labels;
  }

  /** Block b's labels, indexed like its examples (after {@link #sliceBlocks}). */
  float[] blockLabels(int b) {
    return blockLabels[b];
  }

  /** Block b's example weights, indexed like its examples, or null (after {@link #sliceBlocks}). */
  float[] blockWeights(int b) {
    return blockWeights[b];
  }

  /** The example at position p. */
  int row(int p) {
    return rows == null ? p : rows[p];
  }

  /** Number of features, n. */
  public int features() {
    return n;
  }

  /** Number of classes: 2 for the binary model, K ≥ 3 for the multinomial one. */
  public int classes() {
    return classes;
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
