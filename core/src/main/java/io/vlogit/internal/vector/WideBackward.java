package io.vlogit.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The backward pass of {@link WideGradient}: {@code acc += Σ dz·x} over a block, four examples at a
 * time ({@link #axpy4}), or, for rows of up to two vectors, with the block's gradient in registers
 * ({@link #axpyShort}). Examples are named as in WideGradient (groups of four positions). Every
 * method takes arrays and primitives only (see {@link LaneMath}).
 */
final class WideBackward {
  private WideBackward() {}

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;

  /**
   * {@code acc += Σ dz[k]·x_k} over a block of rows of L ≤ n ≤ 2L features: each row is one vector
   * at 0 and, unless n = L, one at n − L, and the block's gradient stays in registers, four sums
   * per vector (examples k mod 4) so that the FMAs do not wait on each other; the overlap of the
   * second vector with the first is zeroed once per block. The second vector's sums go to {@code
   * acc[L ..]}: the whole second vector when n = 2L, the last vector's entries otherwise (see
   * VectorWorkspace#dwAcc).
   */
  static void axpyShort(float[] x, int[] rows, int j0, int count, int n, float[] dz, float[] acc) {
    int t = n - L;
    FloatVector h0 = FloatVector.zero(S);
    FloatVector h1 = FloatVector.zero(S);
    FloatVector h2 = FloatVector.zero(S);
    FloatVector h3 = FloatVector.zero(S);
    FloatVector t0 = FloatVector.zero(S);
    FloatVector t1 = FloatVector.zero(S);
    FloatVector t2 = FloatVector.zero(S);
    FloatVector t3 = FloatVector.zero(S);
    int last = j0 + count - 1;
    for (int k = 0; k < count; k += 4) {
      // Positions as in WideGradient.dot4, and computed in the loop for the same reason: the
      // eight sums stayed in registers on JDK 25 only without a call in the loop.
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
      int p0 = e0 * n;
      int p1 = e1 * n;
      int p2 = e2 * n;
      int p3 = e3 * n;
      FloatVector d0 = FloatVector.broadcast(S, dz[k]);
      FloatVector d1 = FloatVector.broadcast(S, dz[k + 1]);
      FloatVector d2 = FloatVector.broadcast(S, dz[k + 2]);
      FloatVector d3 = FloatVector.broadcast(S, dz[k + 3]);
      h0 = FloatVector.fromArray(S, x, p0).fma(d0, h0);
      h1 = FloatVector.fromArray(S, x, p1).fma(d1, h1);
      h2 = FloatVector.fromArray(S, x, p2).fma(d2, h2);
      h3 = FloatVector.fromArray(S, x, p3).fma(d3, h3);
      if (t > 0) {
        t0 = FloatVector.fromArray(S, x, p0 + t).fma(d0, t0);
        t1 = FloatVector.fromArray(S, x, p1 + t).fma(d1, t1);
        t2 = FloatVector.fromArray(S, x, p2 + t).fma(d2, t2);
        t3 = FloatVector.fromArray(S, x, p3 + t).fma(d3, t3);
      }
    }
    FloatVector head = h0.add(h1).add(h2.add(h3));
    head.add(FloatVector.fromArray(S, acc, 0)).intoArray(acc, 0);
    if (t == 0) {
      return;
    }
    FloatVector tail =
        t0.add(t1).add(t2.add(t3)).mul(FloatVector.fromArray(S, VectorKernel.ZEROS_THEN_ONES, t));
    tail.add(FloatVector.fromArray(S, acc, L)).intoArray(acc, L);
  }

  /** {@code acc += Σ_q dz[k + q]·x_q} for the four examples of {@code group}, in that order. */
  static void axpy4(float[] x, int[] rows, long group, int n, float[] dz, int k, float[] acc) {
    int p0 = WideGradient.at(rows, group, 0, n);
    int p1 = WideGradient.at(rows, group, 1, n);
    int p2 = WideGradient.at(rows, group, 2, n);
    int p3 = WideGradient.at(rows, group, 3, n);
    int full = S.loopBound(n);
    FloatVector d0 = FloatVector.broadcast(S, dz[k]);
    FloatVector d1 = FloatVector.broadcast(S, dz[k + 1]);
    FloatVector d2 = FloatVector.broadcast(S, dz[k + 2]);
    FloatVector d3 = FloatVector.broadcast(S, dz[k + 3]);
    for (int i = 0; i < full; i += L) {
      FloatVector g = FloatVector.fromArray(S, acc, i);
      g = FloatVector.fromArray(S, x, p0 + i).fma(d0, g);
      g = FloatVector.fromArray(S, x, p1 + i).fma(d1, g);
      g = FloatVector.fromArray(S, x, p2 + i).fma(d2, g);
      g = FloatVector.fromArray(S, x, p3 + i).fma(d3, g);
      g.intoArray(acc, i);
    }
    if (full < n) {
      int i = n - L;
      FloatVector m = FloatVector.fromArray(S, VectorKernel.ZEROS_THEN_ONES, n - full);
      FloatVector g = FloatVector.fromArray(S, acc, full);
      g = FloatVector.fromArray(S, x, p0 + i).fma(d0.mul(m), g);
      g = FloatVector.fromArray(S, x, p1 + i).fma(d1.mul(m), g);
      g = FloatVector.fromArray(S, x, p2 + i).fma(d2.mul(m), g);
      g = FloatVector.fromArray(S, x, p3 + i).fma(d3.mul(m), g);
      g.intoArray(acc, full);
    }
  }
}
