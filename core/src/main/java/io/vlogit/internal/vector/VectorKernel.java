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
 * <p>Three loop nests, chosen by n: {@link WideGradient} (n ≥ L) vectorizes across the features of
 * an example (register-blocked over 4 examples); {@link PackedGradient} (n = 2, 4, 8 dividing L)
 * loads L/n whole examples per vector; {@link NarrowGradient} (any other n < L) vectorizes across
 * examples, transposing a block of examples first.
 *
 * <p>Rounding: float partial sums never run over more than {@link #FLUSH} examples before they are
 * added into the workspace's double sums, so the gradient's summation error stays below γ(FLUSH +
 * log2 L + 1)·Σ|s·dz·x| with γ(k) = k·2^−24/(1 − k·2^−24) ≈ 1.6e−5, whatever m is. A logit's error
 * is below γ(k)·(Σ|w·x| + |b|) with k = ⌈n/L⌉ + log2 L + 2 (wide) or ⌈n/2⌉ + 2 (narrow; the packed
 * loop's log2 n + 2 is within it). The tests derive their tolerances from these (ErrorBound).
 *
 * <p>Deterministic: every operation has one IEEE result (an FMA rounds once, as Math.fma does), and
 * lanes are summed in a fixed tree, never by reduceLanes, whose order is open; a result does not
 * depend on the JDK, on whether the JIT has compiled the code yet, or on the thread.
 */
final class VectorKernel implements LogisticKernel {
  /** Examples summed in float before the partial sums go into double. */
  static final int FLUSH = LogisticKernel.FLUSH;

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;

  /**
   * Below this many features (fewer than one vector) the narrow (across-examples) loop is used;
   * from one vector on, the wide loop with its transposing lane sum ({@link LaneFold}) and, up to
   * two vectors, its gradient in registers is faster (bench/README.md, "Design measurements").
   */
  static final int NARROW_BELOW = L;

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
      float[] x,
      float[] y,
      float[] weights,
      int n,
      int[] rows,
      int from,
      int to,
      float[] w,
      float b,
      GradientWorkspace ws) {
    VectorWorkspace vws = (VectorWorkspace) ws;
    if (vws.features() != n) {
      throw new IllegalArgumentException(
          "workspace made for n = " + vws.features() + ", called with n = " + n);
    }
    if (narrow(n) && PackedGradient.fits(n)) {
      PackedGradient.accumulate(x, y, weights, n, rows, from, to, w, b, vws);
    } else if (narrow(n)) {
      NarrowGradient.accumulate(x, y, weights, n, rows, from, to, w, b, vws);
    } else {
      WideGradient.accumulate(x, y, weights, n, rows, from, to, w, b, vws);
    }
  }

  @Override
  public float logit(float[] w, float b, float[] x, int offset) {
    return Logit.of(x, offset, w.length, w, b);
  }

  /**
   * Two examples at a time, each by the arithmetic of {@link #logit} ({@link Logit}): a logit has
   * the same bits alone as in a batch, whatever its position (a service gets one answer from either
   * call). The two are half the batch apart, example k with example k + count/2, so that the batch
   * is read as two long runs rather than as runs of two examples: a batch larger than L2 measured
   * faster that way (bench/README.md, "Design measurements").
   */
  @Override
  public void logits(
      float[] w, float b, float[] x, int offset, int count, float[] out, int outOffset) {
    int n = w.length;
    int half = count / 2;
    for (int k = 0; k < half; k++) {
      Logit.ofTwo(
          x,
          offset + k * n,
          offset + (k + half) * n,
          n,
          w,
          b,
          out,
          outOffset + k,
          outOffset + k + half);
    }
    if (2 * half < count) {
      out[outOffset + count - 1] = Logit.of(x, offset + (count - 1) * n, n, w, b);
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
  public int firstNonFinite(float[] x, int from, int to) {
    int whole = from + (to - from) / L * L;
    for (int start = from; start < whole; start += FINITE_RUN) {
      int end = Math.min(whole, start + FINITE_RUN);
      // v − v is 0 in every finite lane and NaN in a lane of ±∞ or NaN, and a NaN stays in the sum.
      FloatVector sum = FloatVector.zero(S);
      for (int k = start; k < end; k += L) {
        FloatVector v = FloatVector.fromArray(S, x, k);
        sum = sum.add(v.sub(v));
      }
      if (sum.test(VectorOperators.IS_NAN).anyTrue()) {
        return ScalarMath.firstNonFinite(x, start, end);
      }
    }
    return ScalarMath.firstNonFinite(x, whole, to);
  }

  /** 2²³: below it, adding it and taking it away rounds a float to a whole number. */
  private static final float TWO_TO_23 = 1 << 23;

  @Override
  public int firstNonClass(float[] y, int from, int to, int classes) {
    int whole = from + (to - from) / L * L;
    float limit = classes;
    for (int start = from; start < whole; start += FINITE_RUN) {
      int end = Math.min(whole, start + FINITE_RUN);
      // Over a run: the least and the largest label, and the sum of |v − rint v|, which is 0 only
      // if every label is whole. min and max keep a NaN, which fails the test below. rint v is
      // (v + 2²³) − 2²³, exact for 0 ≤ v < 2²³ (a conversion to int and back is not compiled to
      // vector instructions on JDK 17); a larger or negative v fails the test by the bounds.
      FloatVector least = FloatVector.broadcast(S, 0f);
      FloatVector most = least;
      FloatVector fractions = least;
      for (int k = start; k < end; k += L) {
        FloatVector v = FloatVector.fromArray(S, y, k);
        least = least.min(v);
        most = most.max(v);
        FloatVector rounded = v.add(TWO_TO_23).sub(TWO_TO_23);
        fractions = fractions.add(v.sub(rounded).abs());
      }
      if (!(least.reduceLanes(VectorOperators.MIN) >= 0f
          && most.reduceLanes(VectorOperators.MAX) < limit
          && fractions.reduceLanes(VectorOperators.MAX) == 0f)) {
        return ScalarMath.firstNonClass(y, start, end, classes);
      }
    }
    return ScalarMath.firstNonClass(y, whole, to, classes);
  }

  /**
   * Values checked between early exits by {@link #firstNonFinite} and {@link #firstNonClass}: a
   * multiple of L.
   */
  private static final int FINITE_RUN = 64 * L;

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

  /** The softmax's vector pass needs a whole vector of features; below, the scalar pass runs. */
  private static boolean softmaxOnVectors(int n) {
    return n >= L;
  }

  @Override
  public GradientWorkspace newWorkspace(int n, int classes) {
    return softmaxOnVectors(n) ? new SoftmaxWorkspace(n, classes) : SCALAR.newWorkspace(n, classes);
  }

  @Override
  public void accumulateSoftmaxGradient(
      float[] x,
      float[] y,
      float[] weights,
      int n,
      int classes,
      int[] rows,
      int from,
      int to,
      float[] w,
      float[] b,
      GradientWorkspace ws) {
    if (ws.features() != n || ws.classes() != classes) {
      throw new IllegalArgumentException(
          "workspace made for n = "
              + ws.features()
              + " and "
              + ws.classes()
              + " classes, called with "
              + n
              + " and "
              + classes);
    }
    if (softmaxOnVectors(n)) {
      SoftmaxGradient.accumulate(x, y, weights, n, rows, from, to, w, b, (SoftmaxWorkspace) ws);
    } else {
      SCALAR.accumulateSoftmaxGradient(x, y, weights, n, classes, rows, from, to, w, b, ws);
    }
  }

  /**
   * One example at a time ({@link ClassLogits}), so that it gets the same bits alone as in a batch.
   */
  @Override
  public void classLogits(
      float[] w,
      float[] b,
      int classes,
      float[] x,
      int offset,
      int count,
      float[] out,
      int outOffset) {
    int n = w.length / classes;
    if (!softmaxOnVectors(n)) {
      SCALAR.classLogits(w, b, classes, x, offset, count, out, outOffset);
      return;
    }
    for (int k = 0; k < count; k++) {
      ClassLogits.of(w, b, classes, n, x, offset + k * n, out, outOffset + k * classes);
    }
  }

  @Override
  public void softmax(float[] z, int offset, int count, int classes) {
    SCALAR.softmax(z, offset, count, classes);
  }

  /** Narrow softmax data (n < L) and the softmax of scores run on the scalar kernel. */
  private static final LogisticKernel SCALAR = io.vlogit.internal.kernel.Kernels.scalar();

  @Override
  public String toString() {
    return name;
  }
}
