package io.vlogit.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused pass for n ≥ LANES, vectorized across features. Examples go in blocks small enough to
 * stay in L1 (see {@link VectorWorkspace#block}): the forward pass of the block four examples at a
 * time (the four dot products share each load of w), σ and the loss for the whole block at once
 * across lanes, then the backward pass four examples at a time (the four updates share each load
 * and store of the float gradient).
 *
 * <p>The last n mod LANES features are handled without masks (which JDK 17 does not compile well
 * on AVX2): the final whole vector is loaded at n − LANES, overlapping the previous one, and the
 * overlapping lanes are zeroed through w (forward) or through dz (backward).
 */
final class WideGradient {
  private WideGradient() {}

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;

  static void accumulate(
      float[] x, float[] y, float[] sw, int n, int from, int to, float[] w, float b, VectorWorkspace ws) {
    final int full = S.loopBound(n);
    final int rem = n - full;
    final FloatVector tailMask = VectorKernel.lastLanes(rem);
    final FloatVector wTail = FloatVector.fromArray(S, w, n - L).mul(tailMask);
    final float[] acc = ws.dwAcc;
    final float[] zBuf = ws.zBuf;
    final float[] yBuf = ws.yBuf;
    final float[] sBuf = ws.sBuf;
    final float[] dzBuf = ws.dzBuf;
    final int block = ws.block;
    FloatVector lossAcc = FloatVector.zero(S);
    FloatVector dzAcc = FloatVector.zero(S);
    int sinceFlush = 0;
    for (int j0 = from; j0 < to; j0 += block) {
      int count = Math.min(block, to - j0);
      int k = 0;
      for (; k + 4 <= count; k += 4) {
        dot4(x, (j0 + k) * n, n, w, full, rem, wTail, zBuf, k);
      }
      for (; k < count; k++) {
        zBuf[k] = dot1(x, (j0 + k) * n, n, w, full, rem, wTail);
      }
      for (k = 0; k < count; k++) {
        yBuf[k] = y[j0 + k];
        sBuf[k] = sw == null ? 1f : sw[j0 + k];
      }
      int padded = (count + L - 1) / L * L;
      for (; k < padded; k++) {
        zBuf[k] = 0f;
        yBuf[k] = 0f;
        sBuf[k] = 0f; // weight 0: padding lanes add nothing
      }
      for (int v = 0; v < padded; v += L) {
        FloatVector z = FloatVector.fromArray(S, zBuf, v).add(b);
        lossAcc = lossAcc.add(LaneMath.logistic(
            z, FloatVector.fromArray(S, yBuf, v), FloatVector.fromArray(S, sBuf, v), dzBuf, v));
        dzAcc = dzAcc.add(FloatVector.fromArray(S, dzBuf, v));
      }
      for (k = 0; k + 4 <= count; k += 4) {
        axpy4(x, (j0 + k) * n, n, dzBuf, k, full, rem, tailMask, acc);
      }
      for (; k < count; k++) {
        axpy1(x, (j0 + k) * n, n, dzBuf[k], full, rem, tailMask, acc);
      }
      sinceFlush += count;
      if (sinceFlush >= VectorKernel.FLUSH) {
        flush(acc, ws, lossAcc, dzAcc);
        lossAcc = FloatVector.zero(S);
        dzAcc = FloatVector.zero(S);
        sinceFlush = 0;
      }
    }
    flush(acc, ws, lossAcc, dzAcc);
  }

  /** Adds the float partial sums into the workspace's double sums and zeroes them. */
  private static void flush(float[] acc, VectorWorkspace ws, FloatVector loss, FloatVector dz) {
    double[] g = ws.gradient;
    for (int i = 0; i < acc.length; i++) {
      g[i] += acc[i];
      acc[i] = 0f;
    }
    ws.lossSum += LaneMath.sum(loss);
    ws.dzSum += LaneMath.sum(dz);
  }

  /** Four dot products w·x (no bias) of consecutive examples from offset o into zOut[k..k+3]. */
  static void dot4(
      float[] x, int o, int n, float[] w, int full, int rem, FloatVector wTail, float[] zOut, int k) {
    int o1 = o + n;
    int o2 = o1 + n;
    int o3 = o2 + n;
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = FloatVector.zero(S);
    FloatVector a2 = FloatVector.zero(S);
    FloatVector a3 = FloatVector.zero(S);
    for (int i = 0; i < full; i += L) {
      FloatVector wv = FloatVector.fromArray(S, w, i);
      a0 = FloatVector.fromArray(S, x, o + i).fma(wv, a0);
      a1 = FloatVector.fromArray(S, x, o1 + i).fma(wv, a1);
      a2 = FloatVector.fromArray(S, x, o2 + i).fma(wv, a2);
      a3 = FloatVector.fromArray(S, x, o3 + i).fma(wv, a3);
    }
    if (rem > 0) {
      int t = n - L;
      a0 = FloatVector.fromArray(S, x, o + t).fma(wTail, a0);
      a1 = FloatVector.fromArray(S, x, o1 + t).fma(wTail, a1);
      a2 = FloatVector.fromArray(S, x, o2 + t).fma(wTail, a2);
      a3 = FloatVector.fromArray(S, x, o3 + t).fma(wTail, a3);
    }
    zOut[k] = LaneMath.sum(a0);
    zOut[k + 1] = LaneMath.sum(a1);
    zOut[k + 2] = LaneMath.sum(a2);
    zOut[k + 3] = LaneMath.sum(a3);
  }

  static float dot1(float[] x, int o, int n, float[] w, int full, int rem, FloatVector wTail) {
    FloatVector a = FloatVector.zero(S);
    for (int i = 0; i < full; i += L) {
      a = FloatVector.fromArray(S, x, o + i).fma(FloatVector.fromArray(S, w, i), a);
    }
    if (rem > 0) {
      a = FloatVector.fromArray(S, x, o + n - L).fma(wTail, a);
    }
    return LaneMath.sum(a);
  }

  /** acc += Σ_k dz[k]·x_k over four consecutive examples; each load and store of acc is shared. */
  private static void axpy4(
      float[] x, int o, int n, float[] dz, int k, int full, int rem, FloatVector tailMask, float[] acc) {
    int o1 = o + n;
    int o2 = o1 + n;
    int o3 = o2 + n;
    FloatVector d0 = FloatVector.broadcast(S, dz[k]);
    FloatVector d1 = FloatVector.broadcast(S, dz[k + 1]);
    FloatVector d2 = FloatVector.broadcast(S, dz[k + 2]);
    FloatVector d3 = FloatVector.broadcast(S, dz[k + 3]);
    for (int i = 0; i < full; i += L) {
      FloatVector g = FloatVector.fromArray(S, acc, i);
      g = FloatVector.fromArray(S, x, o + i).fma(d0, g);
      g = FloatVector.fromArray(S, x, o1 + i).fma(d1, g);
      g = FloatVector.fromArray(S, x, o2 + i).fma(d2, g);
      g = FloatVector.fromArray(S, x, o3 + i).fma(d3, g);
      g.intoArray(acc, i);
    }
    if (rem > 0) {
      int t = n - L;
      FloatVector g = FloatVector.fromArray(S, acc, t);
      g = FloatVector.fromArray(S, x, o + t).fma(d0.mul(tailMask), g);
      g = FloatVector.fromArray(S, x, o1 + t).fma(d1.mul(tailMask), g);
      g = FloatVector.fromArray(S, x, o2 + t).fma(d2.mul(tailMask), g);
      g = FloatVector.fromArray(S, x, o3 + t).fma(d3.mul(tailMask), g);
      g.intoArray(acc, t);
    }
  }

  private static void axpy1(
      float[] x, int o, int n, float dz, int full, int rem, FloatVector tailMask, float[] acc) {
    FloatVector d = FloatVector.broadcast(S, dz);
    for (int i = 0; i < full; i += L) {
      FloatVector.fromArray(S, x, o + i).fma(d, FloatVector.fromArray(S, acc, i)).intoArray(acc, i);
    }
    if (rem > 0) {
      int t = n - L;
      FloatVector.fromArray(S, x, o + t).fma(d.mul(tailMask), FloatVector.fromArray(S, acc, t)).intoArray(acc, t);
    }
  }

  /** Logits of {@code count} consecutive examples (n ≥ LANES) into out, four at a time. */
  static void logits(float[] w, float b, float[] x, int offset, int n, int count, float[] out, int outOffset) {
    final int full = S.loopBound(n);
    final int rem = n - full;
    final FloatVector wTail = FloatVector.fromArray(S, w, n - L).mul(VectorKernel.lastLanes(rem));
    int k = 0;
    for (; k + 4 <= count; k += 4) {
      dot4(x, offset + k * n, n, w, full, rem, wTail, out, outOffset + k);
      for (int q = 0; q < 4; q++) {
        out[outOffset + k + q] += b;
      }
    }
    for (; k < count; k++) {
      out[outOffset + k] = dot1(x, offset + k * n, n, w, full, rem, wTail) + b;
    }
  }
}
