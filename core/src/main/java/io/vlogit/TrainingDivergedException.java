package io.vlogit;

/**
 * Training produced a non-finite cost or weight, almost always because the learning rate is too
 * large for the data's scale. Thrown instead of returning a model with NaN or infinite weights.
 */
public class TrainingDivergedException extends VlogitException {
  private static final long serialVersionUID = 1L;

  private final int iteration;

  public TrainingDivergedException(int iteration, String what) {
    super(
        "training diverged at iteration "
            + iteration
            + ": "
            + what
            + "; lower the learning rate or standardize the features");
    this.iteration = iteration;
  }

  /** The iteration at which the first non-finite value appeared. */
  public int iteration() {
    return iteration;
  }
}
