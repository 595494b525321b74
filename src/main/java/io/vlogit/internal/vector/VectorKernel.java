package io.vlogit.internal.vector;

import io.vlogit.internal.kernel.GradientWorkspace;
import io.vlogit.internal.kernel.LogisticKernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernel: float arithmetic, {@link Species#FLOAT} lanes, one fused pass over X.
 *
 * <p>Two loop nests, chosen by n: {@link WideGradient} vectorizes across the features of an
 * example (register-blocked over 4 examples) and {@link NarrowGradient} vectorizes across
 * examples, transposing a block of examples first, for data too narrow to fill the lanes.
 *
 * <p>Rounding: float partial sums never run over more than {@link #FLUSH} examples before they are
 * added into the workspace's double sums, so the gradient's summation error stays below
 * γ(FLUSH + log2 L + 1)·Σ|s·dz·x| with γ(k) = k·2^−24/(1 − k·2^−24) ≈ 1.6e−5, whatever m is. A
 * logit's error is below γ(k)·(Σ|w·x| + |b|) with k = ⌈n/L⌉ + log2 L + 2 (wide) or ⌈n/2⌉ + 2
 * (narrow). The tests derive their tolerances from these (ErrorBound).
 *
 * <p>Deterministic: every operation has one IEEE result (an FMA rounds once, as Math.fma does), and
 * lanes are summed in a fixed tree, never by reduceLanes, whose order is open; a result does not
 * depend on the JDK, on whether the JIT has compiled the code yet, or on the thread.
 */
final class VectorKernel implements LogisticKernel {
  /** Examples summed in float before the partial sums go into double. */
  static final int FLUSH = 256;

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;

  /**
   * Below this many features the narrow (across-examples) loop is used: measured on Zen 3 with 8
   * lanes, it is faster up to n = 16 (17.4 against 20.4 ns per example) and slower from n = 24 (27
   * against 17); see bench/README.md.
   */
  static final int NARROW_BELOW = 3 * L;

  /** L zeros then L ones: loading at offset rem gives 1 in exactly the last rem lanes. */
  static final float[] ZEROS_THEN_ONES = new float[2 * L];

  static {
    java.util.Arrays.fill(ZEROS_THEN_ONES, L, 2 * L, 1f);
  }

  private final String name;

  VectorKernel() {
    this.name = "vector-" + S.vectorBitSize() + (Species.NATIVE ? "" : " (emulated)");
  }

  static boolean narrow(int n) {
    return n < NARROW_BELOW;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public GradientWorkspace newWorkspace(int n) {
    return new VectorWorkspace(n, narrow(n));
  }

  @Override
  public void accumulateGradient(
      float[] x, float[] y, float[] weights, int n, int[] rows, int from, int to, float[] w, float b,
      GradientWorkspace ws) {
    VectorWorkspace vws = (VectorWorkspace) ws;
    if (vws.features() != n) {
      throw new IllegalArgumentException("workspace made for n = " + vws.features() + ", called with n = " + n);
    }
    if (narrow(n)) {
      NarrowGradient.accumulate(x, y, weights, n, rows, from, to, w, b, vws);
    } else {
      WideGradient.accumulate(x, y, weights, n, rows, from, to, w, b, vws);
    }
  }

  @Override
  public float logit(float[] w, float b, float[] x, int offset) {
    int n = w.length;
    if (n < L) {
      return (float) (b + smallDot(w, x, offset, n));
    }
    // Four accumulators so the loop is bound by FMA throughput, not by one chain's latency.
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = FloatVector.zero(S);
    FloatVector a2 = FloatVector.zero(S);
    FloatVector a3 = FloatVector.zero(S);
    int i = 0;
    for (; i <= n - 4 * L; i += 4 * L) {
      a0 = FloatVector.fromArray(S, x, offset + i).fma(FloatVector.fromArray(S, w, i), a0);
      a1 = FloatVector.fromArray(S, x, offset + i + L).fma(FloatVector.fromArray(S, w, i + L), a1);
      a2 = FloatVector.fromArray(S, x, offset + i + 2 * L).fma(FloatVector.fromArray(S, w, i + 2 * L), a2);
      a3 = FloatVector.fromArray(S, x, offset + i + 3 * L).fma(FloatVector.fromArray(S, w, i + 3 * L), a3);
    }
    for (; i <= n - L; i += L) {
      a0 = FloatVector.fromArray(S, x, offset + i).fma(FloatVector.fromArray(S, w, i), a0);
    }
    if (i < n) {
      // The last n − i features: load the final whole vector (overlapping what was summed) and
      // zero the overlap through the weights.
      int t = n - L;
      FloatVector wt = FloatVector.fromArray(S, w, t).mul(FloatVector.fromArray(S, ZEROS_THEN_ONES, n - i));
      a1 = FloatVector.fromArray(S, x, offset + t).fma(wt, a1);
    }
    FloatVector v = a0.add(a1).add(a2.add(a3));
    // The lane tree of LaneMath.sumLanesInPlace. Up to 8 lanes from the lanes themselves, added in
    // the tree's order (the same bits): one call's latency is what scoring one example waits for,
    // and extracting lanes measured 5 to 8 ns faster at n = 30 than the rearranges on JDK 17 (2 to
    // 4 on JDK 25; Zen 3). Wider vectors (AVX-512, wide SVE) keep the rotations.
    if (L == 2) {
      return v.lane(0) + v.lane(1) + b;
    }
    if (L == 4) {
      return (v.lane(0) + v.lane(2)) + (v.lane(1) + v.lane(3)) + b;
    }
    if (L == 8) {
      return ((v.lane(0) + v.lane(4)) + (v.lane(2) + v.lane(6)))
          + ((v.lane(1) + v.lane(5)) + (v.lane(3) + v.lane(7))) + b;
    }
    if (L >= 64) {
      v = v.add(v.rearrange(LaneMath.ROTATE_32));
    }
    if (L >= 32) {
      v = v.add(v.rearrange(LaneMath.ROTATE_16));
    }
    v = v.add(v.rearrange(LaneMath.ROTATE_8));
    v = v.add(v.rearrange(LaneMath.ROTATE_4));
    v = v.add(v.rearrange(LaneMath.ROTATE_2));
    return v.add(v.rearrange(LaneMath.ROTATE_1)).lane(0) + b;
  }

  /** Dot product for n < L, in double like the scalar kernel (a handful of terms). */
  private static double smallDot(float[] w, float[] x, int offset, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += (double) w[i] * x[offset + i];
    }
    return s;
  }

  @Override
  public void logits(float[] w, float b, float[] x, int offset, int count, float[] out, int outOffset) {
    int n = w.length;
    int k = 0;
    if (n >= L) {
      for (; k + 4 <= count; k += 4) {
        int o = offset + k * n;
        WideGradient.dot4(x, o, o + n, o + 2 * n, o + 3 * n, n, w, b, out, outOffset + k);
      }
    }
    for (; k < count; k++) {
      out[outOffset + k] = logit(w, b, x, offset + k * n);
    }
  }

  @Override
  public void sigmoid(float[] z, int offset, int count) {
    int whole = count / L * L;
    LaneMath.expNegAbs(z, offset, z, offset, whole, true);
    for (int k = whole; k < count; k++) {
      z[offset + k] = LaneMath.sigmoid(z[offset + k]); // the lanes' bits, one at a time
    }
  }

  @Override
  public float sigmoid(float z) {
    return LaneMath.sigmoid(z);
  }

  @Override
  public void probabilities(
      float[] w, float b, float[] x, int offset, int count, float[] out, int outOffset) {
    logits(w, b, x, offset, count, out, outOffset);
    sigmoid(out, outOffset, count);
  }

  @Override
  public String toString() {
    return name;
  }
}
