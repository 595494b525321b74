package io.vlogit;

/** A training or scoring option outside its valid range; the message names the option and value. */
public class InvalidOptionException extends VlogitException {
  private static final long serialVersionUID = 1L;

  private final String option;

  public InvalidOptionException(String option, Object value, String requirement) {
    super(option + " " + requirement + " (got " + value + ")");
    this.option = option;
  }

  /** The option's name as the builder and the CLI spell it. */
  public String option() {
    return option;
  }

  /** {@code v} if it is a finite number ≥ 0; otherwise the error that names the option. */
  static double finiteNonNegative(String option, double v) {
    if (!(v >= 0) || !Double.isFinite(v)) {
      throw new InvalidOptionException(option, v, "must be a finite number >= 0");
    }
    return v;
  }

  /** {@code v} if it is ≥ {@code min}; otherwise the error that names the option. */
  static int atLeast(String option, int v, int min) {
    if (v < min) {
      throw new InvalidOptionException(option, v, "must be >= " + min);
    }
    return v;
  }
}
