package io.vlogit.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward pass's last group of classes when it has only one or two real ones (K mod 4 = 1 or
 * 2): the logits of four examples and two classes, eight accumulators, instead of {@link
 * SoftmaxLogits#dot16}'s sixteen, half of them for the padding. The same bits as dot16 for the two
 * classes: each accumulator takes the same products in the same order, and the folds are dot16's
 * for them. With K = 5, 6, 9 and 10 of 128 to 784 features, the epoch's time against native-c fell
 * by 2–7 % on JDK 17 and 25 (bench/README.md, "The softmax's last classes as a pair in the forward
 * pass too").
 *
 * <p>The eight FMAs are written out three times, and the folds repeat dot16's lines for two
 * classes, for dot16's reason: a method that takes or returns vectors and is not inlined boxes them
 * ({@link LaneFold}).
 */
final class SoftmaxPairLogits {
  private SoftmaxPairLogits() {}

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;

  /**
   * The eight logits of four examples (offsets o0..o3) and classes c0 and c0 + 1, into {@code
   * ws.group[0 .. 8)}: entry q is class c0 + q/4's logit of example q % 4. Two vectors per trip,
   * written out, where dot16 reads two ({@link SoftmaxLogits#TWO_PER_TRIP}): the JDKs on which that
   * measured faster for dot16 measured it faster here too.
   */
  static void dot8(float[] x, int o0, int o1, int o2, int o3, int n, int c0, SoftmaxWorkspace ws) {
    float[] w = ws.w;
    int full = S.loopBound(n);
    FloatVector a00 = FloatVector.zero(S);
    FloatVector a01 = a00;
    FloatVector a02 = a00;
    FloatVector a03 = a00;
    FloatVector a10 = a00;
    FloatVector a11 = a00;
    FloatVector a12 = a00;
    FloatVector a13 = a00;
    int i = 0;
    // The pair's two weight vectors at i are the first two of its group's four
    // (SoftmaxWorkspace#w).
    int q = c0 * full;
    if (SoftmaxLogits.TWO_PER_TRIP) {
      for (; i + L < full; i += 2 * L, q += 8 * L) {
        {
          FloatVector x0 = FloatVector.fromArray(S, x, o0 + i);
          FloatVector x1 = FloatVector.fromArray(S, x, o1 + i);
          FloatVector x2 = FloatVector.fromArray(S, x, o2 + i);
          FloatVector x3 = FloatVector.fromArray(S, x, o3 + i);
          FloatVector w0 = FloatVector.fromArray(S, w, q);
          FloatVector w1 = FloatVector.fromArray(S, w, q + L);
          a00 = x0.fma(w0, a00);
          a01 = x1.fma(w0, a01);
          a02 = x2.fma(w0, a02);
          a03 = x3.fma(w0, a03);
          a10 = x0.fma(w1, a10);
          a11 = x1.fma(w1, a11);
          a12 = x2.fma(w1, a12);
          a13 = x3.fma(w1, a13);
        }
        {
          FloatVector x0 = FloatVector.fromArray(S, x, o0 + i + L);
          FloatVector x1 = FloatVector.fromArray(S, x, o1 + i + L);
          FloatVector x2 = FloatVector.fromArray(S, x, o2 + i + L);
          FloatVector x3 = FloatVector.fromArray(S, x, o3 + i + L);
          FloatVector w0 = FloatVector.fromArray(S, w, q + 4 * L);
          FloatVector w1 = FloatVector.fromArray(S, w, q + 4 * L + L);
          a00 = x0.fma(w0, a00);
          a01 = x1.fma(w0, a01);
          a02 = x2.fma(w0, a02);
          a03 = x3.fma(w0, a03);
          a10 = x0.fma(w1, a10);
          a11 = x1.fma(w1, a11);
          a12 = x2.fma(w1, a12);
          a13 = x3.fma(w1, a13);
        }
      }
    }
    for (; i <= full; i += L, q += 4 * L) {
      FloatVector x0;
      FloatVector x1;
      FloatVector x2;
      FloatVector x3;
      FloatVector w0;
      FloatVector w1;
      if (i < full) {
        x0 = FloatVector.fromArray(S, x, o0 + i);
        x1 = FloatVector.fromArray(S, x, o1 + i);
        x2 = FloatVector.fromArray(S, x, o2 + i);
        x3 = FloatVector.fromArray(S, x, o3 + i);
        w0 = FloatVector.fromArray(S, w, q);
        w1 = FloatVector.fromArray(S, w, q + L);
      } else if (full < n) {
        // The last vector, at n − L, as in SoftmaxLogits#dot16.
        int t = n - L;
        x0 = FloatVector.fromArray(S, x, o0 + t);
        x1 = FloatVector.fromArray(S, x, o1 + t);
        x2 = FloatVector.fromArray(S, x, o2 + t);
        x3 = FloatVector.fromArray(S, x, o3 + t);
        w0 = FloatVector.fromArray(S, ws.wLast, c0 * L);
        w1 = FloatVector.fromArray(S, ws.wLast, (c0 + 1) * L);
      } else {
        break;
      }
      a00 = x0.fma(w0, a00);
      a01 = x1.fma(w0, a01);
      a02 = x2.fma(w0, a02);
      a03 = x3.fma(w0, a03);
      a10 = x0.fma(w1, a10);
      a11 = x1.fma(w1, a11);
      a12 = x2.fma(w1, a12);
      a13 = x3.fma(w1, a13);
    }
    // The folds of dot16 for its first two classes (LaneFold), which use only their own sums.
    VectorMask<Float> h1 = LaneFold.HIGH_1;
    FloatVector p0 = a00.blend(a01, h1).add(a01.blend(a00, h1).rearrange(LaneFold.SWAP_1));
    FloatVector q0 = a02.blend(a03, h1).add(a03.blend(a02, h1).rearrange(LaneFold.SWAP_1));
    FloatVector p1 = a10.blend(a11, h1).add(a11.blend(a10, h1).rearrange(LaneFold.SWAP_1));
    FloatVector q1 = a12.blend(a13, h1).add(a13.blend(a12, h1).rearrange(LaneFold.SWAP_1));
    float[] out = ws.group;
    float[] bias = ws.biasLanes;
    int bq = c0 * 4;
    if (L == 2) {
      p0.add(FloatVector.fromArray(S, bias, bq)).intoArray(out, 0);
      q0.add(FloatVector.fromArray(S, bias, bq + 2)).intoArray(out, 2);
      p1.add(FloatVector.fromArray(S, bias, bq + 4)).intoArray(out, 4);
      q1.add(FloatVector.fromArray(S, bias, bq + 6)).intoArray(out, 6);
      return;
    }
    VectorMask<Float> h2 = LaneFold.HIGH_2;
    FloatVector c0v = p0.blend(q0, h2).add(q0.blend(p0, h2).rearrange(LaneFold.SWAP_2));
    FloatVector c1v = p1.blend(q1, h2).add(q1.blend(p1, h2).rearrange(LaneFold.SWAP_2));
    if (L == 4) {
      c0v.rearrange(LaneFold.IN_ORDER).add(FloatVector.fromArray(S, bias, bq)).intoArray(out, 0);
      c1v.rearrange(LaneFold.IN_ORDER)
          .add(FloatVector.fromArray(S, bias, bq + 4))
          .intoArray(out, 4);
      return;
    }
    VectorMask<Float> h3 = LaneFold.HIGH_3;
    FloatVector u01 = c0v.blend(c1v, h3).add(c1v.blend(c0v, h3).rearrange(LaneFold.SWAP_3));
    if (L == 8) {
      u01.rearrange(LaneFold.IN_ORDER).add(FloatVector.fromArray(S, bias, bq)).intoArray(out, 0);
      return;
    }
    // dot16's last fold keeps u01's sums in the lanes whose bit 0 is clear, u01_j + u01_(j^1), and
    // those are the lanes IN_ORDER puts first; the odd lanes here hold the same sums, unused.
    u01.add(u01.rearrange(LaneFold.SWAP_4))
        .rearrange(LaneFold.IN_ORDER)
        .add(FloatVector.fromArray(S, bias, bq))
        .intoArray(out, 0);
  }
}
