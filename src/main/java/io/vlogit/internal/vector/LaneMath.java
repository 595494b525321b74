package io.vlogit.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp and log1p over lanes, for the sigmoid and the loss. Polynomials fitted for this use (relative
 * error, near-minimax on Chebyshev nodes, coefficients rounded to float), evaluated by Horner with
 * FMA.
 *
 * <p>Accuracy, measured against Math.exp / Math.log1p in double (see LaneMathTest and the
 * exhaustive check in its comment): {@link #expNonPositive} within 2 ulp of float for results ≥
 * 2^−126 and within 2^−149 absolute below (subnormal results); {@link #log1pUnit} within 4 ulp.
 */
final class LaneMath {
  private LaneMath() {}

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;

  // Lane rotations for sum(): rotating by k lanes moves lane i + k to lane i.
  private static final VectorShuffle<Float> ROTATE_1 = rotation(1);
  private static final VectorShuffle<Float> ROTATE_2 = rotation(2);
  private static final VectorShuffle<Float> ROTATE_4 = rotation(4);
  private static final VectorShuffle<Float> ROTATE_8 = rotation(8);
  private static final VectorShuffle<Float> ROTATE_16 = rotation(16);
  private static final VectorShuffle<Float> ROTATE_32 = rotation(32);

  private static VectorShuffle<Float> rotation(int k) {
    return VectorShuffle.fromOp(S, i -> (i + k) % L);
  }

  private static final float LOG2E = 1.44269504f;
  /** ln 2 split in two (Cody–Waite): k·LN2_HI is exact for |k| < 2^8, so r = t − k·ln2 loses nothing. */
  private static final float LN2_HI = 0.693145751953125f;
  private static final float LN2_LO = 1.42860677e-6f;
  /** 1.5·2^23: adding it rounds a float of magnitude < 2^22 to an integer held in the low mantissa bits. */
  private static final float ROUNDER = 12582912f;
  private static final int ROUNDER_BITS = 0x4B400000;
  /** Below this exp underflows to 0 in float (e^−104 < 2^−150). */
  private static final float EXP_MIN = -104f;

  // exp(r) on |r| ≤ ln2/2: 1 + r + E2 r² + ... + E6 r^6, relative error 2e−9 before float rounding.
  private static final float E2 = 0.49999994f;
  private static final float E3 = 0.166664317f;
  private static final float E4 = 0.0416679606f;
  private static final float E5 = 0.00837411918f;
  private static final float E6 = 0.00138461438f;

  // log1p(t)/t on [0, 1], degree 8, relative error 3.3e−8 before float rounding.
  private static final float L1 = -0.499995261f;
  private static final float L2 = 0.333197951f;
  private static final float L3 = -0.248484388f;
  private static final float L4 = 0.191270366f;
  private static final float L5 = -0.137074143f;
  private static final float L6 = 0.0787412077f;
  private static final float L7 = -0.0298188608f;
  private static final float L8 = 0.0053103664f;

  /**
   * exp(t) for t ≤ 0 (NaN-free for t = −∞). t = k·ln2 + r with |r| ≤ ln2/2, exp(r) by polynomial,
   * then the scale 2^k applied as two factors 2^(k/2) so that results down to the smallest
   * subnormal come out right instead of flushing to zero.
   */
  static FloatVector expNonPositive(FloatVector t) {
    FloatVector tc = t.max(EXP_MIN);
    FloatVector shifted = tc.fma(LOG2E, ROUNDER);
    FloatVector k = shifted.sub(ROUNDER);
    FloatVector r = k.fma(c(-LN2_HI), tc);
    r = k.fma(c(-LN2_LO), r);
    FloatVector p = r.fma(E6, E5);
    p = p.fma(r, c(E4));
    p = p.fma(r, c(E3));
    p = p.fma(r, c(E2));
    p = p.fma(r, c(1f));
    p = p.fma(r, c(1f));
    IntVector ki = shifted.reinterpretAsInts().sub(ROUNDER_BITS);
    IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
    IntVector k2 = ki.sub(k1);
    FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    FloatVector s2 = k2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    return p.mul(s1).mul(s2);
  }

  /** log(1 + t) for t in [0, 1]: t·q(t) with q ≈ log1p(t)/t, so tiny t keep full relative accuracy. */
  static FloatVector log1pUnit(FloatVector t) {
    FloatVector q = t.fma(L8, L7);
    q = q.fma(t, c(L6));
    q = q.fma(t, c(L5));
    q = q.fma(t, c(L4));
    q = q.fma(t, c(L3));
    q = q.fma(t, c(L2));
    q = q.fma(t, c(L1));
    q = q.fma(t, c(1f));
    return q.mul(t);
  }

  /** σ(z) lanewise, from e = exp(−|z|): 1/(1+e) for z ≥ 0, e/(1+e) for z < 0. */
  static FloatVector sigmoid(FloatVector z) {
    FloatVector e = expNonPositive(z.abs().neg());
    FloatVector r = FloatVector.broadcast(S, 1f).div(e.add(1f));
    return r.blend(e.mul(r), z.compare(VectorOperators.LT, 0f));
  }

  /**
   * The forward and backward pass of one vector of examples, from their logits: stores {@code dz =
   * s·(σ(z) − y)} into {@code dzOut[offset ..]} and returns {@code s·(softplus(z) − y·z)}, computed
   * as {@code max(z·(1−2y), 0) + log1p(exp(−|z|))} (finite for every finite z, no cancellation).
   * {@code s == null} means every weight is 1.
   */
  static FloatVector logistic(FloatVector z, FloatVector y, FloatVector s, float[] dzOut, int offset) {
    FloatVector e = expNonPositive(z.abs().neg());
    FloatVector r = FloatVector.broadcast(S, 1f).div(e.add(1f));
    FloatVector a = r.blend(e.mul(r), z.compare(VectorOperators.LT, 0f));
    FloatVector dz = a.sub(y);
    FloatVector margin = z.mul(y.fma(-2f, 1f));
    FloatVector loss = log1pUnit(e).add(margin.max(0f));
    if (s != null) {
      dz = dz.mul(s);
      loss = loss.mul(s);
    }
    dz.intoArray(dzOut, offset);
    return loss;
  }

  /**
   * The sum of the lanes, always in the same order: a halving tree (lane i + L/2 added to lane i,
   * then i + L/4, ...). Not reduceLanes(ADD): the Vector API leaves its order open, and JDK 25's
   * compiled code sums in another order than its interpreter, so results would depend on whether
   * the JIT had compiled the caller yet, and a model would not be reproducible. HotSpot keeps vector
   * sizes powers of two (checked in {@link Species}), so the tree is complete.
   */
  static float sum(FloatVector v) {
    if (L >= 64) {
      v = v.add(v.rearrange(ROTATE_32));
    }
    if (L >= 32) {
      v = v.add(v.rearrange(ROTATE_16));
    }
    if (L >= 16) {
      v = v.add(v.rearrange(ROTATE_8));
    }
    if (L >= 8) {
      v = v.add(v.rearrange(ROTATE_4));
    }
    if (L >= 4) {
      v = v.add(v.rearrange(ROTATE_2));
    }
    return v.add(v.rearrange(ROTATE_1)).lane(0);
  }

  /** A constant broadcast to every lane (the JIT hoists it out of loops). */
  private static FloatVector c(float v) {
    return FloatVector.broadcast(S, v);
  }
}
