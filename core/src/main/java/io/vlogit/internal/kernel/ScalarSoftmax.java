package io.vlogit.internal.kernel;

/**
 * The softmax in double, as the scalar kernel and scoring compute it: the reference the vector
 * kernel is tested against.
 *
 * <p>Everything is relative to the largest logit {@code M}: {@code e_c = exp(z_c − M)} lies in (0,
 * 1] and so never overflows, their sum {@code S} in [1, K], {@code p_c = e_c / S} and the loss
 * {@code logsumexp(z) − z_y = (M − z_y) + log S}, a sum of two terms ≥ 0 (no cancellation), finite
 * wherever z is finite. Each is a few roundings of double: far inside float's 2^−24.
 */
public final class ScalarSoftmax {
  private ScalarSoftmax() {}

  /** See {@link LogisticKernel#accumulateSoftmaxGradient}. */
  static void accumulate(
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
    double[] g = ws.gradient;
    double[] classDz = ws.classDz;
    double[] z = ws.classScratch; // logits in [0, K), exps in [K, 2K)
    double lossSum = 0;
    boolean withLoss = ws.withLoss;
    int untilFlush = LogisticKernel.FLUSH;
    for (int p = from; p < to; p++) {
      int j = rows == null ? p : rows[p];
      int offset = j * n;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        z[c] = b[c] + ScalarKernel.dot(w, c * n, x, offset, n);
        max = Math.max(max, z[c]);
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        z[classes + c] = Math.exp(z[c] - max);
        sum += z[classes + c];
      }
      int label = (int) y[j];
      double s = weights == null ? 1.0 : weights[j];
      if (withLoss) {
        lossSum += s * ((max - z[label]) + Math.log(sum));
      }
      for (int c = 0; c < classes; c++) {
        double dz = s * (z[classes + c] / sum - (c == label ? 1.0 : 0.0));
        classDz[c] += dz;
        int row = c * n;
        for (int i = 0; i < n; i++) {
          g[row + i] += dz * x[offset + i];
        }
      }
      if (--untilFlush == 0) {
        untilFlush = LogisticKernel.FLUSH;
        ws.lossSum += lossSum; // as the flushes of the vector kernel: see LogisticKernel.FLUSH
        lossSum = 0;
      }
    }
    ws.lossSum += lossSum;
  }

  /**
   * Softmax of the K logits at {@code z[offset ..]}, in place, in double (each exp rounded to float
   * once) rounded to float. A logit of +∞ (scoring recomputes a float overflow in double, which can
   * still exceed float) takes the probability, shared equally with any other +∞; logits all −∞
   * share it equally too.
   */
  public static void inPlace(float[] z, int offset, int classes) {
    float max = Float.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      max = Math.max(max, z[offset + c]);
    }
    if (Float.isInfinite(max)) {
      int at = 0;
      for (int c = 0; c < classes; c++) {
        at += z[offset + c] == max ? 1 : 0;
      }
      for (int c = 0; c < classes; c++) {
        z[offset + c] = z[offset + c] == max ? 1f / at : 0f;
      }
      return;
    }
    // Each exp once, kept as a float in place (relative error 2^−24, as the result's rounding).
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      float e = (float) Math.exp((double) z[offset + c] - max);
      z[offset + c] = e;
      sum += e;
    }
    for (int c = 0; c < classes; c++) {
      z[offset + c] = (float) (z[offset + c] / sum);
    }
  }

  /**
   * {@code logsumexp(z) − z_label} of the K logits at {@code z[offset ..]}: the log-loss of one
   * example (see the class comment).
   */
  public static double loss(float[] z, int offset, int classes, int label) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      max = Math.max(max, z[offset + c]);
    }
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += Math.exp(z[offset + c] - max);
    }
    return (max - z[offset + label]) + Math.log(sum);
  }

  /** The class of the largest of the K logits at {@code z[offset ..]}, the first of equals. */
  public static int argmax(float[] z, int offset, int classes) {
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (z[offset + c] > z[offset + best]) {
        best = c;
      }
    }
    return best;
  }
}
