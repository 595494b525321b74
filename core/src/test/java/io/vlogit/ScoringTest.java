package io.vlogit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScoringTest {
  private static final float[] W = {0.5f, -1f, 2f, 0.25f, -0.75f, 1.5f, 0.1f, -0.2f, 0.3f, 0.9f};
  private final LogisticModel model = new LogisticModel(W, 0.25f);

  /**
   * A service gets one answer from either call: each example of the bundled data scored alone has
   * the bits it has in a batch (on the kernel this JVM selected; the suite runs on both).
   */
  @Test
  void oneExampleAloneHasTheBitsItHasInABatch() {
    Dataset data = io.vlogit.io.BundledData.breastCancer().data();
    LogisticModel trained =
        LogisticRegression.builder().maxIterations(200).build().fit(data).model();
    int n = data.features();
    int m = data.examples();
    float[] x = new float[n * m];
    for (int j = 0; j < m; j++) {
      data.copyExample(j, x, j * n);
    }
    float[] batch = new float[m];
    float[] logits = new float[m];
    trained.probabilities(x, 0, m, batch, 0);
    trained.logits(x, 0, m, logits, 0);
    for (int j = 0; j < m; j++) {
      assertEquals(
          Float.floatToRawIntBits(logits[j]),
          Float.floatToRawIntBits(trained.logit(x, j * n)),
          "logit " + j);
      assertEquals(
          Float.floatToRawIntBits(batch[j]),
          Float.floatToRawIntBits(trained.probability(x, j * n)),
          "example " + j);
    }
  }

  @Test
  void nonFiniteInputIsRefusedNamingTheFeature() {
    float[] x = new float[10];
    x[4] = Float.NaN;
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> model.probability(x));
    assertEquals(4, e.feature());
    assertTrue(e.getMessage().startsWith("feature 4: value NaN is not finite"), e.getMessage());
    x[4] = Float.POSITIVE_INFINITY; // alone it would give probability 1: still refused
    assertEquals(4, assertThrows(InvalidDataException.class, () -> model.logit(x)).feature());
    double[] xd = new double[10];
    xd[7] = Double.NEGATIVE_INFINITY;
    assertEquals(
        7, assertThrows(InvalidDataException.class, () -> model.probability(xd)).feature());

    float[] batch = new float[30];
    batch[10 + 9] = Float.NaN; // example 1, feature 9
    float[] out = new float[3];
    InvalidDataException b =
        assertThrows(InvalidDataException.class, () -> model.probabilities(batch, 0, 3, out, 0));
    assertEquals(1, b.example());
    assertEquals(9, b.feature());
    assertTrue(b.getMessage().startsWith("example 1, feature 9"), b.getMessage());
  }

  @Test
  void theCheckCanBeTurnedOff() {
    LogisticModel unchecked = model.withoutInputCheck();
    assertFalse(unchecked.checksInput());
    assertEquals(model, unchecked);
    float[] x = new float[10];
    x[2] = Float.NaN;
    assertTrue(Float.isNaN(unchecked.probability(x)));
  }

  @Test
  void finiteInputNeverGivesNaNEvenWhenTheLogitOverflows() {
    float[] x = new float[10];
    java.util.Arrays.fill(x, 3e38f);
    // w·x: terms ±3e38·w overflow float in both directions; the double recomputation is finite.
    float p = model.probability(x);
    assertTrue(p >= 0f && p <= 1f, "p = " + p);
    double exact = 0.25;
    for (float w : W) {
      exact += (double) w * 3e38;
    }
    assertEquals(exact > 0 ? 1f : 0f, p);
    float[] out = new float[2];
    float[] two = new float[20];
    System.arraycopy(x, 0, two, 10, 10);
    model.probabilities(two, 0, 2, out, 0);
    assertEquals(p, out[1]);
    float[] huge = {Float.MAX_VALUE};
    assertEquals(1f, new LogisticModel(new float[] {Float.MAX_VALUE}, 0).probability(huge));
    assertEquals(0f, new LogisticModel(new float[] {-Float.MAX_VALUE}, 0).probability(huge));
  }

  private double sumAbsTerms(float[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += Math.abs((double) model.weight(i) * x[i]);
    }
    return s;
  }

  @Test
  void doubleInputAndThresholds() {
    java.util.Random r = new java.util.Random(5);
    float[] x = new float[10];
    double[] xd = new double[12];
    for (int trial = 0; trial < 100; trial++) {
      for (int i = 0; i < 10; i++) {
        x[i] = (float) r.nextGaussian();
        xd[i + 2] = x[i];
      }
      // Same input: the float kernel's logit errs by at most γ(k)·(Σ|w·x| + |b|) with k ≈ n/L +
      // log2 L + 2 ≤ 12 (VectorKernel; the scalar kernel is far tighter), 12·2^−24 ≈ 7.2e−7 of a
      // sum that is ≤ Σ|w|·max|x| + |b| ≈ 7·4 here; the double path is exact to 1e−15.
      double bound =
          12 * 0x1p-24 * (sumAbsTerms(x) + Math.abs(model.bias())) + Math.ulp(model.logit(x));
      assertEquals(model.logit(x), model.logit(xd, 2), bound);
      float p = model.probability(x, 0);
      assertEquals(p >= 0.3f, model.predict(x, 0, 0.3f));
      assertTrue(model.predict(x, 0, 0f));
    }
    assertThrows(IllegalArgumentException.class, () -> model.predict(x, 0, 1.5f));
    assertThrows(DimensionMismatchException.class, () -> model.probability(new double[9]));
  }
}
