package io.vlogit.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The backward pass of {@link SoftmaxGradient}: {@code Σ dz_c·x} over a block into each class's
 * float partial gradient ({@link SoftmaxWorkspace#gradAcc}), a group of classes at a time, so that
 * each vector of x is loaded once per example for the whole group. Each class's sums add the
 * block's examples in order, whatever its group, so the grouping does not change their bits.
 *
 * <p>Classes go four at a time, padded to a multiple of four. When the last group has only one or
 * two real classes (K mod 4 = 1 or 2), the backward pass takes it as a pair ({@link #twoClasses})
 * instead of four, so that it does not multiply x by the padding's zero dz. With K = 10 classes of
 * 784 features this pair made the epoch 5 to 12 % faster on JDK 17 and 25; at K = 6 of 128
 * features, where the forward pass takes most of the time, the backward pass took a quarter fewer
 * samples and the epoch's rounds did not agree (bench/README.md, "The softmax's last classes as a
 * pair"). The forward pass later took the same group as a pair too ({@link SoftmaxPairLogits}). A
 * last group of three real classes stays a group of four in both.
 */
final class SoftmaxBackward {
  private SoftmaxBackward() {}

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;
  private static final int B = SoftmaxWorkspace.BLOCK;

  /**
   * {@code Σ dz_c·x} over the block for the classes below {@code classes} (a multiple of four),
   * four at a time: per example, each vector of x is loaded once and multiplied by the four
   * classes' dz.
   */
  static void fourClasses(float[] x, int n, SoftmaxWorkspace ws, int classes) {
    int[] o = ws.offsets;
    float[] dz = ws.dz;
    float[] acc = ws.gradAcc;
    int stride = ws.stride;
    int full = S.loopBound(n);
    for (int c = 0; c < classes; c += 4) {
      int g0 = c * stride;
      int g1 = g0 + stride;
      int g2 = g1 + stride;
      int g3 = g2 + stride;
      int d0i = c * B;
      int i = 0;
      // Two vectors of features at a time: per example, two loads of x and four broadcasts of dz
      // feed eight FMAs.
      for (; i + 2 * L <= full; i += 2 * L) {
        FloatVector s0 = FloatVector.fromArray(S, acc, g0 + i);
        FloatVector s1 = FloatVector.fromArray(S, acc, g1 + i);
        FloatVector s2 = FloatVector.fromArray(S, acc, g2 + i);
        FloatVector s3 = FloatVector.fromArray(S, acc, g3 + i);
        FloatVector t0 = FloatVector.fromArray(S, acc, g0 + i + L);
        FloatVector t1 = FloatVector.fromArray(S, acc, g1 + i + L);
        FloatVector t2 = FloatVector.fromArray(S, acc, g2 + i + L);
        FloatVector t3 = FloatVector.fromArray(S, acc, g3 + i + L);
        for (int e = 0; e < B; e++) {
          FloatVector xv = FloatVector.fromArray(S, x, o[e] + i);
          FloatVector xw = FloatVector.fromArray(S, x, o[e] + i + L);
          FloatVector d0 = FloatVector.broadcast(S, dz[d0i + e]);
          FloatVector d1 = FloatVector.broadcast(S, dz[d0i + B + e]);
          FloatVector d2 = FloatVector.broadcast(S, dz[d0i + 2 * B + e]);
          FloatVector d3 = FloatVector.broadcast(S, dz[d0i + 3 * B + e]);
          s0 = xv.fma(d0, s0);
          s1 = xv.fma(d1, s1);
          s2 = xv.fma(d2, s2);
          s3 = xv.fma(d3, s3);
          t0 = xw.fma(d0, t0);
          t1 = xw.fma(d1, t1);
          t2 = xw.fma(d2, t2);
          t3 = xw.fma(d3, t3);
        }
        s0.intoArray(acc, g0 + i);
        s1.intoArray(acc, g1 + i);
        s2.intoArray(acc, g2 + i);
        s3.intoArray(acc, g3 + i);
        t0.intoArray(acc, g0 + i + L);
        t1.intoArray(acc, g1 + i + L);
        t2.intoArray(acc, g2 + i + L);
        t3.intoArray(acc, g3 + i + L);
      }
      for (; i < stride; i += L) {
        int xi = i < full ? i : n - L; // the last vector (at i = full) is read at n − L
        FloatVector s0 = FloatVector.fromArray(S, acc, g0 + i);
        FloatVector s1 = FloatVector.fromArray(S, acc, g1 + i);
        FloatVector s2 = FloatVector.fromArray(S, acc, g2 + i);
        FloatVector s3 = FloatVector.fromArray(S, acc, g3 + i);
        for (int e = 0; e < B; e++) {
          FloatVector xv = FloatVector.fromArray(S, x, o[e] + xi);
          s0 = xv.fma(FloatVector.broadcast(S, dz[d0i + e]), s0);
          s1 = xv.fma(FloatVector.broadcast(S, dz[d0i + B + e]), s1);
          s2 = xv.fma(FloatVector.broadcast(S, dz[d0i + 2 * B + e]), s2);
          s3 = xv.fma(FloatVector.broadcast(S, dz[d0i + 3 * B + e]), s3);
        }
        s0.intoArray(acc, g0 + i);
        s1.intoArray(acc, g1 + i);
        s2.intoArray(acc, g2 + i);
        s3.intoArray(acc, g3 + i);
      }
    }
  }

  /**
   * {@code Σ dz_c·x} over the block for classes c and c + 1 (the second real or padding), four
   * vectors of features at a time, so that eight chains of FMAs run side by side as in a group of
   * four. With two vectors at a time (four chains, each FMA waiting on the one before), the epoch
   * at 128 × 10⁵ × 6 was no faster than with the group of four (bench/README.md, "The softmax's
   * last classes as a pair").
   */
  static void twoClasses(float[] x, int n, SoftmaxWorkspace ws, int c) {
    int[] o = ws.offsets;
    float[] dz = ws.dz;
    float[] acc = ws.gradAcc;
    int stride = ws.stride;
    int full = S.loopBound(n);
    int g0 = c * stride;
    int g1 = g0 + stride;
    int d0i = c * B;
    int i = 0;
    for (; i + 4 * L <= full; i += 4 * L) {
      FloatVector s0 = FloatVector.fromArray(S, acc, g0 + i);
      FloatVector s1 = FloatVector.fromArray(S, acc, g1 + i);
      FloatVector t0 = FloatVector.fromArray(S, acc, g0 + i + L);
      FloatVector t1 = FloatVector.fromArray(S, acc, g1 + i + L);
      FloatVector u0 = FloatVector.fromArray(S, acc, g0 + i + 2 * L);
      FloatVector u1 = FloatVector.fromArray(S, acc, g1 + i + 2 * L);
      FloatVector v0 = FloatVector.fromArray(S, acc, g0 + i + 3 * L);
      FloatVector v1 = FloatVector.fromArray(S, acc, g1 + i + 3 * L);
      for (int e = 0; e < B; e++) {
        int p = o[e] + i;
        FloatVector d0 = FloatVector.broadcast(S, dz[d0i + e]);
        FloatVector d1 = FloatVector.broadcast(S, dz[d0i + B + e]);
        FloatVector xs = FloatVector.fromArray(S, x, p);
        FloatVector xt = FloatVector.fromArray(S, x, p + L);
        FloatVector xu = FloatVector.fromArray(S, x, p + 2 * L);
        FloatVector xv = FloatVector.fromArray(S, x, p + 3 * L);
        s0 = xs.fma(d0, s0);
        s1 = xs.fma(d1, s1);
        t0 = xt.fma(d0, t0);
        t1 = xt.fma(d1, t1);
        u0 = xu.fma(d0, u0);
        u1 = xu.fma(d1, u1);
        v0 = xv.fma(d0, v0);
        v1 = xv.fma(d1, v1);
      }
      s0.intoArray(acc, g0 + i);
      s1.intoArray(acc, g1 + i);
      t0.intoArray(acc, g0 + i + L);
      t1.intoArray(acc, g1 + i + L);
      u0.intoArray(acc, g0 + i + 2 * L);
      u1.intoArray(acc, g1 + i + 2 * L);
      v0.intoArray(acc, g0 + i + 3 * L);
      v1.intoArray(acc, g1 + i + 3 * L);
    }
    // What is left: whole vectors one at a time, then the last vector (at i = full), read at n − L.
    for (; i < stride; i += L) {
      int xi = i < full ? i : n - L;
      FloatVector s0 = FloatVector.fromArray(S, acc, g0 + i);
      FloatVector s1 = FloatVector.fromArray(S, acc, g1 + i);
      for (int e = 0; e < B; e++) {
        FloatVector xv = FloatVector.fromArray(S, x, o[e] + xi);
        s0 = xv.fma(FloatVector.broadcast(S, dz[d0i + e]), s0);
        s1 = xv.fma(FloatVector.broadcast(S, dz[d0i + B + e]), s1);
      }
      s0.intoArray(acc, g0 + i);
      s1.intoArray(acc, g1 + i);
    }
  }
}
