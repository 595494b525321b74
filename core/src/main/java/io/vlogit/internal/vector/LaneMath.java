package io.vlogit.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The logistic functions over lanes: exp, σ, dz, the loss and the softmax loss's log, on blocks of
 * values in arrays.
 *
 * <p><b>Why arrays, not vectors, cross every method boundary here.</b> C2 only keeps a FloatVector
 * in a register when every method it passes through is inlined; a call that is not inlined boxes
 * the vector in a heap object, on every call. The JDK's own Vector API methods are annotated to be
 * inlined always; ours cannot be, and C2 refuses them for many reasons a library does not control:
 * too large, compiled separately first, or, once a compilation unit holds many nodes
 * (NodeCountInliningCutoff), any size at all, even a helper that returns a broadcast constant. So
 * no method of this package takes or returns a vector: vector values live and die inside one
 * method, whose signature is arrays and primitives; a missed inline then costs a call, not an
 * allocation.
 *
 * <p><b>Our own polynomials, not the Vector API's EXP and LOG1P</b>: those lanewise operations are
 * intrinsified on x86 only with the JDK's SVML stubs and not at all on AArch64 before JDK 24, where
 * they run as Java and allocate on every call; and their results may differ between JDKs and CPUs.
 * These are the same everywhere, to the bit.
 *
 * <p><b>Accuracy</b>, measured against Math.exp / Math.log1p in double over every float of [−104,
 * 0] (LaneMathAccuracyTest, opt-in): exp within 1.48 u for results ≥ 2^−126 and within 2^−149
 * below; log1p within 3.39 u; σ within 3.39 u (u = 2^−24). Polynomials fitted for this use
 * (relative error, near-minimax on Chebyshev nodes, coefficients rounded to float), evaluated by
 * Horner with FMA.
 */
final class LaneMath {
  private LaneMath() {}

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;

  private static final float LOG2E = 1.44269504f;

  /**
   * ln 2 split in two (Cody–Waite): k·LN2_HI is exact for |k| < 2^8, so r = t − k·ln2 loses
   * nothing.
   */
  private static final float LN2_HI = 0.693145751953125f;

  private static final float LN2_LO = 1.42860677e-6f;

  /**
   * 1.5·2^23: adding it rounds a float of magnitude < 2^22 to an integer held in the low mantissa
   * bits.
   */
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

  // Lane rotations for the fixed-order lane sums: rotating by k moves lane i + k to lane i.
  static final VectorShuffle<Float> ROTATE_1 = rotation(1);
  static final VectorShuffle<Float> ROTATE_2 = rotation(2);
  static final VectorShuffle<Float> ROTATE_4 = rotation(4);
  static final VectorShuffle<Float> ROTATE_8 = rotation(8);

  private static VectorShuffle<Float> rotation(int k) {
    return VectorShuffle.fromOp(S, i -> (i + k) % L);
  }

  /**
   * {@code out[k] = exp(−|z[k]|)} (or, with {@code sigmoid}, σ(z[k])), for k in [0, count), count a
   * multiple of the lanes. exp(−|z|) lies in [0, 1] and never overflows; {@link #logistic} forms σ
   * and the loss from it.
   *
   * <p>t = −|z| = k·ln2 + r with |r| ≤ ln2/2; exp(r) by polynomial; then the scale 2^k is applied
   * as two factors 2^(k/2), so that results down to the smallest subnormal come out right instead
   * of flushing to zero. σ is then 1/(1+e) for z ≥ 0 and e/(1+e) for z < 0 (z = −0 and an e that
   * underflowed to 0 both come out right). {@code out} may be {@code z}.
   *
   * <p>One method for both, on purpose: at over 325 bytecodes (C2's FreqInlineSize) it is never
   * inlined, so it is always compiled on its own, at depth 0. A small vector method inlined into a
   * caller's deep chain of calls can push the Vector API's own methods past C2's MaxInlineLevel,
   * and they then allocate a box per operation.
   *
   * <p>The float–int reinterpretations name their species ({@link Species#INT}, {@link #S}), not
   * {@code reinterpretAsInts()}, which finds the int species through a lazily filled cache of the
   * JDK's: with a constant species nothing is left for C2 to fold.
   */
  static void expNegAbs(
      float[] z, int zOffset, float[] out, int outOffset, int count, boolean sigmoid) {
    FloatVector ln2Hi = FloatVector.broadcast(S, -LN2_HI);
    FloatVector ln2Lo = FloatVector.broadcast(S, -LN2_LO);
    FloatVector e4 = FloatVector.broadcast(S, E4);
    FloatVector e3 = FloatVector.broadcast(S, E3);
    FloatVector e2 = FloatVector.broadcast(S, E2);
    FloatVector one = FloatVector.broadcast(S, 1f);
    for (int v = 0; v < count; v += L) {
      FloatVector zv = FloatVector.fromArray(S, z, zOffset + v);
      FloatVector t = zv.abs().neg().max(EXP_MIN);
      FloatVector shifted = t.fma(LOG2E, ROUNDER);
      FloatVector k = shifted.sub(ROUNDER);
      FloatVector r = k.fma(ln2Hi, t);
      r = k.fma(ln2Lo, r);
      FloatVector p = r.fma(E6, E5);
      p = p.fma(r, e4);
      p = p.fma(r, e3);
      p = p.fma(r, e2);
      p = p.fma(r, one);
      p = p.fma(r, one);
      IntVector ki = ((IntVector) shifted.reinterpretShape(Species.INT, 0)).sub(ROUNDER_BITS);
      IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
      IntVector k2 = ki.sub(k1);
      FloatVector s1 =
          (FloatVector) k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretShape(S, 0);
      FloatVector s2 =
          (FloatVector) k2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretShape(S, 0);
      FloatVector e = p.mul(s1).mul(s2);
      if (sigmoid) {
        // z < 0 as a float compare: a mask cast from an int sign test is not compiled to SIMD
        // (it allocated a box per operation). z = −0 gives ½ on either side of the blend.
        FloatVector q = one.div(e.add(one));
        q.blend(e.mul(q), zv.compare(VectorOperators.LT, 0f)).intoArray(out, outOffset + v);
      } else {
        e.intoArray(out, outOffset + v);
      }
    }
  }

  /**
   * σ(z) of one value, by the operations of {@link #expNegAbs} with {@code sigmoid} on one lane:
   * each step is one IEEE float operation (Math.fma rounds once, as a lane's fma does), or, in two
   * places said below, another operation of the same value, so the result has the same bits as the
   * lanes' and the same error bound. Scoring one example uses it, so that a logit's σ has the same
   * bits alone as in a batch, and it is cheaper than the double σ (Math.exp and a double division).
   * Scalar, with no vector, so it can be inlined anywhere (see the class comment).
   */
  static float sigmoid(float z) {
    // A comparison, not Math.max: the same value for every z, NaN and −0 included. C2 compiles
    // Math.max(float) to a NaN-aware select of six instructions on σ's dependent chain; this
    // branch, taken only below −104, costs the chain nothing (bench/README.md, "The first Intel
    // host").
    float a = -Math.abs(z);
    float t = a < EXP_MIN ? EXP_MIN : a;
    float shifted = Math.fma(t, LOG2E, ROUNDER);
    float k = shifted - ROUNDER;
    float r = Math.fma(k, -LN2_HI, t);
    r = Math.fma(k, -LN2_LO, r);
    float p = Math.fma(r, E6, E5);
    p = Math.fma(p, r, E4);
    p = Math.fma(p, r, E3);
    p = Math.fma(p, r, E2);
    p = Math.fma(p, r, 1f);
    p = Math.fma(p, r, 1f);
    int ki = Float.floatToRawIntBits(shifted) - ROUNDER_BITS;
    float e;
    if (ki >= -126) {
      // 2^k is a normal float: p·2^k in one multiply. The lanes' p·2^k1 is exact, so their second
      // multiply rounds the same real number once, as this one does: the same bits, one dependent
      // multiply fewer.
      e = p * Float.intBitsToFloat((ki + 127) << 23);
    } else {
      int k1 = ki >> 1;
      int k2 = ki - k1;
      e = p * Float.intBitsToFloat((k1 + 127) << 23) * Float.intBitsToFloat((k2 + 127) << 23);
    }
    float q = 1f / (e + 1f);
    return z < 0f ? e * q : q;
  }

  /**
   * The forward and backward pass of {@code count} examples (a multiple of the lanes) from their
   * logits z (bias included) and exp(−|z|) (see {@link #expNegAbs}): stores {@code dz = s·(σ(z) −
   * y)} and adds, lane by lane, {@code s·loss} into {@code acc[0, L)} and {@code dz} into {@code
   * acc[L, 2L)}; without {@code withLoss}, dz only (the same bits). The loss {@code softplus(z) −
   * y·z} is formed as {@code max(z·(1−2y), 0) + log1p(exp(−|z|))}: finite for every finite z, no
   * cancellation.
   *
   * <p>{@code s} is never null: unweighted callers pass {@link VectorWorkspace#ones} (a product
   * with 1 is exact, so the bits are those of no weights). No branch on the weights inside the
   * loop: a branch that some callers take and others never do makes the compiled code depend on the
   * call history, and JDK 17's C2 has been seen to recompile such a loop with its lane accumulators
   * in heap boxes (README, "How it is tested").
   */
  static void logistic(
      float[] z,
      float[] expNegAbs,
      int offset,
      float[] y,
      int yOffset,
      float[] s,
      int sOffset,
      int count,
      float[] dz,
      float[] acc,
      boolean withLoss) {
    if (!withLoss) {
      dzOnly(z, expNegAbs, offset, y, yOffset, s, sOffset, count, dz, acc);
      return;
    }
    FloatVector lossAcc = FloatVector.fromArray(S, acc, 0);
    FloatVector dzAcc = FloatVector.fromArray(S, acc, L);
    FloatVector one = FloatVector.broadcast(S, 1f);
    FloatVector l6 = FloatVector.broadcast(S, L6);
    FloatVector l5 = FloatVector.broadcast(S, L5);
    FloatVector l4 = FloatVector.broadcast(S, L4);
    FloatVector l3 = FloatVector.broadcast(S, L3);
    FloatVector l2 = FloatVector.broadcast(S, L2);
    FloatVector l1 = FloatVector.broadcast(S, L1);
    for (int v = 0; v < count; v += L) {
      FloatVector zv = FloatVector.fromArray(S, z, offset + v);
      FloatVector e = FloatVector.fromArray(S, expNegAbs, offset + v);
      FloatVector yv = FloatVector.fromArray(S, y, yOffset + v);
      FloatVector sv = FloatVector.fromArray(S, s, sOffset + v);
      FloatVector r = one.div(e.add(one));
      FloatVector a = r.blend(e.mul(r), zv.compare(VectorOperators.LT, 0f));
      FloatVector d = a.sub(yv).mul(sv);
      FloatVector q = e.fma(L8, L7);
      q = q.fma(e, l6);
      q = q.fma(e, l5);
      q = q.fma(e, l4);
      q = q.fma(e, l3);
      q = q.fma(e, l2);
      q = q.fma(e, l1);
      q = q.fma(e, one);
      FloatVector margin = zv.mul(yv.fma(-2f, 1f));
      FloatVector loss = q.mul(e).add(margin.max(0f)).mul(sv);
      d.intoArray(dz, offset + v);
      lossAcc = lossAcc.add(loss);
      dzAcc = dzAcc.add(d);
    }
    lossAcc.intoArray(acc, 0);
    dzAcc.intoArray(acc, L);
  }

  /**
   * ln a in place over {@code a[offset, offset + count)}, count a multiple of L, for a ≥ 1 (the
   * softmax's Σ exp(z_c − max), whose largest term is 1; NaN where a is not finite): a = 2^k·m with
   * m in [1, 2), so ln a = k·ln 2 + log1p(m − 1), with {@link #logistic}'s log1p polynomial on [0,
   * 1) and m − 1 exact. Within 3.39 u of log1p plus two roundings, about 5.4 u of ln a. In lanes,
   * not by Math.log per value: on JDK 17 that call took a fifth of the softmax epoch at 128
   * features and K = 4 (bench/README.md, "Design measurements").
   */
  static void logAtLeastOne(float[] a, int offset, int count) {
    FloatVector ln2Hi = FloatVector.broadcast(S, LN2_HI);
    FloatVector ln2Lo = FloatVector.broadcast(S, LN2_LO);
    FloatVector one = FloatVector.broadcast(S, 1f);
    FloatVector l6 = FloatVector.broadcast(S, L6);
    FloatVector l5 = FloatVector.broadcast(S, L5);
    FloatVector l4 = FloatVector.broadcast(S, L4);
    FloatVector l3 = FloatVector.broadcast(S, L3);
    FloatVector l2 = FloatVector.broadcast(S, L2);
    FloatVector l1 = FloatVector.broadcast(S, L1);
    for (int v = 0; v < count; v += L) {
      FloatVector av = FloatVector.fromArray(S, a, offset + v);
      IntVector bits = (IntVector) av.reinterpretShape(Species.INT, 0);
      // The exponent k as a float: k added to the bits of 1.5·2^23, as expNegAbs forms 2^k.
      FloatVector k =
          ((FloatVector)
                  bits.lanewise(VectorOperators.LSHR, 23)
                      .add(ROUNDER_BITS - 127)
                      .reinterpretShape(S, 0))
              .sub(ROUNDER);
      FloatVector t =
          ((FloatVector) bits.and(0x007FFFFF).or(0x3F800000).reinterpretShape(S, 0)).sub(one);
      // log1p(t)/t written out as in logistic: a helper returning a vector is boxed on the heap
      // wherever C2 does not inline it (bench/README.md, "Vectors across method boundaries").
      FloatVector q = t.fma(L8, L7);
      q = q.fma(t, l6);
      q = q.fma(t, l5);
      q = q.fma(t, l4);
      q = q.fma(t, l3);
      q = q.fma(t, l2);
      q = q.fma(t, l1);
      q = q.fma(t, one);
      // Plus a − a: 0 for finite a, NaN otherwise, so that a diverged pass's loss stays NaN.
      k.fma(ln2Hi, k.fma(ln2Lo, q.mul(t))).add(av.sub(av)).intoArray(a, offset + v);
    }
  }

  /**
   * {@link #logistic} without the loss (nothing is added into {@code acc[0, L)}): σ, dz and Σ dz
   * with the same bits. A loop of its own rather than a branch in the other's: see there.
   */
  private static void dzOnly(
      float[] z,
      float[] expNegAbs,
      int offset,
      float[] y,
      int yOffset,
      float[] s,
      int sOffset,
      int count,
      float[] dz,
      float[] acc) {
    FloatVector dzAcc = FloatVector.fromArray(S, acc, L);
    FloatVector one = FloatVector.broadcast(S, 1f);
    for (int v = 0; v < count; v += L) {
      FloatVector zv = FloatVector.fromArray(S, z, offset + v);
      FloatVector e = FloatVector.fromArray(S, expNegAbs, offset + v);
      FloatVector yv = FloatVector.fromArray(S, y, yOffset + v);
      FloatVector sv = FloatVector.fromArray(S, s, sOffset + v);
      FloatVector r = one.div(e.add(one));
      FloatVector a = r.blend(e.mul(r), zv.compare(VectorOperators.LT, 0f));
      FloatVector d = a.sub(yv).mul(sv);
      d.intoArray(dz, offset + v);
      dzAcc = dzAcc.add(d);
    }
    dzAcc.intoArray(acc, L);
  }

  /**
   * The sum of {@code a[offset, offset + L)} in the fixed order of the kernels' lane sums, a
   * halving tree: lane i + L/2 added to lane i, then lane i + L/4, and so on (the order of the
   * rotations in the hot paths, lane for lane). Not the Vector API's reduceLanes(ADD), whose order
   * is open: JDK 25's compiled code sums in another order than its interpreter, so results would
   * depend on whether the JIT had compiled the caller yet. Scalar, for the cold paths (flushes); it
   * works in place and leaves {@code a[offset, offset + L)} changed.
   */
  static float sumLanesInPlace(float[] a, int offset) {
    for (int half = L / 2; half >= 1; half /= 2) {
      for (int i = 0; i < half; i++) {
        a[offset + i] += a[offset + i + half];
      }
    }
    return a[offset];
  }
}
