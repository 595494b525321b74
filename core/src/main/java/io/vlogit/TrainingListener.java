package io.vlogit;

/**
 * Called once per iteration during training, on the training thread, after the cost of the current
 * model is known and before it is updated.
 */
@FunctionalInterface
public interface TrainingListener {

  /**
   * Reports one iteration.
   *
   * @return true to go on; false to stop now and return the model whose cost was just reported
   */
  boolean onIteration(IterationStatus status);
}
