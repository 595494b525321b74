package io.vlogit.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward pass of {@link SoftmaxGradient}: the 16 logits of four examples and four classes, 16
 * accumulators, each vector of x and of a class's weights loaded once for four products, the
 * classes' weights side by side ({@link SoftmaxWorkspace#w}), then the folds of {@link LaneFold}
 * that leave four examples of one class in one vector.
 */
final class SoftmaxLogits {
  private SoftmaxLogits() {}

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;

  /**
   * Whether {@link #dot16} reads two vectors per trip of its loop, written out, before the loop of
   * one. The bits are the same either way (each accumulator takes its products in order); what
   * differs is what C2 makes of it. JDK 25 ran the epoch fastest with the loop written out twice;
   * JDK 17 with the single loop alone, which its C2 unrolls (written out first, two forks in three
   * ran at 5.0 ms against 3.0–3.5). Measured in bench/README.md, "The softmax's weights side by
   * side"; {@link SoftmaxPairLogits#dot8} follows it, measured the same way ("The softmax's last
   * classes as a pair in the forward pass too"). JDK 21 was not measured and goes with the newer
   * compiler. The 16 FMAs are written out three times because no helper can hand back 16
   * accumulators without boxing them.
   */
  static final boolean TWO_PER_TRIP = Runtime.version().feature() >= 21;

  /**
   * The 16 logits of four examples (offsets o0..o3) and the four classes from c0, into {@code
   * ws.group}: entry q is class c0 + q/4's logit of example q % 4.
   */
  static void dot16(float[] x, int o0, int o1, int o2, int o3, int n, int c0, SoftmaxWorkspace ws) {
    float[] w = ws.w;
    // The group's four weight vectors at i sit side by side from c0·full + 4i (SoftmaxWorkspace#w):
    // one index for the four loads.
    int full = S.loopBound(n);
    FloatVector a00 = FloatVector.zero(S);
    FloatVector a01 = a00;
    FloatVector a02 = a00;
    FloatVector a03 = a00;
    FloatVector a10 = a00;
    FloatVector a11 = a00;
    FloatVector a12 = a00;
    FloatVector a13 = a00;
    FloatVector a20 = a00;
    FloatVector a21 = a00;
    FloatVector a22 = a00;
    FloatVector a23 = a00;
    FloatVector a30 = a00;
    FloatVector a31 = a00;
    FloatVector a32 = a00;
    FloatVector a33 = a00;
    int i = 0;
    int q = c0 * full;
    if (TWO_PER_TRIP) {
      for (; i + L < full; i += 2 * L, q += 8 * L) {
        {
          FloatVector x0 = FloatVector.fromArray(S, x, o0 + i);
          FloatVector x1 = FloatVector.fromArray(S, x, o1 + i);
          FloatVector x2 = FloatVector.fromArray(S, x, o2 + i);
          FloatVector x3 = FloatVector.fromArray(S, x, o3 + i);
          FloatVector w0 = FloatVector.fromArray(S, w, q);
          FloatVector w1 = FloatVector.fromArray(S, w, q + L);
          FloatVector w2 = FloatVector.fromArray(S, w, q + 2 * L);
          FloatVector w3 = FloatVector.fromArray(S, w, q + 3 * L);
          a00 = x0.fma(w0, a00);
          a01 = x1.fma(w0, a01);
          a02 = x2.fma(w0, a02);
          a03 = x3.fma(w0, a03);
          a10 = x0.fma(w1, a10);
          a11 = x1.fma(w1, a11);
          a12 = x2.fma(w1, a12);
          a13 = x3.fma(w1, a13);
          a20 = x0.fma(w2, a20);
          a21 = x1.fma(w2, a21);
          a22 = x2.fma(w2, a22);
          a23 = x3.fma(w2, a23);
          a30 = x0.fma(w3, a30);
          a31 = x1.fma(w3, a31);
          a32 = x2.fma(w3, a32);
          a33 = x3.fma(w3, a33);
        }
        {
          FloatVector x0 = FloatVector.fromArray(S, x, o0 + i + L);
          FloatVector x1 = FloatVector.fromArray(S, x, o1 + i + L);
          FloatVector x2 = FloatVector.fromArray(S, x, o2 + i + L);
          FloatVector x3 = FloatVector.fromArray(S, x, o3 + i + L);
          FloatVector w0 = FloatVector.fromArray(S, w, q + 4 * L);
          FloatVector w1 = FloatVector.fromArray(S, w, q + 4 * L + L);
          FloatVector w2 = FloatVector.fromArray(S, w, q + 4 * L + 2 * L);
          FloatVector w3 = FloatVector.fromArray(S, w, q + 4 * L + 3 * L);
          a00 = x0.fma(w0, a00);
          a01 = x1.fma(w0, a01);
          a02 = x2.fma(w0, a02);
          a03 = x3.fma(w0, a03);
          a10 = x0.fma(w1, a10);
          a11 = x1.fma(w1, a11);
          a12 = x2.fma(w1, a12);
          a13 = x3.fma(w1, a13);
          a20 = x0.fma(w2, a20);
          a21 = x1.fma(w2, a21);
          a22 = x2.fma(w2, a22);
          a23 = x3.fma(w2, a23);
          a30 = x0.fma(w3, a30);
          a31 = x1.fma(w3, a31);
          a32 = x2.fma(w3, a32);
          a33 = x3.fma(w3, a33);
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
      FloatVector w2;
      FloatVector w3;
      if (i < full) {
        x0 = FloatVector.fromArray(S, x, o0 + i);
        x1 = FloatVector.fromArray(S, x, o1 + i);
        x2 = FloatVector.fromArray(S, x, o2 + i);
        x3 = FloatVector.fromArray(S, x, o3 + i);
        w0 = FloatVector.fromArray(S, w, q);
        w1 = FloatVector.fromArray(S, w, q + L);
        w2 = FloatVector.fromArray(S, w, q + 2 * L);
        w3 = FloatVector.fromArray(S, w, q + 3 * L);
      } else if (full < n) {
        // The last vector, at n − L; its weights are zero in the lanes the vectors before read.
        int t = n - L;
        x0 = FloatVector.fromArray(S, x, o0 + t);
        x1 = FloatVector.fromArray(S, x, o1 + t);
        x2 = FloatVector.fromArray(S, x, o2 + t);
        x3 = FloatVector.fromArray(S, x, o3 + t);
        w0 = FloatVector.fromArray(S, ws.wLast, c0 * L);
        w1 = FloatVector.fromArray(S, ws.wLast, (c0 + 1) * L);
        w2 = FloatVector.fromArray(S, ws.wLast, (c0 + 2) * L);
        w3 = FloatVector.fromArray(S, ws.wLast, (c0 + 3) * L);
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
      a20 = x0.fma(w2, a20);
      a21 = x1.fma(w2, a21);
      a22 = x2.fma(w2, a22);
      a23 = x3.fma(w2, a23);
      a30 = x0.fma(w3, a30);
      a31 = x1.fma(w3, a31);
      a32 = x2.fma(w3, a32);
      a33 = x3.fma(w3, a33);
    }
    // Level 1 of the folds (LaneFold), written out: per class, examples 0+1 and 2+3.
    VectorMask<Float> h1 = LaneFold.HIGH_1;
    FloatVector p0 = a00.blend(a01, h1).add(a01.blend(a00, h1).rearrange(LaneFold.SWAP_1));
    FloatVector q0 = a02.blend(a03, h1).add(a03.blend(a02, h1).rearrange(LaneFold.SWAP_1));
    FloatVector p1 = a10.blend(a11, h1).add(a11.blend(a10, h1).rearrange(LaneFold.SWAP_1));
    FloatVector q1 = a12.blend(a13, h1).add(a13.blend(a12, h1).rearrange(LaneFold.SWAP_1));
    FloatVector p2 = a20.blend(a21, h1).add(a21.blend(a20, h1).rearrange(LaneFold.SWAP_1));
    FloatVector q2 = a22.blend(a23, h1).add(a23.blend(a22, h1).rearrange(LaneFold.SWAP_1));
    FloatVector p3 = a30.blend(a31, h1).add(a31.blend(a30, h1).rearrange(LaneFold.SWAP_1));
    FloatVector q3 = a32.blend(a33, h1).add(a33.blend(a32, h1).rearrange(LaneFold.SWAP_1));
    float[] out = ws.group;
    float[] bias = ws.biasLanes;
    int bq = c0 * 4;
    if (L == 2) {
      p0.add(FloatVector.fromArray(S, bias, bq)).intoArray(out, 0);
      q0.add(FloatVector.fromArray(S, bias, bq + 2)).intoArray(out, 2);
      p1.add(FloatVector.fromArray(S, bias, bq + 4)).intoArray(out, 4);
      q1.add(FloatVector.fromArray(S, bias, bq + 6)).intoArray(out, 6);
      p2.add(FloatVector.fromArray(S, bias, bq + 8)).intoArray(out, 8);
      q2.add(FloatVector.fromArray(S, bias, bq + 10)).intoArray(out, 10);
      p3.add(FloatVector.fromArray(S, bias, bq + 12)).intoArray(out, 12);
      q3.add(FloatVector.fromArray(S, bias, bq + 14)).intoArray(out, 14);
      return;
    }
    VectorMask<Float> h2 = LaneFold.HIGH_2;
    FloatVector c0v = p0.blend(q0, h2).add(q0.blend(p0, h2).rearrange(LaneFold.SWAP_2));
    FloatVector c1v = p1.blend(q1, h2).add(q1.blend(p1, h2).rearrange(LaneFold.SWAP_2));
    FloatVector c2v = p2.blend(q2, h2).add(q2.blend(p2, h2).rearrange(LaneFold.SWAP_2));
    FloatVector c3v = p3.blend(q3, h2).add(q3.blend(p3, h2).rearrange(LaneFold.SWAP_2));
    if (L == 4) {
      c0v.rearrange(LaneFold.IN_ORDER).add(FloatVector.fromArray(S, bias, bq)).intoArray(out, 0);
      c1v.rearrange(LaneFold.IN_ORDER)
          .add(FloatVector.fromArray(S, bias, bq + 4))
          .intoArray(out, 4);
      c2v.rearrange(LaneFold.IN_ORDER)
          .add(FloatVector.fromArray(S, bias, bq + 8))
          .intoArray(out, 8);
      c3v.rearrange(LaneFold.IN_ORDER)
          .add(FloatVector.fromArray(S, bias, bq + 12))
          .intoArray(out, 12);
      return;
    }
    VectorMask<Float> h3 = LaneFold.HIGH_3;
    FloatVector u01 = c0v.blend(c1v, h3).add(c1v.blend(c0v, h3).rearrange(LaneFold.SWAP_3));
    FloatVector u23 = c2v.blend(c3v, h3).add(c3v.blend(c2v, h3).rearrange(LaneFold.SWAP_3));
    if (L == 8) {
      u01.rearrange(LaneFold.IN_ORDER).add(FloatVector.fromArray(S, bias, bq)).intoArray(out, 0);
      u23.rearrange(LaneFold.IN_ORDER)
          .add(FloatVector.fromArray(S, bias, bq + 8))
          .intoArray(out, 8);
      return;
    }
    VectorMask<Float> h4 = LaneFold.HIGH_4;
    u01.blend(u23, h4)
        .add(u23.blend(u01, h4).rearrange(LaneFold.SWAP_4))
        .rearrange(LaneFold.IN_ORDER)
        .add(FloatVector.fromArray(S, bias, bq))
        .intoArray(out, 0);
  }
}
