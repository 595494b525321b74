package io.vlogit.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused pass for n ≥ L, vectorized across features, four examples at a time: the four dot
 * products share each load of w, and their lane sums are folded together ({@link LaneFold}). The
 * backward pass keeps the block's gradient in registers while it adds the block's rows: all of it
 * for rows of up to two vectors ({@link WideBackward#axpyShort}), four or eight vectors of it at a
 * time for longer rows ({@link WideBackward#axpyStrips}). Examples go in blocks of about 16 KB and
 * at least two of the forward pass's groups ({@link VectorWorkspace#block}); σ, dz and the loss of
 * a block are computed across lanes at once.
 *
 * <p><b>Reading order.</b> The forward pass reads X from memory, the backward pass reads the block
 * again from cache. Rows are read side by side, sharing each load of w: eight at a time when
 * streamed from memory and of 64 to 1023 features ({@link StreamedLogits}), four otherwise ({@link
 * #dot4}). Reading one row after the other, which the hardware prefetcher was thought to follow
 * best at mid lengths, was no faster than eight side by side at any length measured (see {@link
 * #EIGHT_FROM}; the measurements, and the software pipelining that did not pay, are in
 * bench/README.md, "Design measurements").
 *
 * <p>The last n mod L features are handled without masks (which JDK 17 compiles poorly on AVX2):
 * the final whole vector is loaded at n − L, overlapping the one before. The forward pass zeroes
 * the overlapping lanes through w; the backward pass adds that vector into sums of its own ({@link
 * VectorWorkspace#dwAcc}), of which {@code flush} reads only the lanes past the overlap.
 *
 * <p>Examples are taken at positions [from, to): the position itself, or rows[position] when a row
 * index is given (shuffled order, held-out split). The streamed forward pass reads its rows at
 * offsets looked up once per block ({@link #offsets}), the same code with or without a row index.
 * The forward pass reads whole groups of four or eight: past the end of a block the last real
 * example repeats, and its logits land in padding, where its dz is 0 (axpyShort adds 0·x for it,
 * which changes nothing).
 *
 * <p>Every method here takes arrays and primitives only (see {@link LaneMath} for why).
 */
final class WideGradient {
  private WideGradient() {}

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;

  /**
   * Streamed rows of EIGHT_FROM to EIGHT_BELOW features are read eight side by side, all others
   * four (see the class comment). Eight were as fast as the order each length used before (four
   * side by side under 256 features, one row after the other from 256), or faster, at 64, 128, 192,
   * 384 and 784 features on both JDKs; shorter rows, and rows of a page or more, were not measured
   * with eight.
   */
  static final int EIGHT_FROM = 64;

  static final int EIGHT_BELOW = 1024;

  /**
   * Ranges of fewer floats than this (1 MB) are taken to be in cache: a core's L2 and its share of
   * L3.
   */
  static final long CACHED_FLOATS = 1 << 18;

  static void accumulate(
      float[] x,
      float[] y,
      float[] sw,
      int n,
      int[] rows,
      int from,
      int to,
      float[] w,
      float b,
      VectorWorkspace ws) {
    final int block = ws.block;
    // Whether the pass's data is in cache decides the reading order, which matters only when
    // streaming from memory, and the backward pass's strips (WideBackward#axpyStrips).
    long examples = ws.passExamples > 0 ? ws.passExamples : to - from;
    final boolean cached = examples * n < CACHED_FLOATS;
    final boolean eight = n >= EIGHT_FROM && n < EIGHT_BELOW && !cached;
    final boolean stripsOfEight = cached || ws.streamedInEights;
    int sinceFlush = 0;
    for (int j0 = from; j0 < to; j0 += block) {
      int count = Math.min(block, to - j0);
      logits(x, rows, j0, count, n, w, b, ws, eight);
      logistic(y, sw, rows, j0, count, ws.dzBuf, ws);
      if (n <= 2 * L) {
        WideBackward.axpyShort(x, rows, j0, count, n, ws.dzBuf, ws.dwAcc);
      } else {
        WideBackward.axpyStrips(x, rows, j0, count, n, ws.dzBuf, ws.dwAcc, stripsOfEight);
      }
      sinceFlush += count;
      if (sinceFlush >= VectorKernel.FLUSH) {
        flush(ws);
        sinceFlush = 0;
      }
    }
    flush(ws);
  }

  /** σ, dz and (if wanted) the loss of one block whose logits are in zBuf, into {@code dz}. */
  private static void logistic(
      float[] y, float[] sw, int[] rows, int j0, int count, float[] dz, VectorWorkspace ws) {
    float[] zBuf = ws.zBuf;
    float[] eBuf = ws.eBuf;
    if (rows == null && count == ws.block && count % L == 0) {
      // A whole block of whole vectors: labels and weights straight from the arrays.
      LaneMath.expNegAbs(zBuf, 0, eBuf, 0, count, false);
      LaneMath.logistic(
          zBuf,
          eBuf,
          0,
          y,
          j0,
          sw == null ? ws.ones : sw,
          sw == null ? 0 : j0,
          count,
          dz,
          ws.acc,
          ws.withLoss);
      return;
    }
    // The last block, or examples by index: copy, and pad to whole vectors and whole groups of four
    // with weight 0.
    int unit = Math.max(L, 4);
    int padded = (count + unit - 1) / unit * unit;
    float[] yBuf = ws.yBuf;
    float[] sBuf = ws.sBuf;
    VectorWorkspace.gather(y, sw, rows, j0, count, yBuf, sBuf);
    java.util.Arrays.fill(yBuf, count, padded, 0f);
    java.util.Arrays.fill(sBuf, count, padded, 0f);
    java.util.Arrays.fill(zBuf, count, padded, 0f);
    LaneMath.expNegAbs(zBuf, 0, eBuf, 0, padded, false);
    LaneMath.logistic(zBuf, eBuf, 0, yBuf, 0, sBuf, 0, padded, dz, ws.acc, ws.withLoss);
  }

  /**
   * Where each example of the block at positions [j0, j0 + count) starts in x, into {@code
   * offsets[0 .. count)}, and the last one's offset again to the end of {@code offsets} (a whole
   * number of groups of eight).
   *
   * <p>Why {@link StreamedLogits#dot8} reads offsets rather than looking its rows up itself: with
   * the lookup in it, it branched on whether a row index was given, and a JVM that had run fits
   * both with and without one compiled both sides into it. Streamed fits on whole data then ran
   * markedly slower after a fit with a row index than before it. Looked up here, its loop is the
   * same code either way. For data in cache, where a block's lookup is a larger part of the work,
   * {@link #dot4} and the backward pass measured faster computing their rows themselves
   * (bench/README.md, "Design measurements").
   */
  static void offsets(int[] rows, int j0, int count, int n, int[] offsets) {
    if (rows == null) {
      for (int k = 0; k < count; k++) {
        offsets[k] = (j0 + k) * n;
      }
    } else {
      for (int k = 0; k < count; k++) {
        offsets[k] = rows[j0 + k] * n;
      }
    }
    java.util.Arrays.fill(offsets, count, offsets.length, offsets[count - 1]);
  }

  /** Adds the float partial sums into the workspace's double sums and zeroes them. */
  private static void flush(VectorWorkspace ws) {
    float[] acc = ws.dwAcc;
    double[] g = ws.gradient;
    int n = g.length;
    int full = n / L * L;
    for (int i = 0; i < full; i++) {
      g[i] += acc[i];
      acc[i] = 0f;
    }
    // The last vector's entries: features n − L + l, of which those below full are zeros.
    int sums = VectorWorkspace.wideSums(n);
    for (int i = full; i < sums; i++) {
      int feature = i - full + n - L;
      if (feature >= full) {
        g[feature] += acc[i];
      }
      acc[i] = 0f;
    }
    java.util.Arrays.fill(acc, sums, acc.length, 0f);
    ws.flushLaneSums();
  }

  /**
   * The logits of the block's examples at positions [j0, j0 + count) into {@code ws.zBuf}, four
   * side by side ({@link #dot4}) or eight ({@link StreamedLogits#dot8}, the same bits), their lane
   * sums by {@link LaneFold}; past the block's end, slots up to the next multiple of L get logits
   * of repeated or stale examples.
   */
  static void logits(
      float[] x,
      int[] rows,
      int j0,
      int count,
      int n,
      float[] w,
      float b,
      VectorWorkspace ws,
      boolean eight) {
    if (eight) {
      int[] offsets = ws.ramp;
      int base = j0 * n;
      if (rows != null || count < ws.block) {
        offsets(rows, j0, count, n, ws.offsets);
        offsets = ws.offsets;
        base = 0;
      }
      StreamedLogits.dot8(x, offsets, base, count, n, w, b, ws.zBuf, ws.folded);
    } else {
      dot4(x, rows, j0, count, n, w, b, ws.zBuf, ws.folded);
    }
    if (L >= 4) {
      int per = L / 4;
      int groups = (count + 3) / 4;
      LaneFold.unfold(ws.folded, (groups + per - 1) / per * per, b, ws.zBuf);
    }
  }

  /**
   * Every group of four examples of the block, four side by side, each lane accumulating ⌈n/L⌉
   * products in order. Two lanes: their logits into {@code z[k .. k + 4)}. Four or more: the four
   * vectors folded twice ({@link LaneFold#fold}) into one, stored at {@code folded[k/4 · L]} for
   * {@link LaneFold#unfold}.
   *
   * <p>All the block's groups in one loop, not a call per group: the fold's masks and shuffles are
   * then loop invariants, loaded and checked (C2 checks a shuffle's indexes at every rearrange)
   * once per block rather than once per group. That made the epoch at 30 × 569 a quarter faster
   * (bench/README.md, "Design measurements").
   */
  static void dot4(
      float[] x,
      int[] rows,
      int j0,
      int count,
      int n,
      float[] w,
      float b,
      float[] z,
      float[] folded) {
    int full = S.loopBound(n);
    int last = j0 + count - 1;
    for (int k = 0; k < count; k += 4) {
      // The group's positions, the last real one again past the block's end, computed
      // here rather than by a call: C2 on JDK 25 did not inline a call taken only for a block's
      // last group, and a call in the loop made it keep the loop's vectors on the stack.
      int e0 = j0 + k;
      int e1 = Math.min(e0 + 1, last);
      int e2 = Math.min(e0 + 2, last);
      int e3 = Math.min(e0 + 3, last);
      if (rows != null) {
        e0 = rows[e0];
        e1 = rows[e1];
        e2 = rows[e2];
        e3 = rows[e3];
      }
      int o0 = e0 * n;
      int o1 = e1 * n;
      int o2 = e2 * n;
      int o3 = e3 * n;
      FloatVector a0 = FloatVector.zero(S);
      FloatVector a1 = FloatVector.zero(S);
      FloatVector a2 = FloatVector.zero(S);
      FloatVector a3 = FloatVector.zero(S);
      for (int i = 0; i < full; i += L) {
        FloatVector wv = FloatVector.fromArray(S, w, i);
        a0 = FloatVector.fromArray(S, x, o0 + i).fma(wv, a0);
        a1 = FloatVector.fromArray(S, x, o1 + i).fma(wv, a1);
        a2 = FloatVector.fromArray(S, x, o2 + i).fma(wv, a2);
        a3 = FloatVector.fromArray(S, x, o3 + i).fma(wv, a3);
      }
      if (full < n) {
        int i = n - L;
        FloatVector wv =
            FloatVector.fromArray(S, w, i)
                .mul(FloatVector.fromArray(S, VectorKernel.ZEROS_THEN_ONES, n - full));
        a0 = FloatVector.fromArray(S, x, o0 + i).fma(wv, a0);
        a1 = FloatVector.fromArray(S, x, o1 + i).fma(wv, a1);
        a2 = FloatVector.fromArray(S, x, o2 + i).fma(wv, a2);
        a3 = FloatVector.fromArray(S, x, o3 + i).fma(wv, a3);
      }
      // Folds of levels 1 and 2 (LaneFold), written out.
      FloatVector p =
          a0.blend(a1, LaneFold.HIGH_1)
              .add(a1.blend(a0, LaneFold.HIGH_1).rearrange(LaneFold.SWAP_1));
      FloatVector q =
          a2.blend(a3, LaneFold.HIGH_1)
              .add(a3.blend(a2, LaneFold.HIGH_1).rearrange(LaneFold.SWAP_1));
      if (L == 2) {
        FloatVector bv = FloatVector.broadcast(S, b);
        p.add(bv).intoArray(z, k);
        q.add(bv).intoArray(z, k + 2);
      } else {
        p.blend(q, LaneFold.HIGH_2)
            .add(q.blend(p, LaneFold.HIGH_2).rearrange(LaneFold.SWAP_2))
            .intoArray(folded, k / 4 * L);
      }
    }
  }
}
