package io.vlogit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.internal.kernel.ScalarMath;
import org.junit.jupiter.api.Test;

class LogisticModelTest {
  private final LogisticModel model = new LogisticModel(new float[] {0.5f, -1f, 2f}, 0.25f);

  @Test
  void scoresOneExample() {
    float[] x = {1f, 2f, 3f};
    // Small integers and halves: every product and sum is exact in float, on either kernel.
    assertEquals(0.5f - 2f + 6f + 0.25f, model.logit(x));
    // σ in float on the vector kernel is within 3.4 ulp of σ (LaneMath); the scalar kernel rounds
    // the double σ once. σ(4.75) ≈ 0.99, whose ulp is 2^−24: 4 ulp.
    assertEquals((float) ScalarMath.sigmoid(4.75), model.probability(x), 4 * 0x1p-24f);
    float[] padded = {9f, 9f, 1f, 2f, 3f, 9f};
    assertEquals(model.logit(x), model.logit(padded, 2));
  }

  @Test
  void dimensionIsChecked() {
    DimensionMismatchException e =
        assertThrows(DimensionMismatchException.class, () -> model.logit(new float[2]));
    assertEquals(3, e.expected());
    assertEquals(2, e.actual());
    assertThrows(DimensionMismatchException.class, () -> model.probability(new float[4]));
    // An offset that would read past the array.
    assertThrows(IndexOutOfBoundsException.class, () -> model.logit(new float[5], 3));
    assertThrows(IndexOutOfBoundsException.class, () -> model.logit(new float[5], -1));
    float[] out = new float[2];
    assertThrows(
        IndexOutOfBoundsException.class, () -> model.probabilities(new float[5], 0, 2, out, 0));
    assertThrows(
        IndexOutOfBoundsException.class, () -> model.probabilities(new float[6], 0, 2, out, 1));
  }

  @Test
  void batchEqualsSingleAndStaysInUnitInterval() {
    Dataset d = TestData.gaussian(11, 3, 37, 100.0);
    float[] p = new float[37];
    model.probabilities(d, p);
    float[] one = new float[3];
    for (int j = 0; j < 37; j++) {
      d.copyExample(j, one, 0);
      assertTrue(p[j] >= 0f && p[j] <= 1f);
      // Alone and in a batch: the same bits (one dot product and one σ serve both).
      assertEquals(model.probability(one), p[j], "example " + j);
    }
  }

  @Test
  void refusesNonFiniteWeights() {
    assertThrows(
        InvalidDataException.class, () -> new LogisticModel(new float[] {1, Float.NaN}, 0));
    assertThrows(
        InvalidDataException.class,
        () -> new LogisticModel(new float[] {1}, Float.POSITIVE_INFINITY));
    assertThrows(InvalidDataException.class, () -> new LogisticModel(new float[0], 0));
  }

  @Test
  void weightsAreCopied() {
    float[] w = {1f};
    LogisticModel m = new LogisticModel(w, 0);
    w[0] = 5f;
    assertEquals(1f, m.weight(0));
    m.weights()[0] = 7f;
    assertEquals(1f, m.weight(0));
  }
}
