package io.vlogit.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused pass for narrow data whose n divides L (n = 2, 4, 8 below L): P = L/n whole examples
 * per vector, so a group of L examples is n consecutive vectors of X, loaded as they are, with no
 * transposition. Forward: each vector times w repeated P times, then the n vectors' n-lane segments
 * folded together (the fold of {@link LaneFold}, at bits n/2 down to 1) into one vector of the L
 * logits, put in order by one rearrange. Backward: each vector times its examples' dz, spread over
 * their segments by a rearrange, into per-lane partial gradients. Examples by index (shuffled, held
 * out) are copied into order first, so they get the bits they have in order; the last examples
 * short of a group take {@link NarrowGradient}.
 *
 * <p>A logit is its segment's halving tree (lane r with lane r + n/2, ...), then b: log2 n + 1
 * roundings. Every shuffle and mask is a constant of its own (C2 then compiles each rearrange to
 * one instruction, with no box), and every method takes arrays and primitives only (see {@link
 * LaneMath}).
 */
final class PackedGradient {
  private PackedGradient() {}

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;

  private static final VectorMask<Float> BIT_1 = LaneFold.high(1);
  private static final VectorMask<Float> BIT_2 = LaneFold.high(2);
  private static final VectorMask<Float> BIT_4 = LaneFold.high(4);
  private static final VectorShuffle<Float> XOR_1 = LaneFold.swap(1);
  private static final VectorShuffle<Float> XOR_2 = LaneFold.swap(2);
  private static final VectorShuffle<Float> XOR_4 = LaneFold.swap(4);
  private static final VectorShuffle<Float> IN_ORDER_2 = inOrder(2);
  private static final VectorShuffle<Float> IN_ORDER_4 = inOrder(4);
  private static final VectorShuffle<Float> IN_ORDER_8 = inOrder(8);
  private static final VectorShuffle<Float> SPREAD_2_0 = spread(2, 0);
  private static final VectorShuffle<Float> SPREAD_2_1 = spread(2, 1);
  private static final VectorShuffle<Float> SPREAD_4_0 = spread(4, 0);
  private static final VectorShuffle<Float> SPREAD_4_1 = spread(4, 1);
  private static final VectorShuffle<Float> SPREAD_4_2 = spread(4, 2);
  private static final VectorShuffle<Float> SPREAD_4_3 = spread(4, 3);
  private static final VectorShuffle<Float> SPREAD_8_0 = spread(8, 0);
  private static final VectorShuffle<Float> SPREAD_8_1 = spread(8, 1);
  private static final VectorShuffle<Float> SPREAD_8_2 = spread(8, 2);
  private static final VectorShuffle<Float> SPREAD_8_3 = spread(8, 3);
  private static final VectorShuffle<Float> SPREAD_8_4 = spread(8, 4);
  private static final VectorShuffle<Float> SPREAD_8_5 = spread(8, 5);
  private static final VectorShuffle<Float> SPREAD_8_6 = spread(8, 6);
  private static final VectorShuffle<Float> SPREAD_8_7 = spread(8, 7);

  /** True when this path takes n: narrow, and a divisor of L from 2 to 8. */
  static boolean fits(int n) {
    return n >= 2 && n <= 8 && n < L && L % n == 0;
  }

  /**
   * After the folds, example e = v·P + segment sits in lane segment·n + bitreverse(v); lane e takes
   * it. The identity where n does not fit (never used there).
   */
  private static VectorShuffle<Float> inOrder(int n) {
    if (!fits(n)) {
      return VectorShuffle.iota(S, 0, 1, false);
    }
    int p = L / n;
    int bits = Integer.numberOfTrailingZeros(n);
    return VectorShuffle.fromOp(
        S, e -> (e % p) * n + (Integer.reverse(e / p) >>> (Integer.SIZE - bits)));
  }

  /** Lane i of vector v holds a feature of example v·P + i/n: it takes that example's dz. */
  private static VectorShuffle<Float> spread(int n, int v) {
    if (!fits(n)) {
      return VectorShuffle.iota(S, 0, 1, false);
    }
    int p = L / n;
    return VectorShuffle.fromOp(S, i -> (v * p + i / n) % L);
  }

  /** Positions [from, to): examples in order, or {@code rows[position]}. */
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
    float[] wide = ws.packedW;
    for (int i = 0; i < L; i++) {
      wide[i] = w[i % n];
    }
    int whole = from + (to - from) / L * L;
    int sinceFlush = 0;
    for (int j0 = from; j0 < whole; ) {
      int count = Math.min(ws.block, whole - j0);
      float[] src = x;
      int at = j0 * n;
      float[] labels = y;
      int labelsAt = j0;
      float[] weights = sw == null ? ws.ones : sw;
      int weightsAt = sw == null ? 0 : j0;
      if (rows != null) {
        float[] copy = ws.transposed;
        for (int k = 0; k < count; k++) {
          System.arraycopy(x, rows[j0 + k] * n, copy, k * n, n);
        }
        VectorWorkspace.gather(y, sw, rows, j0, count, ws.yBuf, ws.sBuf);
        src = copy;
        at = 0;
        labels = ws.yBuf;
        labelsAt = 0;
        weights = ws.sBuf;
        weightsAt = 0;
      }
      forward(src, at, n, count, wide, b, ws.zBuf);
      LaneMath.expNegAbs(ws.zBuf, 0, ws.eBuf, 0, count, false);
      LaneMath.logistic(
          ws.zBuf,
          ws.eBuf,
          0,
          labels,
          labelsAt,
          weights,
          weightsAt,
          count,
          ws.dzBuf,
          ws.acc,
          ws.withLoss);
      backward(src, at, n, count, ws.dzBuf, ws.packedGrad);
      j0 += count;
      sinceFlush += count;
      if (sinceFlush >= VectorKernel.FLUSH) {
        flush(ws, n);
        sinceFlush = 0;
      }
    }
    flush(ws, n);
    if (whole < to) {
      NarrowGradient.accumulate(x, y, sw, n, rows, whole, to, w, b, ws);
    }
  }

  /**
   * The logits of {@code count} examples (a multiple of L) from {@code x[at ..]} into z. One method
   * per n, each compiled on its own: one method for all three grows past C2's inlining budget in a
   * JVM that has run all three, and its vectors then go into heap boxes.
   */
  static void forward(float[] x, int at, int n, int count, float[] wide, float b, float[] z) {
    if (n == 2) {
      forward2(x, at, count, wide, b, z);
    } else if (n == 4) {
      forward4(x, at, count, wide, b, z);
    } else {
      forward8(x, at, count, wide, b, z);
    }
  }

  private static void forward2(float[] x, int at, int count, float[] wide, float b, float[] z) {
    FloatVector wv = FloatVector.fromArray(S, wide, 0);
    FloatVector bv = FloatVector.broadcast(S, b);
    for (int q = 0; q < count; q += L) {
      int o = at + q * 2;
      FloatVector p0 = FloatVector.fromArray(S, x, o).mul(wv);
      FloatVector p1 = FloatVector.fromArray(S, x, o + L).mul(wv);
      FloatVector v = p0.blend(p1, BIT_1).add(p1.blend(p0, BIT_1).rearrange(XOR_1));
      v.rearrange(IN_ORDER_2).add(bv).intoArray(z, q);
    }
  }

  private static void forward4(float[] x, int at, int count, float[] wide, float b, float[] z) {
    FloatVector wv = FloatVector.fromArray(S, wide, 0);
    FloatVector bv = FloatVector.broadcast(S, b);
    for (int q = 0; q < count; q += L) {
      int o = at + q * 4;
      FloatVector p0 = FloatVector.fromArray(S, x, o).mul(wv);
      FloatVector p1 = FloatVector.fromArray(S, x, o + L).mul(wv);
      FloatVector p2 = FloatVector.fromArray(S, x, o + 2 * L).mul(wv);
      FloatVector p3 = FloatVector.fromArray(S, x, o + 3 * L).mul(wv);
      FloatVector f01 = p0.blend(p1, BIT_2).add(p1.blend(p0, BIT_2).rearrange(XOR_2));
      FloatVector f23 = p2.blend(p3, BIT_2).add(p3.blend(p2, BIT_2).rearrange(XOR_2));
      FloatVector v = f01.blend(f23, BIT_1).add(f23.blend(f01, BIT_1).rearrange(XOR_1));
      v.rearrange(IN_ORDER_4).add(bv).intoArray(z, q);
    }
  }

  private static void forward8(float[] x, int at, int count, float[] wide, float b, float[] z) {
    FloatVector wv = FloatVector.fromArray(S, wide, 0);
    FloatVector bv = FloatVector.broadcast(S, b);
    for (int q = 0; q < count; q += L) {
      int o = at + q * 8;
      FloatVector p0 = FloatVector.fromArray(S, x, o).mul(wv);
      FloatVector p1 = FloatVector.fromArray(S, x, o + L).mul(wv);
      FloatVector p2 = FloatVector.fromArray(S, x, o + 2 * L).mul(wv);
      FloatVector p3 = FloatVector.fromArray(S, x, o + 3 * L).mul(wv);
      FloatVector p4 = FloatVector.fromArray(S, x, o + 4 * L).mul(wv);
      FloatVector p5 = FloatVector.fromArray(S, x, o + 5 * L).mul(wv);
      FloatVector p6 = FloatVector.fromArray(S, x, o + 6 * L).mul(wv);
      FloatVector p7 = FloatVector.fromArray(S, x, o + 7 * L).mul(wv);
      FloatVector f01 = p0.blend(p1, BIT_4).add(p1.blend(p0, BIT_4).rearrange(XOR_4));
      FloatVector f23 = p2.blend(p3, BIT_4).add(p3.blend(p2, BIT_4).rearrange(XOR_4));
      FloatVector f45 = p4.blend(p5, BIT_4).add(p5.blend(p4, BIT_4).rearrange(XOR_4));
      FloatVector f67 = p6.blend(p7, BIT_4).add(p7.blend(p6, BIT_4).rearrange(XOR_4));
      FloatVector f03 = f01.blend(f23, BIT_2).add(f23.blend(f01, BIT_2).rearrange(XOR_2));
      FloatVector f47 = f45.blend(f67, BIT_2).add(f67.blend(f45, BIT_2).rearrange(XOR_2));
      FloatVector v = f03.blend(f47, BIT_1).add(f47.blend(f03, BIT_1).rearrange(XOR_1));
      v.rearrange(IN_ORDER_8).add(bv).intoArray(z, q);
    }
  }

  /**
   * {@code grad += Σ dz·x} lane by lane over the block: lane i holds feature i mod n of one example
   * of each vector; two partial sums (even and odd vectors) so that the FMAs overlap. One method
   * per n, as for {@link #forward}.
   */
  static void backward(float[] x, int at, int n, int count, float[] dz, float[] grad) {
    if (n == 2) {
      backward2(x, at, count, dz, grad);
    } else if (n == 4) {
      backward4(x, at, count, dz, grad);
    } else {
      backward8(x, at, count, dz, grad);
    }
  }

  private static void backward2(float[] x, int at, int count, float[] dz, float[] grad) {
    FloatVector g0 = FloatVector.fromArray(S, grad, 0);
    FloatVector g1 = FloatVector.fromArray(S, grad, L);
    for (int q = 0; q < count; q += L) {
      FloatVector d = FloatVector.fromArray(S, dz, q);
      int o = at + q * 2;
      g0 = FloatVector.fromArray(S, x, o).fma(d.rearrange(SPREAD_2_0), g0);
      g1 = FloatVector.fromArray(S, x, o + L).fma(d.rearrange(SPREAD_2_1), g1);
    }
    g0.intoArray(grad, 0);
    g1.intoArray(grad, L);
  }

  private static void backward4(float[] x, int at, int count, float[] dz, float[] grad) {
    FloatVector g0 = FloatVector.fromArray(S, grad, 0);
    FloatVector g1 = FloatVector.fromArray(S, grad, L);
    for (int q = 0; q < count; q += L) {
      FloatVector d = FloatVector.fromArray(S, dz, q);
      int o = at + q * 4;
      g0 = FloatVector.fromArray(S, x, o).fma(d.rearrange(SPREAD_4_0), g0);
      g1 = FloatVector.fromArray(S, x, o + L).fma(d.rearrange(SPREAD_4_1), g1);
      g0 = FloatVector.fromArray(S, x, o + 2 * L).fma(d.rearrange(SPREAD_4_2), g0);
      g1 = FloatVector.fromArray(S, x, o + 3 * L).fma(d.rearrange(SPREAD_4_3), g1);
    }
    g0.intoArray(grad, 0);
    g1.intoArray(grad, L);
  }

  private static void backward8(float[] x, int at, int count, float[] dz, float[] grad) {
    FloatVector g0 = FloatVector.fromArray(S, grad, 0);
    FloatVector g1 = FloatVector.fromArray(S, grad, L);
    for (int q = 0; q < count; q += L) {
      FloatVector d = FloatVector.fromArray(S, dz, q);
      int o = at + q * 8;
      g0 = FloatVector.fromArray(S, x, o).fma(d.rearrange(SPREAD_8_0), g0);
      g1 = FloatVector.fromArray(S, x, o + L).fma(d.rearrange(SPREAD_8_1), g1);
      g0 = FloatVector.fromArray(S, x, o + 2 * L).fma(d.rearrange(SPREAD_8_2), g0);
      g1 = FloatVector.fromArray(S, x, o + 3 * L).fma(d.rearrange(SPREAD_8_3), g1);
      g0 = FloatVector.fromArray(S, x, o + 4 * L).fma(d.rearrange(SPREAD_8_4), g0);
      g1 = FloatVector.fromArray(S, x, o + 5 * L).fma(d.rearrange(SPREAD_8_5), g1);
      g0 = FloatVector.fromArray(S, x, o + 6 * L).fma(d.rearrange(SPREAD_8_6), g0);
      g1 = FloatVector.fromArray(S, x, o + 7 * L).fma(d.rearrange(SPREAD_8_7), g1);
    }
    g0.intoArray(grad, 0);
    g1.intoArray(grad, L);
  }

  /**
   * Adds the lane sums into the double gradient (feature f: lanes f, f + n, ...) and zeroes them.
   */
  private static void flush(VectorWorkspace ws, int n) {
    float[] lanes = ws.packedGrad;
    double[] g = ws.gradient;
    for (int f = 0; f < n; f++) {
      float s = 0f;
      for (int i = f; i < L; i += n) {
        s += lanes[i] + lanes[L + i];
      }
      g[f] += s;
    }
    java.util.Arrays.fill(lanes, 0f);
    ws.flushLaneSums();
  }
}
