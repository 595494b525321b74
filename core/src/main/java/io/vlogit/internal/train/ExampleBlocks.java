package io.vlogit.internal.train;

import java.util.Arrays;

/**
 * Column-major examples held in one or more arrays of whole examples, the blocks: block b holds
 * examples [start(b), end(b)), example j's n features at {@code array(b)[(j − start(b))·n ..]}. One
 * block is a dataset in one array; several let a dataset hold more than a Java array can (2³¹ − 1
 * floats). Examples are numbered across the blocks, so labels, weights and row indices are indexed
 * as for one array.
 *
 * <p>The callers check the arrays (whole examples, finite values) before they build one; nothing
 * here checks them again.
 */
public final class ExampleBlocks {
  /**
   * Floats per block when a reader or {@link #split} chooses the size: 2²⁶ (256 MiB), far below the
   * array limit, so that the heap finds room for each without one huge contiguous region.
   */
  public static final int BLOCK_FLOATS = 1 << 26;

  private final float[][] arrays;
  private final int[] starts;
  private final int n;

  /** Examples per block when every block but the last holds the same number, else 0. */
  private final int uniform;

  private ExampleBlocks(float[][] arrays, int[] starts, int n) {
    this.arrays = arrays;
    this.starts = starts;
    this.n = n;
    int per = starts.length > 1 ? starts[1] - starts[0] : 0;
    for (int b = 1; b + 1 < arrays.length; b++) {
      if (starts[b + 1] - starts[b] != per) {
        per = 0;
        break;
      }
    }
    this.uniform = per;
  }

  /** The examples of one array of {@code x.length / n} examples. */
  public static ExampleBlocks of(float[] x, int n) {
    return of(new float[][] {x}, n);
  }

  /**
   * The examples of these arrays, in order: each a whole number of examples of n features, their
   * total at most 2³¹ − 1 examples (the caller checks both).
   */
  public static ExampleBlocks of(float[][] arrays, int n) {
    int[] starts = new int[arrays.length + 1];
    for (int b = 0; b < arrays.length; b++) {
      starts[b + 1] = starts[b] + (n == 0 ? 0 : arrays[b].length / n);
    }
    return new ExampleBlocks(arrays.clone(), starts, n);
  }

  /**
   * Examples per block for n features: the largest power of two whose block holds at most {@code
   * floats} floats (at least 1 example). A power of two, so that a block is a whole number of
   * {@link io.vlogit.internal.kernel.LogisticKernel#FLUSH}-sized pieces wherever it can be.
   */
  public static int examplesPerBlock(int n, long floats) {
    long fit = Math.max(1, floats / Math.max(1, n));
    return Integer.highestOneBit((int) Math.min(fit, 1 << 30));
  }

  /** These examples [from, to) copied into blocks of {@code perBlock} examples (the last fewer). */
  public ExampleBlocks split(int from, int to, int perBlock) {
    int count = (to - from + perBlock - 1) / perBlock;
    float[][] out = new float[count][];
    for (int b = 0; b < count; b++) {
      int start = from + b * perBlock;
      int end = Math.min(to, start + perBlock);
      out[b] = new float[(end - start) * n];
      copy(start, end, out[b], 0);
    }
    return of(out, n);
  }

  /** Copies examples [from, to) in order into {@code dst} at {@code offset}. */
  public void copy(int from, int to, float[] dst, int offset) {
    int j = from;
    while (j < to) {
      int b = blockOf(j);
      int end = Math.min(to, starts[b + 1]);
      System.arraycopy(arrays[b], (j - starts[b]) * n, dst, offset + (j - from) * n, (end - j) * n);
      j = end;
    }
  }

  /** Number of features, n. */
  public int features() {
    return n;
  }

  /** Number of examples in all the blocks. */
  public int examples() {
    return starts[arrays.length];
  }

  /** Number of blocks. */
  public int count() {
    return arrays.length;
  }

  /** True if the examples are in one array: then {@code array(0)} is indexed as the kernels do. */
  public boolean single() {
    return arrays.length == 1;
  }

  /** Block b's array. */
  public float[] array(int b) {
    return arrays[b];
  }

  /** The first example of block b. */
  public int start(int b) {
    return starts[b];
  }

  /** One past the last example of block b. */
  public int end(int b) {
    return starts[b + 1];
  }

  /** The block that holds example j. */
  public int blockOf(int j) {
    if (arrays.length == 1) {
      return 0;
    }
    if (uniform > 0) {
      return Math.min(j / uniform, arrays.length - 1);
    }
    int at = Arrays.binarySearch(starts, 0, arrays.length, j);
    if (at >= 0) {
      while (at + 1 < arrays.length && starts[at + 1] == j) {
        at++; // past empty blocks
      }
      return at;
    }
    return -at - 2;
  }

  /** The offset of example j in its block's array. */
  public int offset(int j) {
    int b = blockOf(j);
    return (j - starts[b]) * n;
  }

  /** Feature i of example j. */
  public float value(int j, int i) {
    int b = blockOf(j);
    return arrays[b][(j - starts[b]) * n + i];
  }

  /** Copies example j's n features into {@code dst} at {@code offset}. */
  public void copyExample(int j, float[] dst, int offset) {
    int b = blockOf(j);
    System.arraycopy(arrays[b], (j - starts[b]) * n, dst, offset, n);
  }
}
