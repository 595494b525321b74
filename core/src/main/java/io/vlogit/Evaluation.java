package io.vlogit;

/**
 * How well a model fits labelled data.
 *
 * @param examples number of examples
 * @param positives number labelled 1
 * @param logLoss mean logistic loss, {@code (1/m) Σ softplus(z) − y·z}
 * @param accuracy share of examples whose label is predicted at threshold 0.5 (z ≥ 0 predicts 1)
 * @param rocAuc area under the ROC curve (ties count one half); NaN when only one class is present
 */
public record Evaluation(
    int examples, int positives, double logLoss, double accuracy, double rocAuc) {

  /** Number of correctly predicted examples. */
  public long correct() {
    return Math.round(accuracy * examples);
  }
}
