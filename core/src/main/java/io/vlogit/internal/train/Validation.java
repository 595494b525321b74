package io.vlogit.internal.train;

import io.vlogit.internal.kernel.LogisticKernel;
import io.vlogit.internal.kernel.ScalarMath;
import io.vlogit.internal.kernel.ScalarSoftmax;

/**
 * Log-loss and accuracy of a model of raw features on the validation examples: held-out examples of
 * the training data by index, or a range of a validation dataset's arrays. The binary model
 * predicts 1 at z ≥ 0 (threshold 0.5); the multinomial one predicts the class of the largest logit
 * (the first of equals). One forward pass, through a buffer of logits sized once.
 */
public final class Validation {
  private static final int CHUNK = 4096;

  private final ExampleBlocks x;
  private final float[] y;
  private final int n;
  private final int[] rows;
  private final int from;
  private final int to;
  private final int outputs;
  private final float[] logits;
  private double cost;
  private double accuracy;

  /**
   * @param rows the examples by index (then from = 0, to = rows.length), or null for [from, to)
   * @param classes 2 for the binary model, K ≥ 3 for the multinomial one
   */
  public Validation(ExampleBlocks x, float[] y, int[] rows, int from, int to, int classes) {
    this.x = x;
    this.y = y;
    this.n = x.features();
    this.rows = rows;
    this.from = from;
    this.to = to;
    this.outputs = TrainingSet.outputs(classes);
    int examples = rows == null ? Math.min(CHUNK, to - from) : 1;
    this.logits = new float[examples * outputs];
  }

  /**
   * Scores the model (w, biases: one row of weights and one bias, or K of each); the results are
   * then in {@link #cost} and {@link #accuracy}.
   */
  void evaluate(LogisticKernel kernel, float[] w, float[] biases) {
    double loss = 0;
    long correct = 0;
    int per = logits.length / outputs;
    int count = rows != null ? rows.length : to - from;
    for (int start = 0, block; start < count; start += block) {
      int j = rows != null ? rows[start] : from + start;
      int b = x.blockOf(j);
      block = Math.min(Math.min(per, count - start), x.end(b) - j);
      float[] a = x.array(b);
      int offset = (j - x.start(b)) * n;
      if (outputs == 1) {
        kernel.logits(w, biases[0], a, offset, block, logits, 0);
      } else {
        kernel.classLogits(w, biases, outputs, a, offset, block, logits, 0);
      }
      for (int q = 0; q < block; q++) {
        float label = y[rows != null ? rows[start + q] : from + start + q];
        if (outputs == 1) {
          loss += ScalarMath.loss(logits[q], label);
          correct += (logits[q] >= 0) == (label == 1f) ? 1 : 0;
        } else {
          loss += ScalarSoftmax.loss(logits, q * outputs, outputs, (int) label);
          correct += ScalarSoftmax.argmax(logits, q * outputs, outputs) == (int) label ? 1 : 0;
        }
      }
    }
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
