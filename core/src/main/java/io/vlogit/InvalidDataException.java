package io.vlogit;

/**
 * Data that cannot be trained on or scored: a non-finite value, a label that is not 0 or 1, a
 * length that does not match the shape. The message names the example, the feature and the value
 * where there is one; the accessors give them to programs.
 */
public class InvalidDataException extends VlogitException {
  private static final long serialVersionUID = 1L;

  /** Index that is not known or does not apply. */
  public static final int NONE = -1;

  private final long example;
  private final int feature;
  private final double value;

  public InvalidDataException(String message) {
    this(message, NONE, NONE, Double.NaN);
  }

  public InvalidDataException(String message, long example, int feature, double value) {
    super(message);
    this.example = example;
    this.feature = feature;
    this.value = value;
  }

  /** A value of X that is NaN or infinite. */
  static InvalidDataException nonFiniteFeature(long example, int feature, float value) {
    return new InvalidDataException(
        "example " + example + ", feature " + feature + ": value " + value + " is not finite",
        example,
        feature,
        value);
  }

  /** A label that is not exactly 0 or 1. */
  static InvalidDataException badLabel(long example, float value) {
    return badLabel(example, value, 2);
  }

  /** A label that is not one of K classes' indices 0..K−1 (0 or 1 for K = 2). */
  static InvalidDataException badLabel(long example, float value, int classes) {
    String expected =
        classes == 2
            ? "0 or 1"
            : "a class index 0.." + (classes - 1) + " (" + classes + " classes)";
    return new InvalidDataException(
        "example " + example + ": label " + value + " is not " + expected, example, NONE, value);
  }

  /** Zero-based example index, or {@link #NONE}. */
  public long example() {
    return example;
  }

  /** Zero-based feature index, or {@link #NONE}. */
  public int feature() {
    return feature;
  }

  /** The offending value, or NaN when the problem is not a single value. */
  public double value() {
    return value;
  }
}
