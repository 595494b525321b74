package io.vlogit;

/**
 * Where training stands after {@code epoch} epochs.
 *
 * @param epoch epochs completed (0 before the first)
 * @param cost the training cost (the objective, L2 term included). Full batch: of the current
 *     model. Mini-batch: the mean over the epoch's batches, each taken before its update.
 * @param gradientNorm the Euclidean norm of the objective's gradient in (w, b), in the space
 *     training works in (standardized if asked); mini-batch: of the epoch's mean gradient
 * @param validationCost the log-loss on the validation data, or NaN without validation
 * @param validationAccuracy the accuracy on the validation data, or NaN without validation
 * @param learningRate the rate the epoch's updates used
 */
public record EpochStatus(int epoch, double cost, double gradientNorm, double validationCost,
    double validationAccuracy, double learningRate) {}
