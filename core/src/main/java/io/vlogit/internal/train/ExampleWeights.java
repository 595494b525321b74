package io.vlogit.internal.train;

/** The weight of each example: its sample weight times the weight of its class. */
public final class ExampleWeights {
  private ExampleWeights() {}

  /**
   * scikit-learn's "balanced" class weights for {@code counts[c]} examples of class c: {@code m /
   * (K · counts[c])} for each of the K classes, m the total. Every class must be present.
   */
  public static float[] balanced(long[] counts) {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    float[] weights = new float[counts.length];
    for (int c = 0; c < counts.length; c++) {
      weights[c] = (float) (total / ((double) counts.length * counts[c]));
    }
    return weights;
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
