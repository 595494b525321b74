package io.vlogit.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The logit of an example, {@code w·x + b}: the one dot product of scoring, one example or a batch,
 * so that a score has the same bits wherever it is computed.
 */
final class Logit {
  private Logit() {}

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;

  /**
   * The logit of the example of n features at {@code x[offset]}, the same bits in every caller.
   *
   * <p>Each example: four accumulators over runs of 4L features, so that the loop is bound by FMA
   * throughput rather than by one chain's latency; the remaining whole vectors into the first, the
   * last n mod L features into the second (the final whole vector loaded at n − L, overlapping, its
   * overlap zeroed through w); then (a0 + a1) + (a2 + a3), the fixed lane tree of {@link
   * LaneMath#sumLanesInPlace}, then b. Below L features, in double (a handful of terms).
   *
   * <p>Each path is its own method. The one for L to 2L − 1 features stays under C2's size for
   * inlining a hot method (FreqInlineSize, 325 bytes of bytecode) and has no loop, so that a single
   * score of a short row is a few dozen instructions inside the caller that overlap with its next
   * call, where a call cost as much as the arithmetic. Every path uses the one species: a second
   * species in the same JVM (8-lane halves of the 16-lane vectors were tried here) made other
   * kernels box their vectors after a long run (bench/README.md, "Design measurements").
   */
  static float of(float[] x, int offset, int n, float[] w, float b) {
    if (n < L) {
      return ofNarrow(x, offset, n, w, b);
    } else if (n >= 2 * L) {
      return ofWide(x, offset, n, w, b);
    }
    return ofShort(x, offset, n, w, b);
  }

  /** {@link #of} below L features: in double, a handful of terms. */
  private static float ofNarrow(float[] x, int offset, int n, float[] w, float b) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += (double) w[i] * x[offset + i];
    }
    return (float) (b + s);
  }

  /** {@link #of} for L ≤ n < 2L. */
  private static float ofShort(float[] x, int offset, int n, float[] w, float b) {
    int t = n - L;
    FloatVector zero = FloatVector.zero(S);
    FloatVector v = FloatVector.fromArray(S, x, offset).fma(FloatVector.fromArray(S, w, 0), zero);
    FloatVector a1 = zero;
    if (t > 0) {
      FloatVector wt =
          FloatVector.fromArray(S, w, t)
              .mul(FloatVector.fromArray(S, VectorKernel.ZEROS_THEN_ONES, t));
      a1 = FloatVector.fromArray(S, x, offset + t).fma(wt, zero);
    }
    // ofWide and ofTwo add (a2 + a3), +0 below 4L, to a0 + a1. Adding +0 only turns a −0 lane into
    // +0, which changes the lane tree's sum only when every lane is −0; lane 0 of a1 is +0 (its
    // weight is masked to zero, or a1 is zero), so lane 0 of a0 + a1 is never −0. Leaving the add
    // out keeps the bits and takes one dependent add off a single score.
    v = v.add(a1);
    if (L == 2) {
      return v.lane(0) + v.lane(1) + b;
    } else if (L == 4) {
      return (v.lane(0) + v.lane(2)) + (v.lane(1) + v.lane(3)) + b;
    } else if (L == 16) {
      v = v.add(v.rearrange(LaneMath.ROTATE_8)); // the tree's first level; then as for 8 lanes
    }
    return ((v.lane(0) + v.lane(4)) + (v.lane(2) + v.lane(6)))
        + ((v.lane(1) + v.lane(5)) + (v.lane(3) + v.lane(7)))
        + b;
  }

  /** {@link #of} from 2L features. */
  private static float ofWide(float[] x, int offset, int n, float[] w, float b) {
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
    // The 0 to 3 whole vectors left, in straight-line code: on JDK 25 a loop `for (; i <= n - L;
    // i += L)` here hit a loop_limit_check trap once compiled, and C2 recompiled the method with
    // the index checks back beside every load of the loop above; a loop of three trips instead
    // made JDK 17 box a0 (bench/README.md, "Design measurements").
    if (i <= n - L) {
      a0 = FloatVector.fromArray(S, x, offset + i).fma(FloatVector.fromArray(S, w, i), a0);
      i += L;
      if (i <= n - L) {
        a0 = FloatVector.fromArray(S, x, offset + i).fma(FloatVector.fromArray(S, w, i), a0);
        i += L;
        if (i <= n - L) {
          a0 = FloatVector.fromArray(S, x, offset + i).fma(FloatVector.fromArray(S, w, i), a0);
          i += L;
        }
      }
    }
    if (i < n) {
      int t = n - L;
      FloatVector wt =
          FloatVector.fromArray(S, w, t)
              .mul(FloatVector.fromArray(S, VectorKernel.ZEROS_THEN_ONES, n - i));
      a1 = FloatVector.fromArray(S, x, offset + t).fma(wt, a1);
    }
    FloatVector v = a0.add(a1).add(a2.add(a3));
    if (L == 2) {
      return v.lane(0) + v.lane(1) + b;
    } else if (L == 4) {
      return (v.lane(0) + v.lane(2)) + (v.lane(1) + v.lane(3)) + b;
    } else if (L == 16) {
      v = v.add(v.rearrange(LaneMath.ROTATE_8)); // the tree's first level; then as for 8 lanes
    }
    return ((v.lane(0) + v.lane(4)) + (v.lane(2) + v.lane(6)))
        + ((v.lane(1) + v.lane(5)) + (v.lane(3) + v.lane(7)))
        + b;
  }

  /**
   * The logits of the examples at o0 and o1 into {@code z[k0]} and {@code z[k1]}: each by exactly
   * the arithmetic of {@link #of} (the same bits, which the property tests check at every width),
   * the two interleaved so that they share each load of w. Scoring a batch uses it; one example
   * after the other it reads w twice as often, which bounds a batch by the loads.
   */
  static void ofTwo(
      float[] x, int o0, int o1, int n, float[] w, float b, float[] z, int k0, int k1) {
    if (n < L) {
      z[k0] = ofNarrow(x, o0, n, w, b);
      z[k1] = ofNarrow(x, o1, n, w, b);
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
    // The 0 to 3 whole vectors left, in nested ifs as in ofWide, for the same reason.
    if (i <= n - L) {
      FloatVector wv = FloatVector.fromArray(S, w, i);
      a0 = FloatVector.fromArray(S, x, o0 + i).fma(wv, a0);
      c0 = FloatVector.fromArray(S, x, o1 + i).fma(wv, c0);
      i += L;
      if (i <= n - L) {
        wv = FloatVector.fromArray(S, w, i);
        a0 = FloatVector.fromArray(S, x, o0 + i).fma(wv, a0);
        c0 = FloatVector.fromArray(S, x, o1 + i).fma(wv, c0);
        i += L;
        if (i <= n - L) {
          wv = FloatVector.fromArray(S, w, i);
          a0 = FloatVector.fromArray(S, x, o0 + i).fma(wv, a0);
          c0 = FloatVector.fromArray(S, x, o1 + i).fma(wv, c0);
          i += L;
        }
      }
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
      z[k0] = v.lane(0) + v.lane(1) + b;
      z[k1] = u.lane(0) + u.lane(1) + b;
    } else if (L == 4) {
      z[k0] = (v.lane(0) + v.lane(2)) + (v.lane(1) + v.lane(3)) + b;
      z[k1] = (u.lane(0) + u.lane(2)) + (u.lane(1) + u.lane(3)) + b;
    } else if (L == 8) {
      z[k0] =
          ((v.lane(0) + v.lane(4)) + (v.lane(2) + v.lane(6)))
              + ((v.lane(1) + v.lane(5)) + (v.lane(3) + v.lane(7)))
              + b;
      z[k1] =
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
      z[k0] = v.add(v.rearrange(LaneMath.ROTATE_1)).lane(0) + b;
      z[k1] = u.add(u.rearrange(LaneMath.ROTATE_1)).lane(0) + b;
    }
  }
}
