package io.vlogit.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The logit of one example: the dot product scoring and in-order training passes share. */
final class Logit {
  private Logit() {}

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;

  /**
   * {@code w·x + b} for the example of n features at {@code x[offset]}: the one dot product of
   * scoring and of in-order training passes. Four accumulators over runs of 4L features, so that
   * the loop is bound by FMA throughput rather than by one chain's latency; the remaining whole
   * vectors into the first, the last n mod L features into the second (the final whole vector
   * loaded at n − L, overlapping, its overlap zeroed through w); then (a0 + a1) + (a2 + a3) and the
   * fixed lane tree of {@link LaneMath#sumLanesInPlace}, then b. Below L features, in double (a
   * handful of terms).
   */
  static float of(float[] x, int offset, int n, float[] w, float b) {
    if (n < L) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += (double) w[i] * x[offset + i];
      }
      return (float) (b + s);
    }
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = FloatVector.zero(S);
    FloatVector a2 = FloatVector.zero(S);
    FloatVector a3 = FloatVector.zero(S);
    int i = 0;
    for (; i <= n - 4 * L; i += 4 * L) {
      a0 = FloatVector.fromArray(S, x, offset + i).fma(FloatVector.fromArray(S, w, i), a0);
      a1 = FloatVector.fromArray(S, x, offset + i + L).fma(FloatVector.fromArray(S, w, i + L), a1);
      a2 =
          FloatVector.fromArray(S, x, offset + i + 2 * L)
              .fma(FloatVector.fromArray(S, w, i + 2 * L), a2);
      a3 =
          FloatVector.fromArray(S, x, offset + i + 3 * L)
              .fma(FloatVector.fromArray(S, w, i + 3 * L), a3);
    }
    for (; i <= n - L; i += L) {
      a0 = FloatVector.fromArray(S, x, offset + i).fma(FloatVector.fromArray(S, w, i), a0);
    }
    if (i < n) {
      int t = n - L;
      FloatVector wt =
          FloatVector.fromArray(S, w, t)
              .mul(FloatVector.fromArray(S, VectorKernel.ZEROS_THEN_ONES, n - i));
      a1 = FloatVector.fromArray(S, x, offset + t).fma(wt, a1);
    }
    FloatVector v = a0.add(a1).add(a2.add(a3));
    // Up to 8 lanes, the lanes themselves added in the tree's order (the same bits, and a shorter
    // dependency chain than rotations for the one call a single score waits on; bench/README.md,
    // "Scoring"). Wider vectors keep the rotations.
    if (L == 2) {
      return v.lane(0) + v.lane(1) + b;
    }
    if (L == 4) {
      return (v.lane(0) + v.lane(2)) + (v.lane(1) + v.lane(3)) + b;
    }
    if (L == 8) {
      return ((v.lane(0) + v.lane(4)) + (v.lane(2) + v.lane(6)))
          + ((v.lane(1) + v.lane(5)) + (v.lane(3) + v.lane(7)))
          + b;
    }
    if (L >= 64) {
      v = v.add(v.rearrange(LaneMath.ROTATE_32));
    }
    if (L >= 32) {
      v = v.add(v.rearrange(LaneMath.ROTATE_16));
    }
    v = v.add(v.rearrange(LaneMath.ROTATE_8));
    v = v.add(v.rearrange(LaneMath.ROTATE_4));
    v = v.add(v.rearrange(LaneMath.ROTATE_2));
    return v.add(v.rearrange(LaneMath.ROTATE_1)).lane(0) + b;
  }
}
