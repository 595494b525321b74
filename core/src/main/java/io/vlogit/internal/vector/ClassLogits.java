package io.vlogit.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Scoring's K logits of one example, {@code w_c·x + b_c}: four classes at a time, each vector of x
 * loaded once for the four (the last group repeats the last class where K is not a multiple of
 * four). A batch scores its examples one by one through this, so an example has the same bits alone
 * as in a batch. Needs n ≥ L.
 *
 * <p>Per class, one accumulator over the whole vectors and the last one (loaded at n − L, its
 * overlap with the vector before zeroed through the weights); then the folds of {@link LaneFold} at
 * levels 1 and 2 put the four classes' partial sums in one vector, and adding each remaining
 * level's swap to itself finishes every class's sum in one lane; then its bias.
 */
final class ClassLogits {
  private ClassLogits() {}

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;

  /** The K logits of the example at {@code x[offset ..]} into {@code out[outOffset ..]}. */
  static void of(
      float[] w, float[] b, int classes, int n, float[] x, int offset, float[] out, int outOffset) {
    for (int c = 0; c < classes; c += 4) {
      four(w, b, classes, n, x, offset, c, out, outOffset);
    }
  }

  private static void four(
      float[] w,
      float[] b,
      int classes,
      int n,
      float[] x,
      int offset,
      int c0,
      float[] out,
      int outOffset) {
    int last = classes - 1;
    int r0 = c0 * n;
    int r1 = Math.min(c0 + 1, last) * n;
    int r2 = Math.min(c0 + 2, last) * n;
    int r3 = Math.min(c0 + 3, last) * n;
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    int full = S.loopBound(n);
    for (int i = 0; i < full; i += L) {
      FloatVector xv = FloatVector.fromArray(S, x, offset + i);
      a0 = xv.fma(FloatVector.fromArray(S, w, r0 + i), a0);
      a1 = xv.fma(FloatVector.fromArray(S, w, r1 + i), a1);
      a2 = xv.fma(FloatVector.fromArray(S, w, r2 + i), a2);
      a3 = xv.fma(FloatVector.fromArray(S, w, r3 + i), a3);
    }
    if (full < n) {
      int t = n - L;
      FloatVector mask = FloatVector.fromArray(S, VectorKernel.ZEROS_THEN_ONES, n - full);
      FloatVector xv = FloatVector.fromArray(S, x, offset + t);
      a0 = xv.fma(FloatVector.fromArray(S, w, r0 + t).mul(mask), a0);
      a1 = xv.fma(FloatVector.fromArray(S, w, r1 + t).mul(mask), a1);
      a2 = xv.fma(FloatVector.fromArray(S, w, r2 + t).mul(mask), a2);
      a3 = xv.fma(FloatVector.fromArray(S, w, r3 + t).mul(mask), a3);
    }
    FloatVector p =
        a0.blend(a1, LaneFold.HIGH_1).add(a1.blend(a0, LaneFold.HIGH_1).rearrange(LaneFold.SWAP_1));
    FloatVector q =
        a2.blend(a3, LaneFold.HIGH_1).add(a3.blend(a2, LaneFold.HIGH_1).rearrange(LaneFold.SWAP_1));
    float s0;
    float s1;
    float s2;
    float s3;
    if (L == 2) {
      s0 = p.lane(0);
      s1 = p.lane(1);
      s2 = q.lane(0);
      s3 = q.lane(1);
    } else {
      FloatVector v =
          p.blend(q, LaneFold.HIGH_2).add(q.blend(p, LaneFold.HIGH_2).rearrange(LaneFold.SWAP_2));
      if (L >= 8) {
        v = v.add(v.rearrange(LaneFold.SWAP_3));
      }
      if (L >= 16) {
        v = v.add(v.rearrange(LaneFold.SWAP_4));
      }
      // Class 0's sum is in lane 0, class 1's in lane L/2 (bit L/2 of level 1), class 2's in
      // lane L/4 (bit L/4 of level 2), class 3's in lane 3L/4.
      s0 = v.lane(0);
      s1 = v.lane(L / 2);
      s2 = v.lane(L / 4);
      s3 = v.lane(3 * L / 4);
    }
    out[outOffset + c0] = s0 + b[c0];
    if (c0 + 1 <= last) {
      out[outOffset + c0 + 1] = s1 + b[c0 + 1];
    }
    if (c0 + 2 <= last) {
      out[outOffset + c0 + 2] = s2 + b[c0 + 2];
    }
    if (c0 + 3 <= last) {
      out[outOffset + c0 + 3] = s3 + b[c0 + 3];
    }
  }
}
