package io.vlogit.internal.vector;

import io.vlogit.internal.kernel.GradientWorkspace;
import io.vlogit.internal.kernel.LogisticKernel;
import io.vlogit.internal.kernel.ScalarMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
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
 * γ(FLUSH)·Σ|s·dz·x| with γ(k) = k·2^−24/(1 − k·2^−24) ≈ 1.5e−5, whatever m is; a logit's error is
 * below γ(⌈n/LANES⌉ + log2(LANES) + 2)·(Σ|w·x| + |b|) (lanes accumulate in order, then a fixed
 * halving tree sums them: see {@link LaneMath#sum}).
 *
 * <p>Deterministic: every operation has one IEEE result (FMA rounds once, as Math.fma), and no sum
 * uses the Vector API's reduceLanes, whose order is open; so a result does not depend on the JDK,
 * on whether the JIT has compiled the code yet, or on the thread.
 */
final class VectorKernel implements LogisticKernel {
  /** Examples summed in float before the partial sums go into double. */
  static final int FLUSH = 256;

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;

  /**
   * Below this many features the narrow (across-examples) loop is used. Measured on Zen 3 with 8
   * lanes (bench/, NarrowVsWide): the crossover lies between 2 and 4 vectors of features.
   */
  static final int NARROW_BELOW = 3 * L;

  /** L zeros then L ones: loading at offset rem gives 1 in exactly the last rem lanes. */
  private static final float[] ZEROS_THEN_ONES = new float[2 * L];

  static {
    java.util.Arrays.fill(ZEROS_THEN_ONES, L, 2 * L, 1f);
  }

  private final String name;

  VectorKernel() {
    this.name = "vector-" + S.vectorBitSize() + (Species.NATIVE ? "" : " (emulated)");
  }

  /** A vector with 1 in the last {@code rem} lanes and 0 elsewhere (0 ≤ rem ≤ L). */
  static FloatVector lastLanes(int rem) {
    return FloatVector.fromArray(S, ZEROS_THEN_ONES, rem);
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
      float[] x, float[] y, float[] weights, int n, int from, int to, float[] w, float b,
      GradientWorkspace ws) {
    VectorWorkspace vws = (VectorWorkspace) ws;
    if (vws.features() != n) {
      throw new IllegalArgumentException("workspace made for n = " + vws.features() + ", called with n = " + n);
    }
    if (narrow(n)) {
      NarrowGradient.accumulate(x, y, weights, n, from, to, w, b, vws);
    } else {
      WideGradient.accumulate(x, y, weights, n, from, to, w, b, vws);
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
      FloatVector wt = FloatVector.fromArray(S, w, t).mul(lastLanes(n - i));
      a1 = FloatVector.fromArray(S, x, offset + t).fma(wt, a1);
    }
    return LaneMath.sum(a0.add(a1).add(a2.add(a3))) + b;
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
    if (n < L) {
      for (int k = 0; k < count; k++) {
        out[outOffset + k] = (float) (b + smallDot(w, x, offset + k * n, n));
      }
      return;
    }
    WideGradient.logits(w, b, x, offset, n, count, out, outOffset);
  }

  @Override
  public void probabilities(
      float[] w, float b, float[] x, int offset, int count, float[] out, int outOffset) {
    logits(w, b, x, offset, count, out, outOffset);
    int k = 0;
    for (; k <= count - L; k += L) {
      LaneMath.sigmoid(FloatVector.fromArray(S, out, outOffset + k)).intoArray(out, outOffset + k);
    }
    for (; k < count; k++) {
      out[outOffset + k] = (float) ScalarMath.sigmoid(out[outOffset + k]);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
