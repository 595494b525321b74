package io.vlogit;

import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.LogisticKernel;
import io.vlogit.internal.kernel.ScalarSoftmax;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A trained multinomial (softmax) logistic-regression model of K ≥ 3 classes: {@code P(y = c | x) =
 * softmax(z)_c} with {@code z_c = w_c·x + b_c}. Each class has a name ("0", "1", ... unless the
 * training data named them).
 *
 * <p>Scores like {@link LogisticModel}: immutable and thread-safe, no allocation (the caller gives
 * the output arrays), the input's length checked against n, never a read past the requested range,
 * deterministic bits on every call and thread, and non-finite input refused with an {@link
 * InvalidDataException} naming the feature (and, in a batch, the example) unless {@link
 * #withoutInputCheck()} turns the check off. Probabilities are in [0, 1] and sum to 1 within a few
 * float roundings; {@link #predict} is the class of the largest logit (the first of equals).
 *
 * <p>Two classes are the binary {@link LogisticModel}: a softmax of two rows is the binary model
 * with {@code w = w₁ − w₀} and half the L2 strength, so vlogit trains and stores that form only.
 */
public final class MultinomialModel {
  private static final LogisticKernel KERNEL = Kernels.selected();

  private final float[] weights; // K rows of n
  private final float[] biases;
  private final int n;
  private final List<String> classNames;
  private final boolean checkInput;

  /**
   * A model with copies of {@code weights} (K rows of n ≥ 1 weights, K ≥ 3) and {@code biases} (K),
   * and the classes' names (null for "0", "1", ...).
   *
   * @throws InvalidDataException if the shapes disagree, a weight or bias is not finite, or the
   *     names are not K distinct non-empty strings
   */
  public MultinomialModel(float[][] weights, float[] biases, List<String> classNames) {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(biases, "biases");
    int classes = weights.length;
    if (classes < 3 || classes > Dataset.MAX_CLASSES) {
      throw new InvalidDataException(
          "a multinomial model has 3 to "
              + Dataset.MAX_CLASSES
              + " classes (got "
              + classes
              + "); two classes are a LogisticModel");
    }
    if (biases.length != classes) {
      throw new InvalidDataException(
          "there are " + biases.length + " biases for " + classes + " rows of weights");
    }
    this.n = Objects.requireNonNull(weights[0], "weights[0]").length;
    if (n == 0) {
      throw new InvalidDataException("a model needs at least one weight per class");
    }
    if ((long) n * classes > Integer.MAX_VALUE - 8) {
      throw new InvalidDataException(
          classes + " classes of " + n + " weights are more than one Java array holds");
    }
    this.weights = new float[n * classes];
    for (int c = 0; c < classes; c++) {
      float[] row = Objects.requireNonNull(weights[c], "weights[" + c + "]");
      if (row.length != n) {
        throw new InvalidDataException(
            "class " + c + " has " + row.length + " weights; class 0 has " + n);
      }
      for (int i = 0; i < n; i++) {
        if (!Float.isFinite(row[i])) {
          throw new InvalidDataException(
              "class " + c + "'s weight " + i + " is " + row[i] + "; a model's weights are finite",
              InvalidDataException.NONE,
              i,
              row[i]);
        }
      }
      System.arraycopy(row, 0, this.weights, c * n, n);
    }
    for (int c = 0; c < classes; c++) {
      if (!Float.isFinite(biases[c])) {
        throw new InvalidDataException(
            "class " + c + "'s bias is " + biases[c] + "; it must be finite");
      }
    }
    this.biases = biases.clone();
    this.classNames =
        classNames == null
            ? Dataset.indexNames(classes)
            : Dataset.checkClassNames(classNames, classes);
    this.checkInput = true;
  }

  /** From the trainer's flat rows, trusted (finite, shapes checked by the engine). */
  MultinomialModel(float[] weights, float[] biases, int n, List<String> classNames) {
    this.weights = weights;
    this.biases = biases;
    this.n = n;
    this.classNames = classNames;
    this.checkInput = true;
  }

  private MultinomialModel(MultinomialModel model, boolean checkInput) {
    this.weights = model.weights;
    this.biases = model.biases;
    this.n = model.n;
    this.classNames = model.classNames;
    this.checkInput = checkInput;
  }

  /**
   * Compiles the scoring code before it is needed, as {@link LogisticModel#warmUp()} does: scores
   * made-up examples of this model's n until the JIT has compiled them (5 s at most), and returns
   * this model. Thread-safe; it changes nothing in the model.
   */
  public MultinomialModel warmUp() {
    ScoringWarmUp.run(this);
    return this;
  }

  /** The same model without the check for non-finite input (see the class comment). */
  public MultinomialModel withoutInputCheck() {
    return checkInput ? new MultinomialModel(this, false) : this;
  }

  /** True if scoring refuses non-finite input (the default). */
  public boolean checksInput() {
    return checkInput;
  }

  /** Number of features, n. */
  public int features() {
    return n;
  }

  /** Weights that are not 0, over all K rows (L1 regularization sets the others to exactly 0). */
  public int nonZeroWeights() {
    return LogisticModel.nonZero(weights);
  }

  /** Number of classes, K. */
  public int classes() {
    return biases.length;
  }

  /** The classes' names, class c's at index c. */
  public List<String> classNames() {
    return classNames;
  }

  /** Class c's name. */
  public String className(int c) {
    return classNames.get(c);
  }

  /** A copy of the weights: K rows of n. */
  public float[][] weights() {
    float[][] rows = new float[classes()][];
    for (int c = 0; c < rows.length; c++) {
      rows[c] = Arrays.copyOfRange(weights, c * n, c * n + n);
    }
    return rows;
  }

  /** Class c's weight of feature i. */
  public float weight(int c, int i) {
    Objects.checkIndex(c, classes());
    Objects.checkIndex(i, n);
    return weights[c * n + i];
  }

  /** A copy of the K biases. */
  public float[] biases() {
    return biases.clone();
  }

  /** Class c's bias. */
  public float bias(int c) {
    return biases[c];
  }

  /** The K logits of the n features at {@code x[offset ..]} into {@code out[0 .. K)}. */
  public void logits(float[] x, int offset, float[] out) {
    logits(x, offset, 1, out, 0);
  }

  /**
   * The K class probabilities of the n features at {@code x[offset ..]} into {@code out[0 .. K)}.
   */
  public void probabilities(float[] x, int offset, float[] out) {
    probabilities(x, offset, 1, out, 0);
  }

  /**
   * The predicted class of the n features at {@code x[offset ..]}: the largest logit's, the first
   * of equals. {@code scratch} holds the K logits (at least K floats; the caller's, so that nothing
   * is allocated).
   */
  public int predict(float[] x, int offset, float[] scratch) {
    logits(x, offset, 1, scratch, 0);
    return ScalarSoftmax.argmax(scratch, 0, classes());
  }

  /**
   * Logits of {@code count} consecutive examples stored column-major from {@code x[offset]}:
   * example k's class c into {@code out[outOffset + k·K + c]}.
   */
  public void logits(float[] x, int offset, int count, float[] out, int outOffset) {
    int classes = classes();
    Objects.checkFromIndexSize(offset, Math.multiplyExact(count, n), x.length);
    Objects.checkFromIndexSize(outOffset, Math.multiplyExact(count, classes), out.length);
    KERNEL.classLogits(weights, biases, classes, x, offset, count, out, outOffset);
    for (int k = 0; k < count; k++) {
      for (int c = 0; c < classes; c++) {
        // With finite weights a non-finite feature makes every logit of its example non-finite.
        int at = outOffset + k * classes + c;
        if (!Float.isFinite(out[at])) {
          out[at] = finite(c, x, offset + k * n, count == 1 ? InvalidDataException.NONE : k);
        }
      }
    }
  }

  /**
   * Class probabilities of {@code count} consecutive examples, laid out as {@link #logits(float[],
   * int, int, float[], int)}.
   */
  public void probabilities(float[] x, int offset, int count, float[] out, int outOffset) {
    logits(x, offset, count, out, outOffset);
    KERNEL.softmax(out, outOffset, count, classes());
  }

  /**
   * Predicted classes of {@code count} consecutive examples into {@code out[outOffset ..]}; {@code
   * scratch} holds K logits.
   */
  public void predict(float[] x, int offset, int count, int[] out, int outOffset, float[] scratch) {
    Objects.checkFromIndexSize(outOffset, count, out.length);
    for (int k = 0; k < count; k++) {
      out[outOffset + k] = predict(x, offset + k * n, scratch);
    }
  }

  /** Class probabilities of every example of {@code data} into {@code out} (m·K floats). */
  public void probabilities(Dataset data, float[] out) {
    if (data.features() != n) {
      throw new DimensionMismatchException("dataset", n, data.features());
    }
    Objects.checkFromIndexSize(0, Math.multiplyExact(data.examples(), classes()), out.length);
    data.forEachRun(
        0,
        data.examples(),
        (x, offset, count, j) -> probabilities(x, offset, count, out, j * classes()));
  }

  /**
   * The slow path of a non-finite logit: a non-finite feature (refused, unless the check is off),
   * or finite features whose float sums left float's range (recomputed in double, where they fit).
   */
  private float finite(int c, float[] x, int offset, long example) {
    double exact = biases[c];
    for (int i = 0; i < n; i++) {
      float v = x[offset + i];
      if (!Float.isFinite(v) && checkInput) {
        String where = example == InvalidDataException.NONE ? "" : "example " + example + ", ";
        throw new InvalidDataException(
            where
                + "feature "
                + i
                + ": value "
                + v
                + " is not finite; vlogit refuses non-finite input"
                + " (MultinomialModel.withoutInputCheck() turns this off)",
            example,
            i,
            v);
      }
      exact += (double) weights[c * n + i] * v;
    }
    return (float) exact;
  }

  /** The flat rows, for the trainer's warm start and the model file (not copied). */
  float[] flatWeights() {
    return weights;
  }

  float[] rawBiases() {
    return biases;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MultinomialModel other
        && n == other.n
        && Arrays.equals(weights, other.weights)
        && Arrays.equals(biases, other.biases)
        && classNames.equals(other.classNames);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(weights) + Arrays.hashCode(biases)) + classNames.hashCode();
  }

  @Override
  public String toString() {
    return "MultinomialModel[n=" + n + ", classes=" + classes() + "]";
  }
}
