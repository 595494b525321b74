package io.vlogit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {

  /** The AUC from ranks equals the share of (positive, negative) pairs ordered right, ties ½. */
  @Test
  void aucEqualsPairCounting() {
    for (long seed = 0; seed < 20; seed++) {
      // Round features so that ties between scores occur.
      Dataset raw = TestData.gaussian(seed, 2, 60, 1.0);
      float[] x = new float[120];
      float[] y = new float[60];
      for (int j = 0; j < 60; j++) {
        x[2 * j] = Math.round(raw.value(j, 0) * 2) / 2f;
        x[2 * j + 1] = Math.round(raw.value(j, 1) * 2) / 2f;
        y[j] = raw.label(j);
      }
      Dataset d = Dataset.of(x, y, 2);
      LogisticModel model = new LogisticModel(new float[] {1f, -0.5f}, 0.1f);
      double pairs = 0;
      double good = 0;
      for (int a = 0; a < 60; a++) {
        for (int b = 0; b < 60; b++) {
          if (y[a] == 1 && y[b] == 0) {
            float za = model.logit(new float[] {x[2 * a], x[2 * a + 1]});
            float zb = model.logit(new float[] {x[2 * b], x[2 * b + 1]});
            pairs++;
            good += za > zb ? 1 : za == zb ? 0.5 : 0;
          }
        }
      }
      Evaluation e = Metrics.evaluate(model, d);
      // Both are ratios of counts of at most 3600 pairs, exact in double but for the division's
      // rounding (and the rank sums' halves, exact too): a few ulp of 1.
      assertEquals(good / pairs, e.rocAuc(), 4 * Math.ulp(1.0), "seed " + seed);
      assertEquals(Metrics.accuracy(model, d), e.accuracy(), 0.0);
    }
  }

  @Test
  void logLossAndAccuracy() {
    Dataset d = Dataset.of(new float[] {-2, 1, 3}, new float[] {0, 0, 1}, 1);
    LogisticModel model = new LogisticModel(new float[] {1f}, 0f);
    Evaluation e = Metrics.evaluate(model, d);
    double expected =
        (Float64Reference.softplus(-2)
                + Float64Reference.softplus(1)
                + Float64Reference.softplus(-3))
            / 3;
    // Three losses of a few ulp each (ScalarMath), summed and divided: 1e−15 relative at most.
    assertEquals(expected, e.logLoss(), 1e-15 * expected);
    assertEquals(2.0 / 3, e.accuracy());
    assertEquals(2, e.correct());
    assertEquals(1, e.positives());
    assertEquals(1.0, e.rocAuc(), 0.0);
  }

  @Test
  void aucIsUndefinedWithOneClass() {
    Dataset d = Dataset.of(new float[] {1, 2}, new float[] {1, 1}, 1);
    assertTrue(Double.isNaN(Metrics.evaluate(new LogisticModel(new float[] {1f}, 0f), d).rocAuc()));
  }
}
