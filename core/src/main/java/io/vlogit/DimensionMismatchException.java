package io.vlogit;

/** Input whose number of features differs from the model's (or the training data's). */
public class DimensionMismatchException extends InvalidDataException {
  private static final long serialVersionUID = 1L;

  private final int expected;
  private final long actual;

  public DimensionMismatchException(String what, int expected, long actual) {
    super(what + ": the model has " + expected + " features but the input has " + actual);
    this.expected = expected;
    this.actual = actual;
  }

  public int expected() {
    return expected;
  }

  public long actual() {
    return actual;
  }
}
