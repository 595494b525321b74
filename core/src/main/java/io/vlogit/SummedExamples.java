package io.vlogit;

import java.util.List;

/**
 * Training examples held elsewhere (a cluster's partitions, other processes) that sum their own
 * passes: the trainer runs its solver here and asks for each pass's {@link PassSums} at the model
 * it is at ({@link LogisticRegression#fit(SummedExamples)}). vlogit's Spark ML estimator is one:
 * each partition sums its examples with {@link PassSums#add(Dataset, float[], float[], boolean)},
 * and the partitions' sums are added in partition order.
 *
 * <p>The examples are the source's to prepare and check: labels, sample weights and any class
 * weighting or standardization are applied where they are held, once, before training.
 */
public interface SummedExamples {
  /** Number of features, n. */
  int features();

  /** Number of classes, K: 2 for the binary model's labels 0 and 1, else labels 0..K−1. */
  int classes();

  /** The classes' names, class c's at index c: "0", "1", ... unless the source names them. */
  default List<String> classNames() {
    return Dataset.indexNames(classes());
  }

  /**
   * Whether the model has an intercept (bias) to fit: true here. If false (or if the trainer was
   * built with {@code fitIntercept(false)}), the biases stay 0 (the trainer gives every solver a
   * bias gradient of 0, so no step moves them) and the weights are the optimum of the model without
   * intercept; the source should then not center the features.
   */
  default boolean intercept() {
    return true;
  }

  /** Number of examples (what a pass reads; only reported). */
  long examples();

  /**
   * Σ of the examples' weights (their number if they are not weighted): the objective is the loss
   * summed over the examples divided by it. Positive and finite.
   */
  double weightSum();

  /**
   * The sums of one pass over every example at the model given by {@code weights} (K rows of n
   * weights, K = 1 for 2 classes) and {@code biases} (K), the loss formed only {@code withLoss}.
   * The arrays are the trainer's, reused for the next pass: copy them if they outlive the call.
   * Called from the thread that called fit, one pass at a time; an exception it throws ends
   * training and reaches fit's caller as it is.
   */
  PassSums sums(float[] weights, float[] biases, boolean withLoss);

  /** What the examples are, for messages. */
  String description();
}
