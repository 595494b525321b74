package io.vlogit.internal.train;

/** The weight of each example: its sample weight times the weight of its class. */
public final class ExampleWeights {
  private ExampleWeights() {}

  /**
   * scikit-learn's "balanced" class weights over {@code count} examples of which {@code positives}
   * are labelled 1: {@code count / (2 · n_class)} for each class. Both classes must be present.
   */
  public static float[] balanced(long count, long positives) {
    return new float[] {
      (float) (count / (2.0 * (count - positives))), (float) (count / (2.0 * positives))
    };
  }

  /**
   * Sample weights (or null for all 1) times {@code classWeights[label]}, as one array indexed like
   * {@code y}; the sample weights themselves when there are no class weights.
   */
  public static float[] combine(float[] y, float[] sample, float[] classWeights) {
    if (classWeights == null) {
      return sample;
    }
    float[] combined = new float[y.length];
    for (int j = 0; j < y.length; j++) {
      combined[j] = (sample == null ? 1f : sample[j]) * classWeights[(int) y[j]];
    }
    return combined;
  }
}
