package io.vlogit.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The logit of an example, {@code w·x + b}: the one dot product of scoring (one example or a batch)
 * and of the training passes that read examples one after the other, so that a logit has the same
 * bits wherever it is computed.
 */
final class Logit {
  private Logit() {}

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;

  /** The logit of the example of n features at {@code x[offset]}. */
  static float of(float[] x, int offset, int n, float[] w, float b) {
    return ofUpToFour(x, offset, offset, offset, offset, 1, n, w, b, null, 0);
  }

  /**
   * The logits of {@code count} (1 to 4) examples of n features at offsets o0, o1, ... of x, one
   * after the other, into {@code z[k ..]} (unless z is null); returns the last one. Up to four per
   * call so that a batch or a training block pays a call per four examples, not per example: the
   * method is too large for C2 to inline, on purpose (see {@link LaneMath} on vectors and calls).
   *
   * <p>Each example: four accumulators over runs of 4L features, so that the loop is bound by FMA
   * throughput rather than by one chain's latency; the remaining whole vectors into the first, the
   * last n mod L features into the second (the final whole vector loaded at n − L, overlapping, its
   * overlap zeroed through w); then (a0 + a1) + (a2 + a3), the fixed lane tree of {@link
   * LaneMath#sumLanesInPlace}, then b. Below L features, in double (a handful of terms).
   */
  static float ofUpToFour(
      float[] x,
      int o0,
      int o1,
      int o2,
      int o3,
      int count,
      int n,
      float[] w,
      float b,
      float[] z,
      int k) {
    float logit = 0f;
    for (int q = 0; q < count; q++) {
      int offset = q == 0 ? o0 : q == 1 ? o1 : q == 2 ? o2 : o3;
      if (n < L) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += (double) w[i] * x[offset + i];
        }
        logit = (float) (b + s);
      } else {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        int i = 0;
        for (; i <= n - 4 * L; i += 4 * L) {
          a0 = FloatVector.fromArray(S, x, offset + i).fma(FloatVector.fromArray(S, w, i), a0);
          a1 =
              FloatVector.fromArray(S, x, offset + i + L)
                  .fma(FloatVector.fromArray(S, w, i + L), a1);
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
        // Up to 8 lanes, the lanes themselves added in the tree's order (the same bits, and a
        // shorter dependency chain than rotations for the one call a single score waits on;
        // bench/README.md, "Design measurements"); 16 lanes after one rotation.
        if (L == 2) {
          logit = v.lane(0) + v.lane(1) + b;
        } else if (L == 4) {
          logit = (v.lane(0) + v.lane(2)) + (v.lane(1) + v.lane(3)) + b;
        } else {
          if (L == 16) {
            // The tree's first level as one rotation; its lanes 0..7 then go as for 8 lanes.
            v = v.add(v.rearrange(LaneMath.ROTATE_8));
          }
          logit =
              ((v.lane(0) + v.lane(4)) + (v.lane(2) + v.lane(6)))
                  + ((v.lane(1) + v.lane(5)) + (v.lane(3) + v.lane(7)))
                  + b;
        }
      }
      if (z != null) {
        z[k + q] = logit;
      }
    }
    return logit;
  }

  /**
   * The logits of the examples at o0 and o1 into {@code z[k]} and {@code z[k + 1]}: each by exactly
   * the arithmetic of {@link #ofUpToFour} (the same bits, which the property tests check at every
   * width), the two interleaved so that they share each load of w. Scoring a batch uses it; one
   * example after the other it reads w twice as often, which bounds a batch by the loads.
   */
  static void ofTwo(float[] x, int o0, int o1, int n, float[] w, float b, float[] z, int k) {
    if (n < L) {
      ofUpToFour(x, o0, o1, o1, o1, 2, n, w, b, z, k);
      return;
    }
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = FloatVector.zero(S);
    FloatVector a2 = FloatVector.zero(S);
    FloatVector a3 = FloatVector.zero(S);
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = FloatVector.zero(S);
    FloatVector c2 = FloatVector.zero(S);
    FloatVector c3 = FloatVector.zero(S);
    int i = 0;
    for (; i <= n - 4 * L; i += 4 * L) {
      FloatVector w0 = FloatVector.fromArray(S, w, i);
      FloatVector w1 = FloatVector.fromArray(S, w, i + L);
      FloatVector w2 = FloatVector.fromArray(S, w, i + 2 * L);
      FloatVector w3 = FloatVector.fromArray(S, w, i + 3 * L);
      a0 = FloatVector.fromArray(S, x, o0 + i).fma(w0, a0);
      a1 = FloatVector.fromArray(S, x, o0 + i + L).fma(w1, a1);
      a2 = FloatVector.fromArray(S, x, o0 + i + 2 * L).fma(w2, a2);
      a3 = FloatVector.fromArray(S, x, o0 + i + 3 * L).fma(w3, a3);
      c0 = FloatVector.fromArray(S, x, o1 + i).fma(w0, c0);
      c1 = FloatVector.fromArray(S, x, o1 + i + L).fma(w1, c1);
      c2 = FloatVector.fromArray(S, x, o1 + i + 2 * L).fma(w2, c2);
      c3 = FloatVector.fromArray(S, x, o1 + i + 3 * L).fma(w3, c3);
    }
    for (; i <= n - L; i += L) {
      FloatVector wv = FloatVector.fromArray(S, w, i);
      a0 = FloatVector.fromArray(S, x, o0 + i).fma(wv, a0);
      c0 = FloatVector.fromArray(S, x, o1 + i).fma(wv, c0);
    }
    if (i < n) {
      int t = n - L;
      FloatVector wt =
          FloatVector.fromArray(S, w, t)
              .mul(FloatVector.fromArray(S, VectorKernel.ZEROS_THEN_ONES, n - i));
      a1 = FloatVector.fromArray(S, x, o0 + t).fma(wt, a1);
      c1 = FloatVector.fromArray(S, x, o1 + t).fma(wt, c1);
    }
    FloatVector v = a0.add(a1).add(a2.add(a3));
    FloatVector u = c0.add(c1).add(c2.add(c3));
    if (L == 2) {
      z[k] = v.lane(0) + v.lane(1) + b;
      z[k + 1] = u.lane(0) + u.lane(1) + b;
    } else if (L == 4) {
      z[k] = (v.lane(0) + v.lane(2)) + (v.lane(1) + v.lane(3)) + b;
      z[k + 1] = (u.lane(0) + u.lane(2)) + (u.lane(1) + u.lane(3)) + b;
    } else if (L == 8) {
      z[k] =
          ((v.lane(0) + v.lane(4)) + (v.lane(2) + v.lane(6)))
              + ((v.lane(1) + v.lane(5)) + (v.lane(3) + v.lane(7)))
              + b;
      z[k + 1] =
          ((u.lane(0) + u.lane(4)) + (u.lane(2) + u.lane(6)))
              + ((u.lane(1) + u.lane(5)) + (u.lane(3) + u.lane(7)))
              + b;
    } else {
      v = v.add(v.rearrange(LaneMath.ROTATE_8));
      u = u.add(u.rearrange(LaneMath.ROTATE_8));
      v = v.add(v.rearrange(LaneMath.ROTATE_4));
      u = u.add(u.rearrange(LaneMath.ROTATE_4));
      v = v.add(v.rearrange(LaneMath.ROTATE_2));
      u = u.add(u.rearrange(LaneMath.ROTATE_2));
      z[k] = v.add(v.rearrange(LaneMath.ROTATE_1)).lane(0) + b;
      z[k + 1] = u.add(u.rearrange(LaneMath.ROTATE_1)).lane(0) + b;
    }
  }
}
