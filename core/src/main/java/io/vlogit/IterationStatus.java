package io.vlogit;

/**
 * Where training stands after {@code iteration} iterations (an iteration is an epoch for gradient
 * descent, a quasi-Newton step for L-BFGS).
 *
 * @param iteration iterations completed (0 before the first)
 * @param cost the training cost (the objective, L1 and L2 terms included). Full batch: of the
 *     current model. Mini-batch: the mean over the epoch's batches, each taken before its update.
 *     NaN on an iteration that does not compute it ({@link LogisticRegression.Builder#costEvery}).
 * @param gradientNorm the Euclidean norm of the objective's gradient in (w, b), in the space
 *     training works in (standardized if asked); mini-batch: of the epoch's mean gradient; with an
 *     L1 term, of the pseudo-gradient (0 exactly at the optimum)
 * @param validationCost the log-loss on the validation data, or NaN without validation
 * @param validationAccuracy the accuracy on the validation data, or NaN without validation
 * @param learningRate the step the iteration's updates used (L-BFGS: the last line search's)
 */
public record IterationStatus(
    int iteration,
    double cost,
    double gradientNorm,
    double validationCost,
    double validationAccuracy,
    double learningRate) {}
