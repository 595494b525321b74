package io.vlogit.internal.vector;

import io.vlogit.internal.kernel.GradientWorkspace;

/**
 * Per-thread scratch of the Vector API kernel, sized once for n: the float partial sums (flushed
 * into the double sums of {@link GradientWorkspace} every {@link VectorKernel#FLUSH} examples), and
 * the logits, exps, labels, weights and dz of one block of examples, padded to whole vectors.
 */
final class VectorWorkspace extends GradientWorkspace {
  /**
   * Examples per block, a power of two in [4, 64] (so that blocks tile FLUSH exactly), about 16 KB
   * of X: the backward pass reads the block again, from L1. Narrow path: at least one vector. Wide
   * rows: at least two of the forward pass's groups while they take at most 64 KB, sixteen examples
   * below 1024 features (groups of eight, StreamedLogits) and eight from 1024 to 2048 (groups of
   * four); so 16 to 64 KB of X from 256 features on, more than L1 holds. Two groups measured faster
   * than one, at 256 and 512 bits and on JDK 17 and 25, although the backward pass then reads part
   * of the block from L2; blocks over 64 KB were not measured (bench/README.md, "Design
   * measurements"). At 16 lanes, rows of {@link #ONE_GROUP_FROM} to 1023 features go in one group
   * of eight instead (see there).
   */
  final int block;

  /** Floats of the largest block of two groups (64 KB): see {@link #block}. */
  private static final int TWO_GROUPS_MOST = 1 << 14;

  /**
   * Whether rows of {@link #ONE_GROUP_FROM} to {@link WideGradient#EIGHT_BELOW} − 1 features go in
   * blocks of one group of eight rather than two: with 16 lanes, on every JDK. A block of eight
   * such rows fits in L1 ({@link WideBackward#IN_L1_FLOATS}), so the backward pass takes its loop
   * of whole strips. JDK 17 ran the epoch faster with eight from 832 features up in every round
   * measured, and no faster below. JDK 25 ran it as fast with sixteen in some forks and about a
   * fifth slower in others, one speed or the other for the whole fork; with eight it held one
   * speed, between the two. JDK 17 with 8 lanes (256 bits) was slower with eight, so 8 and 4 lanes
   * keep sixteen (bench/README.md, "Blocks of eight rows on JDK 17" and "Blocks of eight rows on
   * JDK 25"). The gradient's bits do not depend on the block (each sum adds the rows in order); the
   * lane sums of the loss and of Σ dz do, which is one reason the cost and the bias can differ in
   * their last bits from one vector width to another.
   */
  static final boolean ONE_GROUP_LONG_ROWS = Species.LANES == 16;

  /** The shortest rows that {@link #ONE_GROUP_LONG_ROWS} puts in blocks of eight. */
  static final int ONE_GROUP_FROM = 832;

  final float[] zBuf;
  final float[] eBuf;
  final float[] yBuf;
  final float[] sBuf;
  final float[] dzBuf;

  /** Ones, the weights of a block when the data has none (see LaneMath#logistic). */
  final float[] ones;

  /** Lane-wise partial sums: the loss in [0, L), Σ dz in [L, 2L). */
  final float[] acc;

  /**
   * Wide path: the float partial gradient, one entry per feature of the whole vectors, then (when L
   * does not divide n) L entries for the last vector of features, loaded at n − L: kept apart so
   * that its loads and stores never overlap those of the vector before it, which would defeat the
   * CPU's store-to-load forwarding. Then padding to whole strips of four vectors: {@link
   * WideBackward#axpyStrips} adds its unused places there, so that its loop has no branch on where
   * the sums end (see there). Nothing uses those sums; {@code flush} zeroes them.
   */
  final float[] dwAcc;

  /**
   * Entries of the wide path's partial gradient for n features before its padding: see {@link
   * #dwAcc}.
   */
  static int wideSums(int n) {
    int lanes = Species.LANES;
    return n / lanes * lanes + (n % lanes == 0 ? 0 : lanes);
  }

  /** Wide path: a block's groups of four examples, each folded into one vector (see LaneFold). */
  final float[] folded;

  /**
   * Wide path: where each example of a block starts in x, then the last one's again up to a whole
   * group of eight (see WideGradient#offsets).
   */
  final int[] offsets;

  /**
   * Wide path: the offsets of a whole block of consecutive examples from the block's first, k·n,
   * padded as {@link #offsets} is; set once, so that whole data needs no offsets per block.
   */
  final int[] ramp;

  /** Packed path: w repeated across the lanes. */
  final float[] packedW = new float[Species.LANES];

  /** Packed path: two vectors of per-lane partial gradients. */
  final float[] packedGrad = new float[2 * Species.LANES];

  /** Narrow path: a block of examples transposed, L examples at a time (see NarrowGradient). */
  final float[] transposed;

  /** Narrow path: the partial gradient per lane, feature i at [i*L, (i+1)*L). */
  final float[] laneGrad;

  /** Narrow path: the last examples of a range, padded with zeros to L examples. */
  final float[] tail;

  VectorWorkspace(int n, boolean narrow) {
    this(n, narrow, ONE_GROUP_LONG_ROWS);
  }

  /** A workspace with the given rule for long rows, so that one JVM's tests can run both. */
  VectorWorkspace(int n, boolean narrow, boolean oneGroupLongRows) {
    super(n);
    int lanes = Species.LANES;
    this.block = blockFor(n, narrow, oneGroupLongRows);
    int padded = Math.max(block, lanes);
    this.zBuf = new float[padded];
    this.eBuf = new float[padded];
    this.yBuf = new float[padded];
    this.sBuf = new float[padded];
    this.dzBuf = new float[padded];
    this.ones = new float[padded];
    java.util.Arrays.fill(ones, 1f);
    this.acc = new float[2 * lanes];
    int strip = 4 * lanes;
    this.dwAcc = narrow ? new float[0] : new float[(wideSums(n) + strip - 1) / strip * strip];
    this.folded = narrow ? new float[0] : new float[(padded + 3) / 4 * lanes];
    this.offsets = narrow ? new int[0] : new int[(block + 7) / 8 * 8];
    this.ramp = new int[offsets.length];
    for (int k = 0; k < ramp.length; k++) {
      ramp[k] = Math.min(k, block - 1) * n;
    }
    this.transposed = narrow ? new float[block * n] : new float[0];
    this.laneGrad = narrow ? new float[n * lanes] : new float[0];
    this.tail = narrow ? new float[lanes * n] : new float[0];
  }

  /** {@link #block} for n features, on the narrow path or not, with or without the rule. */
  static int blockFor(int n, boolean narrow, boolean oneGroupLongRows) {
    int fit = Integer.highestOneBit(Math.max(1, 4096 / Math.max(1, n)));
    int least;
    if (narrow) {
      least = Math.max(4, Species.LANES);
    } else if (n < WideGradient.EIGHT_BELOW) {
      least = oneGroupLongRows && n >= ONE_GROUP_FROM ? 8 : 16;
    } else {
      least = 8L * n <= TWO_GROUPS_MOST ? 8 : 4;
    }
    return Math.max(least, Math.min(64, fit));
  }

  /**
   * Whether a streamed pass's backward strips take eight vectors where they can, as a pass in cache
   * does ({@link WideBackward#STREAMED_IN_EIGHTS}); tests set it, to run both in one JVM.
   */
  boolean streamedInEights = WideBackward.STREAMED_IN_EIGHTS;

  /** Narrow path: the offsets in x of the L examples of one group. */
  final int[] rowOffsets = new int[Species.LANES];

  /**
   * Copies the labels and weights (1 where there are none) of positions [from, from + count) into
   * yBuf and sBuf: positions are example indices, or indices into {@code rows}.
   */
  static void gather(
      float[] y, float[] sw, int[] rows, int from, int count, float[] yBuf, float[] sBuf) {
    for (int k = 0; k < count; k++) {
      int j = rows == null ? from + k : rows[from + k];
      yBuf[k] = y[j];
      sBuf[k] = sw == null ? 1f : sw[j];
    }
  }

  /** Adds the lane sums of the loss and of dz into the double sums, and zeroes them. */
  void flushLaneSums() {
    int lanes = Species.LANES;
    lossSum += LaneMath.sumLanesInPlace(acc, 0);
    dzSum += LaneMath.sumLanesInPlace(acc, lanes);
    java.util.Arrays.fill(acc, 0f);
  }
}
