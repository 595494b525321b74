package io.vlogit.internal.train;

import io.vlogit.internal.kernel.GradientWorkspace;

/**
 * The passes over a training set whose examples are held elsewhere (a cluster's partitions) and
 * summed there: the trainer gives the model, the source gives back what the kernel's pass would
 * have added, and the solver goes on from there as from a pass of its own.
 */
@FunctionalInterface
public interface RemotePasses {
  /**
   * Adds one pass's sums at the model (K rows of n weights {@code w}, K {@code biases}; K = 1 for
   * the binary model) into {@code into}, which the caller has cleared: Σ s·dz·x into its gradient,
   * Σ s·dz into its dzSum (binary) or classDz (K ≥ 3), and Σ s·loss into its lossSum if its
   * withLoss asks for the loss.
   */
  void sum(float[] w, float[] biases, GradientWorkspace into);
}
