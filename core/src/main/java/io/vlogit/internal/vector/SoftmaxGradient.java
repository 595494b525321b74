package io.vlogit.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The softmax's fused pass on the Vector API, for n ≥ L, one block of {@link
 * SoftmaxWorkspace#BLOCK} examples at a time, each step over the block while it is in L1 or L2:
 *
 * <ol>
 *   <li>Forward: the K logits of every example, four examples × four classes at a time (16
 *       accumulators; each vector of x and of a class's weights loaded once for four products),
 *       their lane sums folded together ({@link LaneFold}) into one vector per four classes.
 *   <li>Softmax across the block's examples, L per vector and class: the max over the classes,
 *       exp(z − max) ({@link LaneMath#expNegAbs}), their sum S, {@code dz_c = s·(e_c/S − [y = c])};
 *       the loss {@code (max − z_y) + log S} per example (log S in lanes, {@link
 *       LaneMath#logAtLeastOne}), summed in double, only when it is asked for.
 *   <li>Backward: {@code Σ dz_c·x} into each class's float partial gradient, four classes at a
 *       time, every x vector loaded once for the four.
 * </ol>
 *
 * <p>Rounding, as {@link VectorKernel}: a logit sums ⌈n/L⌉ products per lane, then log2 L folds and
 * the bias; float partial sums cover at most {@link VectorKernel#FLUSH} examples before they go
 * into double. Every order is fixed, so the results are deterministic.
 */
final class SoftmaxGradient {
  private SoftmaxGradient() {}

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;
  private static final int B = SoftmaxWorkspace.BLOCK;

  /** The pass over positions [from, to); see LogisticKernel#accumulateSoftmaxGradient. */
  static void accumulate(
      float[] x,
      float[] y,
      float[] weights,
      int n,
      int[] rows,
      int from,
      int to,
      float[] w,
      float[] b,
      SoftmaxWorkspace ws) {
    ws.load(w, b, n);
    int[] offsets = ws.offsets;
    int sinceFlush = 0;
    for (int start = from; start < to; start += B) {
      int count = Math.min(B, to - start);
      for (int e = 0; e < count; e++) {
        int j = rows == null ? start + e : rows[start + e];
        offsets[e] = j * n;
        ws.yBuf[e] = y[j];
        ws.sBuf[e] = weights == null ? 1f : weights[j];
      }
      for (int e = count; e < B; e++) {
        // Padding: the last example again, with weight 0, so that its dz is 0.
        offsets[e] = offsets[count - 1];
        ws.yBuf[e] = 0f;
        ws.sBuf[e] = 0f;
      }
      forward(x, n, ws);
      softmax(ws);
      backward(x, n, ws);
      sinceFlush += B;
      if (sinceFlush >= VectorKernel.FLUSH) {
        ws.flush();
        sinceFlush = 0;
      }
    }
    ws.flush();
  }

  /** The block's logits, class-major, into {@code ws.z}. */
  private static void forward(float[] x, int n, SoftmaxWorkspace ws) {
    int[] o = ws.offsets;
    float[] group = ws.group;
    for (int e = 0; e < B; e += 4) {
      for (int c = 0; c < ws.padded; c += 4) {
        dot16(x, o[e], o[e + 1], o[e + 2], o[e + 3], n, c, ws);
        for (int q = 0; q < 16; q++) {
          ws.z[(c + q / 4) * B + e + q % 4] = group[q];
        }
      }
    }
  }

  /**
   * The 16 logits of four examples (offsets o0..o3) and the four classes from c0, into {@code
   * ws.group}: entry q is class c0 + q/4's logit of example q % 4.
   */
  private static void dot16(
      float[] x, int o0, int o1, int o2, int o3, int n, int c0, SoftmaxWorkspace ws) {
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
    for (int i = 0, q = c0 * full; i <= full; i += L, q += 4 * L) {
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

  /**
   * The block's softmax across its examples, L per vector: dz into {@code ws.dz} and its lane sums
   * into {@code ws.dzAcc}; the loss, if asked for, into {@code ws.lossSum}.
   */
  private static void softmax(SoftmaxWorkspace ws) {
    int k = ws.classes;
    float[] z = ws.z;
    float[] e = ws.e;
    for (int v = 0; v < B; v += L) {
      FloatVector max = FloatVector.fromArray(S, z, v);
      for (int c = 1; c < k; c++) {
        max = max.max(FloatVector.fromArray(S, z, c * B + v));
      }
      max.intoArray(ws.maxBuf, v);
      for (int c = 0; c < k; c++) {
        FloatVector.fromArray(S, z, c * B + v).sub(max).intoArray(e, c * B + v);
      }
    }
    // Every z − max is ≤ 0, so exp(−|z − max|) is exp(z − max).
    LaneMath.expNegAbs(e, 0, e, 0, k * B, false);
    boolean withLoss = ws.withLoss;
    FloatVector one = FloatVector.broadcast(S, 1f);
    FloatVector zero = FloatVector.zero(S);
    for (int v = 0; v < B; v += L) {
      FloatVector sum = FloatVector.fromArray(S, e, v);
      for (int c = 1; c < k; c++) {
        sum = sum.add(FloatVector.fromArray(S, e, c * B + v));
      }
      FloatVector r = one.div(sum);
      FloatVector yv = FloatVector.fromArray(S, ws.yBuf, v);
      FloatVector sv = FloatVector.fromArray(S, ws.sBuf, v);
      FloatVector zy = zero;
      for (int c = 0; c < k; c++) {
        VectorMask<Float> mine = yv.compare(VectorOperators.EQ, (float) c);
        FloatVector dz =
            FloatVector.fromArray(S, e, c * B + v).mul(r).sub(zero.blend(one, mine)).mul(sv);
        dz.intoArray(ws.dz, c * B + v);
        FloatVector.fromArray(S, ws.dzAcc, c * L).add(dz).intoArray(ws.dzAcc, c * L);
        // Taken with or without the loss: a loop-carried vector updated on one side of a branch
        // that some callers take and others never do was boxed on the heap by C2 in a JVM that had
        // run both (README, "How it is tested").
        zy = zy.blend(FloatVector.fromArray(S, z, c * B + v), mine);
      }
      if (withLoss) {
        sum.intoArray(ws.sumBuf, v);
        FloatVector.fromArray(S, ws.maxBuf, v).sub(zy).intoArray(ws.maxBuf, v);
      }
    }
    if (withLoss) {
      LaneMath.logAtLeastOne(ws.sumBuf, 0, B);
      double loss = 0;
      for (int q = 0; q < B; q++) {
        loss += ws.sBuf[q] * (ws.maxBuf[q] + ws.sumBuf[q]);
      }
      ws.lossSum += loss;
    }
  }

  /** Σ dz_c·x over the block into each class's float partial gradient, four classes at a time. */
  private static void backward(float[] x, int n, SoftmaxWorkspace ws) {
    int[] o = ws.offsets;
    float[] dz = ws.dz;
    float[] acc = ws.gradAcc;
    int stride = ws.stride;
    int full = S.loopBound(n);
    for (int c = 0; c < ws.padded; c += 4) {
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
}
