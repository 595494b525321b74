package io.vlogit;

import io.vlogit.internal.train.FeatureScaling;
import java.util.Objects;

/**
 * Per-feature z-scoring: {@code (x − mean) / std}, with the population standard deviation (divide
 * by m, as scikit-learn's StandardScaler does). A constant feature has std 0; it is only centred
 * (scale 1), so it becomes 0 rather than NaN. The statistics are those {@link
 * LogisticRegression.Builder#standardize} trains with.
 */
public final class Standardization {
  private final FeatureScaling scaling;

  private Standardization(FeatureScaling scaling) {
    this.scaling = scaling;
  }

  /**
   * Means and standard deviations of each feature of {@code data}, in one pass that keeps the
   * variance from cancelling when a mean is large against the spread.
   */
  public static Standardization fit(Dataset data) {
    Objects.requireNonNull(data, "data");
    int first = data.firstExample();
    return new Standardization(
        FeatureScaling.fit(data.blocks(), null, first, first + data.examples()));
  }

  /** Number of features. */
  public int features() {
    return scaling.features();
  }

  /** Mean of feature {@code i}. */
  public double mean(int i) {
    return scaling.mean(i);
  }

  /** Divisor of feature {@code i}: its standard deviation, or 1 for a constant feature. */
  public double scale(int i) {
    return scaling.scale(i);
  }

  /**
   * A new dataset with every feature of {@code data} standardized (in arrays of as many examples as
   * data's); labels, classes and sample weights are kept.
   */
  public Dataset apply(Dataset data) {
    int n = data.features();
    if (n != features()) {
      throw new DimensionMismatchException("standardization", features(), n);
    }
    int first = data.firstExample();
    return data.withFeatures(
        scaling.standardize(data.blocks(), null, first, first + data.examples()));
  }
}
