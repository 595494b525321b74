package io.vlogit.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused pass for narrow data (n below a few vectors), vectorized across examples: with n = 8
 * and 8 lanes, vectorizing across features would spend a whole horizontal reduction on each
 * example's 8 products, and with n = 2 it would leave 6 of 8 lanes empty.
 *
 * <p>A block of LANES examples is transposed into the workspace (feature i of the block's examples
 * becomes one vector), then z, σ, dz and the loss of LANES examples are each one vector operation,
 * and the gradient is kept per lane ({@code laneGrad}, n vectors), reduced across lanes only when it
 * is flushed into double.
 */
final class NarrowGradient {
  private NarrowGradient() {}

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;

  static void accumulate(
      float[] x, float[] y, float[] sw, int n, int from, int to, float[] w, float b, VectorWorkspace ws) {
    final float[] t = ws.transposed;
    final float[] grad = ws.laneGrad;
    final float[] dzBuf = ws.dzBuf;
    FloatVector lossAcc = FloatVector.zero(S);
    FloatVector dzAcc = FloatVector.zero(S);
    int sinceFlush = 0;
    int j0 = from;
    for (; j0 + L <= to; j0 += L) {
      transpose(x, j0 * n, n, L, t);
      FloatVector z = logits(t, n, w, b);
      FloatVector s = sw == null ? null : FloatVector.fromArray(S, sw, j0);
      lossAcc = lossAcc.add(LaneMath.logistic(z, FloatVector.fromArray(S, y, j0), s, dzBuf, 0));
      FloatVector dz = FloatVector.fromArray(S, dzBuf, 0);
      dzAcc = dzAcc.add(dz);
      backward(t, n, dz, grad);
      sinceFlush += L;
      if (sinceFlush >= VectorKernel.FLUSH) {
        flush(grad, n, ws, lossAcc, dzAcc);
        lossAcc = FloatVector.zero(S);
        dzAcc = FloatVector.zero(S);
        sinceFlush = 0;
      }
    }
    if (j0 < to) {
      // The last block of fewer than LANES examples, padded with zero features and weight 0.
      int count = to - j0;
      transpose(x, j0 * n, n, count, t);
      for (int i = 0; i < n; i++) {
        java.util.Arrays.fill(t, i * L + count, (i + 1) * L, 0f);
      }
      float[] yBuf = ws.yBuf;
      float[] sBuf = ws.sBuf;
      for (int k = 0; k < L; k++) {
        boolean real = k < count;
        yBuf[k] = real ? y[j0 + k] : 0f;
        sBuf[k] = real ? (sw == null ? 1f : sw[j0 + k]) : 0f;
      }
      FloatVector z = logits(t, n, w, b);
      lossAcc = lossAcc.add(LaneMath.logistic(
          z, FloatVector.fromArray(S, yBuf, 0), FloatVector.fromArray(S, sBuf, 0), dzBuf, 0));
      FloatVector dz = FloatVector.fromArray(S, dzBuf, 0);
      dzAcc = dzAcc.add(dz);
      backward(t, n, dz, grad);
    }
    flush(grad, n, ws, lossAcc, dzAcc);
  }

  /** t[i*L + l] = x[o + l*n + i] for l < count: the block's examples become feature vectors. */
  private static void transpose(float[] x, int o, int n, int count, float[] t) {
    for (int l = 0; l < count; l++) {
      int src = o + l * n;
      for (int i = 0; i < n; i++) {
        t[i * L + l] = x[src + i];
      }
    }
  }

  /** b + Σ w_i·t_i with two accumulators (even and odd features) to halve the FMA chain. */
  private static FloatVector logits(float[] t, int n, float[] w, float b) {
    FloatVector z0 = FloatVector.broadcast(S, b);
    FloatVector z1 = FloatVector.zero(S);
    int i = 0;
    for (; i + 1 < n; i += 2) {
      z0 = FloatVector.fromArray(S, t, i * L).fma(FloatVector.broadcast(S, w[i]), z0);
      z1 = FloatVector.fromArray(S, t, (i + 1) * L).fma(FloatVector.broadcast(S, w[i + 1]), z1);
    }
    if (i < n) {
      z0 = FloatVector.fromArray(S, t, i * L).fma(FloatVector.broadcast(S, w[i]), z0);
    }
    return z0.add(z1);
  }

  private static void backward(float[] t, int n, FloatVector dz, float[] grad) {
    for (int i = 0; i < n; i++) {
      int p = i * L;
      FloatVector.fromArray(S, t, p).fma(dz, FloatVector.fromArray(S, grad, p)).intoArray(grad, p);
    }
  }

  private static void flush(float[] grad, int n, VectorWorkspace ws, FloatVector loss, FloatVector dz) {
    double[] g = ws.gradient;
    FloatVector zero = FloatVector.zero(S);
    for (int i = 0; i < n; i++) {
      int p = i * L;
      g[i] += LaneMath.sum(FloatVector.fromArray(S, grad, p));
      zero.intoArray(grad, p);
    }
    ws.lossSum += LaneMath.sum(loss);
    ws.dzSum += LaneMath.sum(dz);
  }
}
