package io.vlogit;

import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.LogisticKernel;
import java.util.Arrays;
import java.util.Objects;

/**
 * A trained binary logistic-regression model: {@code P(y = 1 | x) = σ(w·x + b)}.
 *
 * <p>Immutable and thread-safe: share one instance between any number of scoring threads. Scoring
 * allocates nothing, checks the input's length against the model's n, never reads past the
 * requested range, and returns probabilities in [0, 1]. It runs on the kernel chosen at start-up
 * (see {@code io.vlogit.internal.kernel.Kernels}).
 */
public final class LogisticModel {
  private static final LogisticKernel KERNEL = Kernels.selected();

  private final float[] weights;
  private final float bias;

  /**
   * A model with a copy of {@code weights} (one per feature, at least one) and {@code bias}.
   *
   * @throws InvalidDataException if a weight or the bias is not finite
   */
  public LogisticModel(float[] weights, float bias) {
    Objects.requireNonNull(weights, "weights");
    if (weights.length == 0) {
      throw new InvalidDataException("a model needs at least one weight");
    }
    for (int i = 0; i < weights.length; i++) {
      if (!Float.isFinite(weights[i])) {
        throw new InvalidDataException(
            "weight " + i + " is " + weights[i] + "; a model's weights must be finite",
            InvalidDataException.NONE, i, weights[i]);
      }
    }
    if (!Float.isFinite(bias)) {
      throw new InvalidDataException("the bias is " + bias + "; it must be finite");
    }
    this.weights = weights.clone();
    this.bias = bias;
  }

  /** Number of features, n. */
  public int features() {
    return weights.length;
  }

  /** A copy of the weights. */
  public float[] weights() {
    return weights.clone();
  }

  /** Weight of feature {@code i}. */
  public float weight(int i) {
    return weights[i];
  }

  public float bias() {
    return bias;
  }

  /** {@code w·x + b} for {@code x} of exactly n features. */
  public float logit(float[] x) {
    checkSingle(x, 0, true);
    return KERNEL.logit(weights, bias, x, 0);
  }

  /** {@code w·x + b} for the n features at {@code x[offset .. offset+n)}. */
  public float logit(float[] x, int offset) {
    checkSingle(x, offset, false);
    return KERNEL.logit(weights, bias, x, offset);
  }

  /** {@code σ(w·x + b)} for {@code x} of exactly n features: P(y = 1). */
  public float probability(float[] x) {
    return sigmoid(logit(x));
  }

  /** {@code σ(w·x + b)} for the n features at {@code x[offset .. offset+n)}. */
  public float probability(float[] x, int offset) {
    return sigmoid(logit(x, offset));
  }

  /**
   * Probabilities of {@code count} consecutive examples stored column-major from {@code
   * x[offset]} (example k at {@code x[offset + k*n ..]}) into {@code out[outOffset ..
   * outOffset+count)}.
   */
  public void probabilities(float[] x, int offset, int count, float[] out, int outOffset) {
    checkBatch(x, offset, count, out, outOffset);
    KERNEL.probabilities(weights, bias, x, offset, count, out, outOffset);
  }

  /** Logits of {@code count} consecutive examples; see {@link #probabilities(float[], int, int, float[], int)}. */
  public void logits(float[] x, int offset, int count, float[] out, int outOffset) {
    checkBatch(x, offset, count, out, outOffset);
    KERNEL.logits(weights, bias, x, offset, count, out, outOffset);
  }

  /** Probabilities of every example of {@code data} into {@code out[0 .. data.examples())}. */
  public void probabilities(Dataset data, float[] out) {
    checkFeatures(data);
    Objects.checkFromIndexSize(0, data.examples(), out.length);
    KERNEL.probabilities(
        weights, bias, data.xArray(), data.firstExample() * weights.length, data.examples(), out, 0);
  }

  private void checkFeatures(Dataset data) {
    if (data.features() != weights.length) {
      throw new DimensionMismatchException("dataset", weights.length, data.features());
    }
  }

  private void checkSingle(float[] x, int offset, boolean exact) {
    int n = weights.length;
    if (exact && x.length != n) {
      throw new DimensionMismatchException("example", n, x.length);
    }
    Objects.checkFromIndexSize(offset, n, x.length);
  }

  private void checkBatch(float[] x, int offset, int count, float[] out, int outOffset) {
    Objects.checkFromIndexSize(offset, Math.multiplyExact(count, weights.length), x.length);
    Objects.checkFromIndexSize(outOffset, count, out.length);
  }

  /** σ in double, rounded to float: accurate for every float logit (see ScalarMath). */
  private static float sigmoid(float z) {
    return (float) io.vlogit.internal.kernel.ScalarMath.sigmoid(z);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogisticModel other
        && Float.floatToIntBits(bias) == Float.floatToIntBits(other.bias)
        && Arrays.equals(weights, other.weights);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(weights) + Float.hashCode(bias);
  }

  @Override
  public String toString() {
    return "LogisticModel[n=" + weights.length + ", bias=" + bias + "]";
  }
}
