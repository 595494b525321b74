package io.vlogit.internal.train;

/**
 * What a training run produced: the model of raw features and how the run went.
 *
 * @param weights the model's weights: n, or K rows of n for the multinomial model
 * @param biases its bias, or its K biases
 * @param costs the cost measured at each iteration, iteration 0 the starting point's
 * @param validationCosts one entry per cost, empty without validation (likewise the accuracies)
 * @param bestIteration the iteration of the best validation cost under early stopping, or −1
 * @param passes passes over the training examples the kernel made (line-search trials and the final
 *     evaluation included)
 * @param penalty the L1 and L2 terms of the final cost (in the space training worked in)
 */
public record Outcome(
    float[] weights,
    float[] biases,
    double[] costs,
    double[] validationCosts,
    double[] validationAccuracies,
    int iterations,
    Stop stop,
    double finalCost,
    double finalGradientNorm,
    int bestIteration,
    double medianSeconds,
    double fastestSeconds,
    double totalSeconds,
    double passes,
    double penalty,
    String kernel,
    int threads) {}
