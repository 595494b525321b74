package io.vlogit.internal.train;

import io.vlogit.internal.kernel.LogisticKernel;
import io.vlogit.internal.kernel.ScalarMath;

/**
 * Log-loss and accuracy (at threshold 0.5: z ≥ 0 predicts 1) of a model of raw features on the
 * validation examples: held-out examples of the training data by index, or a range of a validation
 * dataset's arrays. One forward pass, through a buffer of logits sized once.
 */
public final class Validation {
  private static final int CHUNK = 4096;

  private final float[] x;
  private final float[] y;
  private final int n;
  private final int[] rows;
  private final int from;
  private final int to;
  private final float[] logits;
  private double cost;
  private double accuracy;

  /**
   * @param rows the examples by index (then from = 0, to = rows.length), or null for [from, to)
   */
  public Validation(float[] x, float[] y, int n, int[] rows, int from, int to) {
    this.x = x;
    this.y = y;
    this.n = n;
    this.rows = rows;
    this.from = from;
    this.to = to;
    this.logits = rows == null ? new float[Math.min(CHUNK, to - from)] : new float[0];
  }

  /** Scores the model (w, b); the results are then in {@link #cost} and {@link #accuracy}. */
  void evaluate(LogisticKernel kernel, float[] w, float b) {
    double loss = 0;
    long correct = 0;
    if (rows != null) {
      for (int j : rows) {
        float z = kernel.logit(w, b, x, j * n);
        loss += ScalarMath.loss(z, y[j]);
        correct += (z >= 0) == (y[j] == 1f) ? 1 : 0;
      }
    } else {
      for (int start = from; start < to; start += logits.length) {
        int count = Math.min(logits.length, to - start);
        kernel.logits(w, b, x, start * n, count, logits, 0);
        for (int q = 0; q < count; q++) {
          float label = y[start + q];
          loss += ScalarMath.loss(logits[q], label);
          correct += (logits[q] >= 0) == (label == 1f) ? 1 : 0;
        }
      }
    }
    int count = rows != null ? rows.length : to - from;
    cost = loss / count;
    accuracy = (double) correct / count;
  }

  double cost() {
    return cost;
  }

  double accuracy() {
    return accuracy;
  }
}
