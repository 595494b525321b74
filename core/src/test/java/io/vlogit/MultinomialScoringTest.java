package io.vlogit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.testing.Cases;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Scoring by a {@link MultinomialModel}: one example, batches, predictions and bad input. */
class MultinomialScoringTest {
  record Case(MultinomialModel model, float[] x, int count) {
    @Override
    public String toString() {
      return "K=" + model.classes() + " n=" + model.features() + " count=" + count;
    }
  }

  static Case randomCase(Random r) {
    int k = Cases.intWithEdges(r, 3, 20, List.of(3, 4, 16, 17, 20));
    int n = Cases.intWithEdges(r, 1, 70, List.of(1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 64));
    double scale = r.nextInt(4) == 0 ? 30 : 1; // some with extreme logits
    float[][] w = new float[k][n];
    float[] b = new float[k];
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < n; i++) {
        w[c][i] = (float) (r.nextGaussian() * scale);
      }
      b[c] = (float) r.nextGaussian();
    }
    int count = 1 + r.nextInt(9);
    float[] x = new float[count * n + 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return new Case(new MultinomialModel(w, b, null), x, count);
  }

  /**
   * Probabilities are in [0, 1] and sum to 1 within the float roundings of K values (each p_c is a
   * double rounded to float: 2^−24 relative each, so K·2^−24 in all); a batch gives the bits of
   * single calls; predict is the largest logit's class, and the most probable.
   */
  @TestFactory
  Stream<DynamicTest> probabilitiesAreADistributionAndBatchesMatchSingles() {
    return Cases.check(
        300,
        MultinomialScoringTest::randomCase,
        c -> {
          MultinomialModel m = c.model();
          int k = m.classes();
          int n = m.features();
          float[] batch = new float[c.count() * k + 2];
          m.probabilities(c.x(), 3, c.count(), batch, 2);
          float[] one = new float[k];
          float[] scratch = new float[k];
          for (int e = 0; e < c.count(); e++) {
            m.probabilities(c.x(), 3 + e * n, one);
            double sum = 0;
            int best = 0;
            for (int q = 0; q < k; q++) {
              assertEquals(
                  Float.floatToIntBits(one[q]), Float.floatToIntBits(batch[2 + e * k + q]));
              assertTrue(one[q] >= 0 && one[q] <= 1, "p = " + one[q]);
              sum += one[q];
              best = one[q] > one[best] ? q : best;
            }
            assertEquals(1.0, sum, k * 0x1p-24, "sum of the probabilities");
            int predicted = m.predict(c.x(), 3 + e * n, scratch);
            assertEquals(one[best], one[predicted], "the predicted class is the most probable");
          }
        });
  }

  @Test
  void nonFiniteInputIsNamedUnlessTheCheckIsOff() {
    MultinomialModel m =
        new MultinomialModel(new float[][] {{1, 2}, {3, 4}, {5, 6}}, new float[3], null);
    float[] x = {0.5f, 0.25f, 1f, Float.NaN};
    float[] out = new float[6];
    InvalidDataException single =
        assertThrows(InvalidDataException.class, () -> m.probabilities(x, 2, out));
    assertEquals(1, single.feature());
    InvalidDataException batch =
        assertThrows(InvalidDataException.class, () -> m.probabilities(x, 0, 2, out, 0));
    assertEquals(1, batch.example());
    assertEquals(1, batch.feature());
    m.withoutInputCheck().probabilities(x, 2, out);
    assertTrue(Float.isNaN(out[0]));
    assertFalse(m.withoutInputCheck().checksInput());
  }

  @Test
  void logitsBeyondFloatAreRecomputedAndStillGiveADistribution() {
    float big = 1e30f;
    MultinomialModel m =
        new MultinomialModel(new float[][] {{big, big}, {-big, 0}, {0, 0}}, new float[3], null);
    float[] out = new float[3];
    m.probabilities(new float[] {1e10f, 1e10f}, 0, out);
    assertArrayEquals(new float[] {1, 0, 0}, out);
    m.probabilities(new float[] {1e-10f, -1e-10f}, 0, out);
    assertEquals(1.0, out[0] + out[1] + out[2], 3 * 0x1p-24);
  }

  @Test
  void constructorChecksShapesValuesAndNames() {
    float[] b = new float[3];
    assertThrows(
        InvalidDataException.class,
        () -> new MultinomialModel(new float[][] {{1}, {2}}, new float[2], null));
    assertThrows(
        InvalidDataException.class,
        () -> new MultinomialModel(new float[][] {{1}, {2, 3}, {4}}, b, null));
    InvalidDataException nan =
        assertThrows(
            InvalidDataException.class,
            () -> new MultinomialModel(new float[][] {{1}, {Float.NaN}, {4}}, b, null));
    assertTrue(nan.getMessage().contains("class 1's weight 0"), nan.getMessage());
    assertThrows(
        InvalidDataException.class,
        () -> new MultinomialModel(new float[][] {{1}, {2}, {4}}, b, List.of("a", "b")));
    MultinomialModel m =
        new MultinomialModel(new float[][] {{1}, {2}, {4}}, b, List.of("a", "b", "c"));
    assertEquals("c", m.className(2));
    assertThrows(
        DimensionMismatchException.class,
        () -> m.probabilities(TestData.classes(1, 2, 5, 3, 1.0), new float[15]));
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> m.probabilities(new float[2], 1, 2, new float[6], 0));
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> m.probabilities(new float[2], 0, 2, new float[5], 0));
  }

  @Test
  void theHolderSwapsOnlyAModelOfTheSameFeaturesAndClasses() {
    MultinomialModel a =
        new MultinomialModel(new float[][] {{1, 2}, {3, 4}, {5, 6}}, new float[3], null);
    MultinomialModel b =
        new MultinomialModel(new float[][] {{2, 2}, {3, 3}, {5, 5}}, new float[3], null);
    MultinomialModelHolder holder = new MultinomialModelHolder(a.warmUp());
    assertEquals(a, holder.swap(b));
    assertEquals(b, holder.get());
    MultinomialModel renamed =
        new MultinomialModel(
            new float[][] {{1, 2}, {3, 4}, {5, 6}}, new float[3], List.of("x", "y", "z"));
    assertThrows(InvalidDataException.class, () -> holder.swap(renamed));
    MultinomialModel wider =
        new MultinomialModel(new float[][] {{1, 2, 3}, {3, 4, 5}, {5, 6, 7}}, new float[3], null);
    assertThrows(DimensionMismatchException.class, () -> holder.swap(wider));
    float[] out = new float[3];
    holder.probabilities(new float[] {1f, -1f}, 0, out);
    float[] expected = new float[3];
    b.probabilities(new float[] {1f, -1f}, 0, expected);
    assertArrayEquals(expected, out);
    assertEquals(
        b.predict(new float[] {1f, -1f}, 0, out), holder.predict(new float[] {1f, -1f}, 0, out));
  }
}
