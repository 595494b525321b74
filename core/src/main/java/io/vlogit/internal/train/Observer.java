package io.vlogit.internal.train;

/** Told of every iteration, on the training thread, before the parameters move on. */
@FunctionalInterface
public interface Observer {
  /**
   * @param validationCost NaN without validation (likewise validationAccuracy)
   * @return false to stop now and return the model just measured
   */
  boolean onIteration(
      int iteration,
      double cost,
      double gradientNorm,
      double validationCost,
      double validationAccuracy,
      double rate);
}
