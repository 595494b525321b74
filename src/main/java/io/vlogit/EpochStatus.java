package io.vlogit;

/**
 * Where training stands after {@code epoch} updates.
 *
 * @param epoch number of updates made so far (0 before the first)
 * @param cost the training cost of the current model
 * @param gradientNorm the Euclidean norm of the cost's gradient in (w, b) at the current model
 */
public record EpochStatus(int epoch, double cost, double gradientNorm) {}
