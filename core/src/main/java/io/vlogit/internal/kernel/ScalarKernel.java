package io.vlogit.internal.kernel;

/**
 * The reference kernel: plain Java, double arithmetic on float data. Every SIMD kernel is tested
 * against it, and it is the fallback where the Vector API cannot run.
 *
 * <p>Accuracy: a product of two floats is exact in double, so a dot product of n terms has an error
 * below {@code γ(n)·Σ|w_i·x_i|} with {@code γ(n) = n·2^−53/(1 − n·2^−53)}; σ and the loss are
 * within a few ulp of double (see {@link ScalarMath}); the gradient is accumulated in double, so
 * over m examples its error is below {@code γ(m)·Σ|s·dz·x|}. For every size vlogit accepts (m·n <
 * 2^31) those bounds are below 2^−22 relative, far inside float's 2^−24 rounding of the inputs.
 *
 * <p>Still a single fused pass: each example's features are read for the dot product and read
 * again, from L1, for the gradient; no temporary the size of m.
 */
public final class ScalarKernel implements LogisticKernel {
  /** The one instance; the kernel has no state. */
  public static final ScalarKernel INSTANCE = new ScalarKernel();

  private ScalarKernel() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public GradientWorkspace newWorkspace(int n) {
    return new GradientWorkspace(n);
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
    double[] g = ws.gradient;
    double dzSum = 0;
    double lossSum = 0;
    boolean withLoss = ws.withLoss;
    int untilFlush = FLUSH;
    for (int p = from; p < to; p++) {
      int j = rows == null ? p : rows[p];
      int offset = j * n;
      double z = b + dot(w, x, offset, n);
      double e = Math.exp(-Math.abs(z));
      double r = 1.0 / (1.0 + e);
      double a = z >= 0 ? r : e * r;
      double label = y[j];
      double s = weights == null ? 1.0 : weights[j];
      double dz = s * (a - label);
      double margin = label == 1.0 ? -z : z;
      if (withLoss) {
        lossSum += s * (Math.max(margin, 0.0) + ScalarMath.log1p(e));
      }
      dzSum += dz;
      for (int i = 0; i < n; i++) {
        g[i] += dz * x[offset + i];
      }
      if (--untilFlush == 0) { // see LogisticKernel.FLUSH
        untilFlush = FLUSH;
        ws.dzSum += dzSum;
        ws.lossSum += lossSum;
        dzSum = 0;
        lossSum = 0;
      }
    }
    ws.dzSum += dzSum;
    ws.lossSum += lossSum;
  }

  /**
   * Σ w_i·x_i in double with four independent partial sums, so the loop is not bound by the latency
   * of one chain of additions; the order is fixed, so the result is deterministic.
   */
  static double dot(float[] w, float[] x, int offset, int n) {
    return dot(w, 0, x, offset, n);
  }

  /** The same with the n weights at {@code w[wOffset ..]} (a class's row of the softmax). */
  static double dot(float[] w, int wOffset, float[] x, int offset, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += (double) w[wOffset + i] * x[offset + i];
      s1 += (double) w[wOffset + i + 1] * x[offset + i + 1];
      s2 += (double) w[wOffset + i + 2] * x[offset + i + 2];
      s3 += (double) w[wOffset + i + 3] * x[offset + i + 3];
    }
    for (; i < n; i++) {
      s0 += (double) w[wOffset + i] * x[offset + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public GradientWorkspace newWorkspace(int n, int classes) {
    return new GradientWorkspace(n, classes);
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
    ScalarSoftmax.accumulate(x, y, weights, n, classes, rows, from, to, w, b, ws);
  }

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
    for (int k = 0; k < count; k++) {
      for (int c = 0; c < classes; c++) {
        out[outOffset + k * classes + c] = (float) (b[c] + dot(w, c * n, x, offset + k * n, n));
      }
    }
  }

  @Override
  public void softmax(float[] z, int offset, int count, int classes) {
    for (int k = 0; k < count; k++) {
      ScalarSoftmax.inPlace(z, offset + k * classes, classes);
    }
  }

  @Override
  public float logit(float[] w, float b, float[] x, int offset) {
    return (float) (b + dot(w, x, offset, w.length));
  }

  @Override
  public void logits(
      float[] w, float b, float[] x, int offset, int count, float[] out, int outOffset) {
    int n = w.length;
    for (int k = 0; k < count; k++) {
      out[outOffset + k] = (float) (b + dot(w, x, offset + k * n, n));
    }
  }

  @Override
  public float sigmoid(float z) {
    return (float) ScalarMath.sigmoid(z);
  }

  @Override
  public void sigmoid(float[] z, int offset, int count) {
    for (int k = offset; k < offset + count; k++) {
      z[k] = (float) ScalarMath.sigmoid(z[k]);
    }
  }

  @Override
  public void probabilities(
      float[] w, float b, float[] x, int offset, int count, float[] out, int outOffset) {
    int n = w.length;
    for (int k = 0; k < count; k++) {
      out[outOffset + k] = (float) ScalarMath.sigmoid(b + dot(w, x, offset + k * n, n));
    }
  }

  @Override
  public int firstNonFinite(float[] x, int from, int to) {
    return ScalarMath.firstNonFinite(x, from, to);
  }

  @Override
  public int firstNonClass(float[] y, int from, int to, int classes) {
    return ScalarMath.firstNonClass(y, from, to, classes);
  }
}
