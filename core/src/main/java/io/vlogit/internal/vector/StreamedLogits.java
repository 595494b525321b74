package io.vlogit.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward pass of {@link WideGradient} for rows of {@link WideGradient#EIGHT_FROM} to {@link
 * WideGradient#EIGHT_BELOW} features streamed from memory: eight rows read side by side, two groups
 * of four sharing each load of w.
 *
 * <p>Why eight: at 784 features native code reading sixteen rows side by side ran the epoch well
 * ahead of vlogit reading one row after the other. Eight streams in blocks of eight were as fast as
 * the order each length used before (four side by side below 256 features, one row after the other
 * from 256) or faster, at every length measured and on JDK 17 and 25; sixteen, with the block then
 * too large for L1, were slower again on JDK 25 (bench/README.md, "Design measurements"). Blocks of
 * sixteen, two groups of eight one after the other, were faster than blocks of eight from 256
 * features ({@link VectorWorkspace#block}), except from 832 features at 16 lanes ({@link
 * VectorWorkspace#ONE_GROUP_LONG_ROWS}).
 *
 * <p>Each group of four is summed exactly as {@link WideGradient#dot4} sums it: one accumulator per
 * example, ⌈n/L⌉ products in order in each lane, the last n mod L features through the final whole
 * vector with its overlap zeroed through w, then the same two folds ({@link LaneFold}). So a logit
 * has the same bits whichever of the two read it.
 */
final class StreamedLogits {
  private StreamedLogits() {}

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;

  /**
   * Every group of eight examples of the block at {@code offsets} ({@link WideGradient#offsets}),
   * the last real one again past the block's end. Two lanes: logits into {@code z[k .. k + 8)}.
   * Four or more: each group of four folded at levels 1 and 2 into {@code folded[k/4 · L]}, for
   * {@link LaneFold#unfold}.
   */
  static void dot8(
      float[] x,
      int[] offsets,
      int base,
      int count,
      int n,
      float[] w,
      float b,
      float[] z,
      float[] folded) {
    int full = S.loopBound(n);
    for (int k = 0; k < count; k += 8) {
      int o0 = base + offsets[k];
      int o1 = base + offsets[k + 1];
      int o2 = base + offsets[k + 2];
      int o3 = base + offsets[k + 3];
      int o4 = base + offsets[k + 4];
      int o5 = base + offsets[k + 5];
      int o6 = base + offsets[k + 6];
      int o7 = base + offsets[k + 7];
      FloatVector a0 = FloatVector.zero(S);
      FloatVector a1 = FloatVector.zero(S);
      FloatVector a2 = FloatVector.zero(S);
      FloatVector a3 = FloatVector.zero(S);
      FloatVector a4 = FloatVector.zero(S);
      FloatVector a5 = FloatVector.zero(S);
      FloatVector a6 = FloatVector.zero(S);
      FloatVector a7 = FloatVector.zero(S);
      for (int i = 0; i < full; i += L) {
        FloatVector wv = FloatVector.fromArray(S, w, i);
        a0 = FloatVector.fromArray(S, x, o0 + i).fma(wv, a0);
        a1 = FloatVector.fromArray(S, x, o1 + i).fma(wv, a1);
        a2 = FloatVector.fromArray(S, x, o2 + i).fma(wv, a2);
        a3 = FloatVector.fromArray(S, x, o3 + i).fma(wv, a3);
        a4 = FloatVector.fromArray(S, x, o4 + i).fma(wv, a4);
        a5 = FloatVector.fromArray(S, x, o5 + i).fma(wv, a5);
        a6 = FloatVector.fromArray(S, x, o6 + i).fma(wv, a6);
        a7 = FloatVector.fromArray(S, x, o7 + i).fma(wv, a7);
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
        a4 = FloatVector.fromArray(S, x, o4 + i).fma(wv, a4);
        a5 = FloatVector.fromArray(S, x, o5 + i).fma(wv, a5);
        a6 = FloatVector.fromArray(S, x, o6 + i).fma(wv, a6);
        a7 = FloatVector.fromArray(S, x, o7 + i).fma(wv, a7);
      }
      // Folds of levels 1 and 2 (LaneFold), written out, for each group of four.
      FloatVector p =
          a0.blend(a1, LaneFold.HIGH_1)
              .add(a1.blend(a0, LaneFold.HIGH_1).rearrange(LaneFold.SWAP_1));
      FloatVector q =
          a2.blend(a3, LaneFold.HIGH_1)
              .add(a3.blend(a2, LaneFold.HIGH_1).rearrange(LaneFold.SWAP_1));
      FloatVector r =
          a4.blend(a5, LaneFold.HIGH_1)
              .add(a5.blend(a4, LaneFold.HIGH_1).rearrange(LaneFold.SWAP_1));
      FloatVector s =
          a6.blend(a7, LaneFold.HIGH_1)
              .add(a7.blend(a6, LaneFold.HIGH_1).rearrange(LaneFold.SWAP_1));
      if (L == 2) {
        FloatVector bv = FloatVector.broadcast(S, b);
        p.add(bv).intoArray(z, k);
        q.add(bv).intoArray(z, k + 2);
        r.add(bv).intoArray(z, k + 4);
        s.add(bv).intoArray(z, k + 6);
      } else {
        p.blend(q, LaneFold.HIGH_2)
            .add(q.blend(p, LaneFold.HIGH_2).rearrange(LaneFold.SWAP_2))
            .intoArray(folded, k / 4 * L);
        r.blend(s, LaneFold.HIGH_2)
            .add(s.blend(r, LaneFold.HIGH_2).rearrange(LaneFold.SWAP_2))
            .intoArray(folded, (k / 4 + 1) * L);
      }
    }
  }
}
