package io.vlogit.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused pass for narrow data (n below a few vectors), vectorized across examples: with n = 8
 * and 8 lanes, vectorizing across features would spend a whole lane reduction on each example's 8
 * products, and with n = 2 it would leave 6 of 8 lanes empty.
 *
 * <p>Each group of L examples is transposed into the workspace, so that feature i of the group is
 * one vector; then z, σ, dz and the loss of L examples are each one vector operation, and the
 * gradient is kept per lane ({@code laneGrad}, n vectors), summed across lanes only when flushed.
 * Examples go in blocks of up to 64 (a few KB of transposed data, in L1).
 *
 * <p>Every method here takes arrays and primitives only (see {@link LaneMath} for why).
 */
final class NarrowGradient {
  private NarrowGradient() {}

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;

  static void accumulate(
      float[] x,
      float[] y,
      float[] sw,
      int n,
      int[] rows,
      int from,
      int to,
      float[] w,
      float b,
      VectorWorkspace ws) {
    final float[] t = ws.transposed;
    final float[] zBuf = ws.zBuf;
    final float[] eBuf = ws.eBuf;
    final float[] dzBuf = ws.dzBuf;
    int sinceFlush = 0;
    int j0 = from;
    int whole = from + (to - from) / L * L;
    while (j0 < whole) {
      int count = Math.min(ws.block, whole - j0);
      forward(x, rows, j0, n, count, w, b, t, zBuf, ws.rowOffsets);
      LaneMath.expNegAbs(zBuf, 0, eBuf, 0, count, false);
      if (rows == null) {
        LaneMath.logistic(
            zBuf,
            eBuf,
            0,
            y,
            j0,
            sw == null ? ws.ones : sw,
            sw == null ? 0 : j0,
            count,
            dzBuf,
            ws.acc,
            ws.withLoss);
      } else {
        VectorWorkspace.gather(y, sw, rows, j0, count, ws.yBuf, ws.sBuf);
        LaneMath.logistic(zBuf, eBuf, 0, ws.yBuf, 0, ws.sBuf, 0, count, dzBuf, ws.acc, ws.withLoss);
      }
      backward(t, n, count, dzBuf, ws.laneGrad);
      j0 += count;
      sinceFlush += count;
      if (sinceFlush >= VectorKernel.FLUSH) {
        flush(ws, n);
        sinceFlush = 0;
      }
    }
    if (j0 < to) {
      // Fewer than L examples left: copy them into a zero-padded group, with weight 0 for the
      // padding.
      int count = to - j0;
      float[] tail = ws.tail;
      for (int k = 0; k < count; k++) {
        int j = rows == null ? j0 + k : rows[j0 + k];
        System.arraycopy(x, j * n, tail, k * n, n);
      }
      java.util.Arrays.fill(tail, count * n, L * n, 0f);
      float[] yBuf = ws.yBuf;
      float[] sBuf = ws.sBuf;
      VectorWorkspace.gather(y, sw, rows, j0, count, yBuf, sBuf);
      java.util.Arrays.fill(yBuf, count, L, 0f);
      java.util.Arrays.fill(sBuf, count, L, 0f);
      forward(tail, null, 0, n, L, w, b, t, zBuf, ws.rowOffsets);
      LaneMath.expNegAbs(zBuf, 0, eBuf, 0, L, false);
      LaneMath.logistic(zBuf, eBuf, 0, yBuf, 0, sBuf, 0, L, dzBuf, ws.acc, ws.withLoss);
      backward(t, n, L, dzBuf, ws.laneGrad);
    }
    flush(ws, n);
  }

  /**
   * Transposes the {@code count} examples (a multiple of L) at positions [from, from + count) into
   * {@code t} (group q's feature i at {@code t[(q*n + i)*L ..]}) and writes their logits {@code b +
   * Σ w_i·x_i} into {@code z[0, count)}, with two accumulator chains (even and odd features).
   */
  static void forward(
      float[] x,
      int[] rows,
      int from,
      int n,
      int count,
      float[] w,
      float b,
      float[] t,
      float[] z,
      int[] offsets) {
    for (int q = 0; q < count; q += L) {
      int base = q * n;
      // Feature by feature, so that the inner loop runs over the L examples: a constant trip
      // count, which C2 unrolls fully; faster than the other order and than the Vector API's
      // gather (bench/README.md, "Design measurements"), which is also emulated, slowly, where the
      // CPU has none, as on ARM NEON. Contiguous examples are addressed directly; examples by
      // index through their offsets.
      if (rows == null) {
        int src = (from + q) * n;
        for (int i = 0; i < n; i++) {
          int dst = base + i * L;
          for (int l = 0; l < L; l++) {
            t[dst + l] = x[src + l * n + i];
          }
        }
      } else {
        for (int l = 0; l < L; l++) {
          offsets[l] = rows[from + q + l] * n;
        }
        for (int i = 0; i < n; i++) {
          int dst = base + i * L;
          for (int l = 0; l < L; l++) {
            t[dst + l] = x[offsets[l] + i];
          }
        }
      }
      FloatVector z0 = FloatVector.broadcast(S, b);
      FloatVector z1 = FloatVector.zero(S);
      int i = 0;
      for (; i + 1 < n; i += 2) {
        z0 = FloatVector.fromArray(S, t, base + i * L).fma(FloatVector.broadcast(S, w[i]), z0);
        z1 =
            FloatVector.fromArray(S, t, base + (i + 1) * L)
                .fma(FloatVector.broadcast(S, w[i + 1]), z1);
      }
      if (i < n) {
        z0 = FloatVector.fromArray(S, t, base + i * L).fma(FloatVector.broadcast(S, w[i]), z0);
      }
      z0.add(z1).intoArray(z, q);
    }
  }

  /** {@code laneGrad[i] += dz ⊙ t_i} for every feature i of every group of the block. */
  static void backward(float[] t, int n, int count, float[] dz, float[] laneGrad) {
    for (int q = 0; q < count; q += L) {
      FloatVector d = FloatVector.fromArray(S, dz, q);
      int base = q * n;
      for (int i = 0; i < n; i++) {
        int p = i * L;
        FloatVector.fromArray(S, t, base + p)
            .fma(d, FloatVector.fromArray(S, laneGrad, p))
            .intoArray(laneGrad, p);
      }
    }
  }

  private static void flush(VectorWorkspace ws, int n) {
    double[] g = ws.gradient;
    float[] lanes = ws.laneGrad;
    for (int i = 0; i < n; i++) {
      g[i] += LaneMath.sumLanesInPlace(lanes, i * L);
    }
    java.util.Arrays.fill(lanes, 0f);
    ws.flushLaneSums();
  }
}
