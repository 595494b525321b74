package io.vlogit;

/**
 * Training produced a non-finite cost or weight, almost always because the learning rate is too
 * large for the data's scale. Thrown instead of returning a model with NaN or infinite weights.
 */
public class TrainingDivergedException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  private final int epoch;

  public TrainingDivergedException(int epoch, String what) {
    super("training diverged at epoch " + epoch + ": " + what
        + "; lower the learning rate or standardize the features");
    this.epoch = epoch;
  }

  /** The epoch at which the first non-finite value appeared. */
  public int epoch() {
    return epoch;
  }
}
