package io.vlogit;

import io.vlogit.internal.kernel.ScalarMath;
import io.vlogit.internal.kernel.ScalarSoftmax;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * Log-loss, accuracy and ROC AUC of a binary model on labelled data; log-loss, accuracy, the
 * confusion matrix and per-class figures of a multinomial one.
 */
public final class Metrics {
  private static final int CHUNK = 4096;

  private Metrics() {}

  /**
   * Accuracy at threshold 0.5, scoring in chunks (no array the size of m).
   *
   * @throws DimensionMismatchException if the model and the data differ in n
   */
  public static double accuracy(LogisticModel model, Dataset data) {
    float[] z = new float[Math.min(CHUNK, data.examples())];
    long correct = 0;
    for (int from = 0; from < data.examples(); from += z.length) {
      int count = Math.min(z.length, data.examples() - from);
      logits(model, data, from, count, z);
      for (int k = 0; k < count; k++) {
        correct += (z[k] >= 0f) == (data.label(from + k) == 1f) ? 1 : 0;
      }
    }
    return (double) correct / data.examples();
  }

  /**
   * Log-loss, accuracy and ROC AUC. The AUC ranks the logits (which, unlike probabilities, do not
   * saturate at 0 and 1 in float), so it needs one array of m logits.
   */
  public static Evaluation evaluate(LogisticModel model, Dataset data) {
    int m = data.examples();
    float[] z = new float[m];
    logits(model, data, 0, m, z);
    double loss = 0;
    long correct = 0;
    int positives = 0;
    long[] keys = new long[m];
    for (int j = 0; j < m; j++) {
      float y = data.label(j);
      loss += ScalarMath.loss(z[j], y);
      correct += (z[j] >= 0f) == (y == 1f) ? 1 : 0;
      positives += (int) y;
      keys[j] = (sortableBits(z[j]) << 1) | (long) y;
    }
    return new Evaluation(m, positives, loss / m, (double) correct / m, auc(keys, positives));
  }

  private static void logits(LogisticModel model, Dataset data, int from, int count, float[] out) {
    if (model.features() != data.features()) {
      throw new DimensionMismatchException("dataset", model.features(), data.features());
    }
    data.forEachRun(
        from, from + count, (x, offset, run, j) -> model.logits(x, offset, run, out, j - from));
  }

  /** Maps a float to a long whose signed order is the float's order (−0 and +0 tie). */
  private static long sortableBits(float f) {
    int bits = Float.floatToIntBits(f == 0f ? 0f : f);
    return bits >= 0 ? bits : (long) (bits ^ 0x7fffffff);
  }

  /** Mann–Whitney U from ranks, ties given their average rank. keys: score bits << 1 | label. */
  private static double auc(long[] keys, int positives) {
    int m = keys.length;
    int negatives = m - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    Arrays.sort(keys);
    double rankSum = 0;
    int i = 0;
    while (i < m) {
      int j = i;
      long score = keys[i] >> 1;
      int tiedPositives = 0;
      while (j < m && (keys[j] >> 1) == score) {
        tiedPositives += (int) (keys[j] & 1);
        j++;
      }
      double averageRank = (i + 1 + j) / 2.0; // ranks i+1 .. j
      rankSum += tiedPositives * averageRank;
      i = j;
    }
    double u = rankSum - (double) positives * (positives + 1) / 2.0;
    return u / ((double) positives * negatives);
  }

  /**
   * Accuracy of a multinomial model's predictions (the most probable class), scoring in chunks.
   *
   * @throws DimensionMismatchException if the model and the data differ in n
   */
  public static double accuracy(MultinomialModel model, Dataset data) {
    return evaluate(model, data).accuracy();
  }

  /**
   * The accuracy of the binary model on a stream's examples: one pass, a block at a time.
   *
   * @throws IOException if a block cannot be read
   */
  public static double accuracy(LogisticModel model, ExampleStream data) throws IOException {
    return accuracy(data, block -> accuracy(model, block));
  }

  /** The accuracy of the multinomial model on a stream's examples, as above. */
  public static double accuracy(MultinomialModel model, ExampleStream data) throws IOException {
    return accuracy(data, block -> accuracy(model, block));
  }

  private static double accuracy(ExampleStream data, ToDoubleFunction<Dataset> ofBlock)
      throws IOException {
    int n = data.features();
    double[] correct = {0};
    StreamFitting.forEachBlock(
        data,
        false,
        (first, count, x, y, s) -> {
          Dataset block =
              Dataset.wrap(
                      count * n == x.length ? x : Arrays.copyOf(x, count * n),
                      count == y.length ? y : Arrays.copyOf(y, count),
                      n,
                      data.classes())
                  .withClassNames(data.classNames());
          correct[0] += Math.round(ofBlock.applyAsDouble(block) * count);
        });
    return correct[0] / data.examples();
  }

  /**
   * The figures of {@link MultinomialEvaluation}, scoring in chunks of the batch API (no array the
   * size of m).
   *
   * @throws DimensionMismatchException if the model and the data differ in n
   * @throws InvalidDataException if the data has other classes than the model
   */
  public static MultinomialEvaluation evaluate(MultinomialModel model, Dataset data) {
    if (model.features() != data.features()) {
      throw new DimensionMismatchException("dataset", model.features(), data.features());
    }
    if (!model.classNames().equals(data.classNames())) {
      throw new InvalidDataException(
          "the data's classes " + data.classNames() + " are not the model's " + model.classNames());
    }
    int k = model.classes();
    int chunk = Math.max(1, Math.min(CHUNK, data.examples()));
    float[] z = new float[chunk * k];
    long[][] confusion = new long[k][k];
    double loss = 0;
    for (int from = 0; from < data.examples(); from += chunk) {
      int count = Math.min(chunk, data.examples() - from);
      int start = from;
      data.forEachRun(
          from,
          from + count,
          (x, offset, run, j) -> model.logits(x, offset, run, z, (j - start) * k));
      for (int q = 0; q < count; q++) {
        int label = (int) data.label(from + q);
        loss += ScalarSoftmax.loss(z, q * k, k, label);
        confusion[label][ScalarSoftmax.argmax(z, q * k, k)]++;
      }
    }
    return new MultinomialEvaluation(model.classNames(), loss / data.examples(), confusion);
  }
}
