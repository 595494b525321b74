package io.vlogit;

import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.LogisticKernel;
import io.vlogit.internal.kernel.ScalarMath;
import java.util.Arrays;
import java.util.Objects;

/**
 * A trained binary logistic-regression model: {@code P(y = 1 | x) = σ(w·x + b)}.
 *
 * <p>Immutable and thread-safe: share one instance between any number of scoring threads (see
 * {@link ModelHolder} to swap models under load). Scoring allocates nothing, checks the input's
 * length against the model's n, never reads past the requested range, and returns probabilities in
 * [0, 1], never NaN for finite input (a logit beyond float's range gives exactly 0 or 1). It runs
 * on the kernel chosen at start-up (see {@code io.vlogit.internal.kernel.Kernels}); scoring is
 * deterministic: the same input gives the same bits on every call and every thread.
 *
 * <p><b>Non-finite input</b> is refused by default with an {@link InvalidDataException} naming the
 * feature (and, in a batch, the example). The check costs nothing on the fast path: with finite
 * weights, a NaN or infinite feature makes the logit non-finite, and only then are the features
 * scanned. {@link #withoutInputCheck()} gives the same model without it, for callers who validate
 * upstream: a NaN feature then gives a NaN probability.
 */
public final class LogisticModel {
  private static final LogisticKernel KERNEL = Kernels.selected();

  private final float[] weights;
  private final float bias;
  private final boolean checkInput;

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
            InvalidDataException.NONE,
            i,
            weights[i]);
      }
    }
    if (!Float.isFinite(bias)) {
      throw new InvalidDataException("the bias is " + bias + "; it must be finite");
    }
    this.weights = weights.clone();
    this.bias = bias;
    this.checkInput = true;
  }

  private LogisticModel(LogisticModel model, boolean checkInput) {
    this.weights = model.weights;
    this.bias = model.bias;
    this.checkInput = checkInput;
  }

  /**
   * Compiles the scoring code before it is needed: scores made-up examples of this model's n, one
   * at a time and in small batches, until the JIT has compiled them (or for 5 s at most), and
   * returns this model. A service calls it while it loads, or on a model before {@link
   * ModelHolder#swap}, so that its first requests are scored at full speed: until C2 has compiled
   * it, the vector kernel runs as plain Java, about a hundred times slower and allocating. Takes a
   * few hundred milliseconds in a fresh JVM, about a millisecond once the code is compiled
   * (bench/README.md, "Warm-up, scoring and threads"). Thread-safe; it changes nothing in the
   * model.
   */
  public LogisticModel warmUp() {
    ScoringWarmUp.run(this);
    return this;
  }

  /** The same model without the check for non-finite input (see the class comment). */
  public LogisticModel withoutInputCheck() {
    return checkInput ? new LogisticModel(this, false) : this;
  }

  /** True if scoring refuses non-finite input (the default). */
  public boolean checksInput() {
    return checkInput;
  }

  /** Number of features, n. */
  public int features() {
    return weights.length;
  }

  /** A copy of the weights. */
  public float[] weights() {
    return weights.clone();
  }

  /**
   * Weights that are not 0: the features the model reads (L1 regularization sets the others to
   * exactly 0).
   */
  public int nonZeroWeights() {
    return nonZero(weights);
  }

  static int nonZero(float[] values) {
    int count = 0;
    for (float v : values) {
      count += v != 0 ? 1 : 0;
    }
    return count;
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
    checkSingle(x.length, 0, true);
    return finite(KERNEL.logit(weights, bias, x, 0), x, 0, InvalidDataException.NONE);
  }

  /** {@code w·x + b} for the n features at {@code x[offset .. offset+n)}. */
  public float logit(float[] x, int offset) {
    checkSingle(x.length, offset, false);
    return finite(KERNEL.logit(weights, bias, x, offset), x, offset, InvalidDataException.NONE);
  }

  /**
   * {@code w·x + b} for {@code x} of exactly n features, in double (scalar: no kernel for doubles).
   */
  public double logit(double[] x) {
    checkSingle(x.length, 0, true);
    return logit(x, 0);
  }

  /** {@code w·x + b} for the n features at {@code x[offset .. offset+n)}, in double. */
  public double logit(double[] x, int offset) {
    checkSingle(x.length, offset, false);
    double z = bias;
    for (int i = 0; i < weights.length; i++) {
      z += weights[i] * x[offset + i];
    }
    if (!Double.isFinite(z) && checkInput) {
      for (int i = 0; i < weights.length; i++) {
        if (!Double.isFinite(x[offset + i])) {
          throw nonFinite(InvalidDataException.NONE, i, x[offset + i]);
        }
      }
    }
    return z;
  }

  /** P(y = 1) for {@code x} of exactly n features, from doubles. */
  public double probability(double[] x) {
    return ScalarMath.sigmoid(logit(x));
  }

  /** P(y = 1) for the n features at {@code x[offset .. offset+n)}, from doubles. */
  public double probability(double[] x, int offset) {
    return ScalarMath.sigmoid(logit(x, offset));
  }

  /**
   * The predicted label at {@code threshold}: true (label 1) when P(y = 1) ≥ threshold.
   *
   * @param threshold in [0, 1]; 0.5 is the usual choice
   */
  public boolean predict(float[] x, int offset, float threshold) {
    if (!(threshold >= 0f && threshold <= 1f)) {
      throw new IllegalArgumentException("threshold must be in [0, 1] (got " + threshold + ")");
    }
    return probability(x, offset) >= threshold;
  }

  /**
   * The slow path of a non-finite logit: a non-finite feature (refused, unless the check is off),
   * or finite features whose float sums left float's range (recomputed in double, where they fit).
   */
  private float finite(float z, float[] x, int offset, long example) {
    if (Float.isFinite(z)) {
      return z;
    }
    double exact = bias;
    for (int i = 0; i < weights.length; i++) {
      float v = x[offset + i];
      if (!Float.isFinite(v) && checkInput) {
        throw nonFinite(example, i, v);
      }
      exact += (double) weights[i] * v;
    }
    return (float) exact;
  }

  private static InvalidDataException nonFinite(long example, int feature, double value) {
    String where = example == InvalidDataException.NONE ? "" : "example " + example + ", ";
    return new InvalidDataException(
        where
            + "feature "
            + feature
            + ": value "
            + value
            + " is not finite; vlogit refuses non-finite"
            + " input (LogisticModel.withoutInputCheck() turns this off)",
        example,
        feature,
        value);
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
   * Probabilities of {@code count} consecutive examples stored column-major from {@code x[offset]}
   * (example k at {@code x[offset + k*n ..]}) into {@code out[outOffset .. outOffset+count)}.
   */
  public void probabilities(float[] x, int offset, int count, float[] out, int outOffset) {
    logits(x, offset, count, out, outOffset);
    KERNEL.sigmoid(out, outOffset, count);
  }

  /**
   * Logits of {@code count} consecutive examples; see {@link #probabilities(float[], int, int,
   * float[], int)}.
   */
  public void logits(float[] x, int offset, int count, float[] out, int outOffset) {
    checkBatch(x, offset, count, out, outOffset);
    KERNEL.logits(weights, bias, x, offset, count, out, outOffset);
    for (int k = 0; k < count; k++) {
      // With finite weights a non-finite feature makes its logit non-finite: checking the count
      // logits finds it without scanning the n·count features.
      if (!Float.isFinite(out[outOffset + k])) {
        int o = offset + k * weights.length;
        out[outOffset + k] = finite(out[outOffset + k], x, o, k);
      }
    }
  }

  /** Probabilities of every example of {@code data} into {@code out[0 .. data.examples())}. */
  public void probabilities(Dataset data, float[] out) {
    checkFeatures(data);
    Objects.checkFromIndexSize(0, data.examples(), out.length);
    data.forEachRun(
        0, data.examples(), (x, offset, count, j) -> probabilities(x, offset, count, out, j));
  }

  private void checkFeatures(Dataset data) {
    if (data.features() != weights.length) {
      throw new DimensionMismatchException("dataset", weights.length, data.features());
    }
  }

  private void checkSingle(int length, int offset, boolean exact) {
    int n = weights.length;
    if (exact && length != n) {
      throw new DimensionMismatchException("example", n, length);
    }
    Objects.checkFromIndexSize(offset, n, length);
  }

  private void checkBatch(float[] x, int offset, int count, float[] out, int outOffset) {
    Objects.checkFromIndexSize(offset, Math.multiplyExact(count, weights.length), x.length);
    Objects.checkFromIndexSize(outOffset, count, out.length);
  }

  /** σ by the kernel: the same bits as batch scoring gives (0 or 1 at ±∞). */
  private static float sigmoid(float z) {
    return KERNEL.sigmoid(z);
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
