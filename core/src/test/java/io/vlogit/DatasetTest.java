package io.vlogit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatasetTest {

  @Test
  void nonFiniteValueNamesExampleFeatureAndValue() {
    float[] x = {1, 2, 3, 4, Float.NaN, 6};
    InvalidDataException e =
        assertThrows(InvalidDataException.class, () -> Dataset.of(x, new float[] {0, 1}, 3));
    assertEquals(1, e.example());
    assertEquals(1, e.feature());
    assertTrue(Double.isNaN(e.value()));
    assertEquals("example 1, feature 1: value NaN is not finite", e.getMessage());

    float[] inf = {1, 2, Float.NEGATIVE_INFINITY, 4};
    e = assertThrows(InvalidDataException.class, () -> Dataset.of(inf, new float[] {0, 1}, 2));
    assertEquals(1, e.example());
    assertEquals(0, e.feature());
    assertEquals(Double.NEGATIVE_INFINITY, e.value());
  }

  @Test
  void labelMustBeExactlyZeroOrOne() {
    InvalidDataException e =
        assertThrows(
            InvalidDataException.class,
            () -> Dataset.of(new float[] {1, 2, 3}, new float[] {0, 0.5f, 1}, 1));
    assertEquals(1, e.example());
    assertEquals(0.5, e.value());
    assertTrue(e.getMessage().contains("label 0.5 is not 0 or 1"), e.getMessage());
    assertThrows(
        InvalidDataException.class, () -> Dataset.of(new float[] {1}, new float[] {Float.NaN}, 1));
    assertThrows(
        InvalidDataException.class, () -> Dataset.of(new float[] {1}, new float[] {-1}, 1));
  }

  @Test
  void shapeErrors() {
    InvalidDataException length =
        assertThrows(
            InvalidDataException.class, () -> Dataset.of(new float[5], new float[] {0, 1}, 3));
    assertEquals("x has 5 values but n × m = 3 × 2 = 6", length.getMessage());
    InvalidDataException noFeatures =
        assertThrows(
            InvalidDataException.class, () -> Dataset.of(new float[0], new float[] {0, 1}, 0));
    assertTrue(noFeatures.getMessage().contains("n = 0"), noFeatures.getMessage());
    InvalidDataException noExamples =
        assertThrows(InvalidDataException.class, () -> Dataset.of(new float[0], new float[0], 3));
    assertTrue(noExamples.getMessage().contains("m = 0"), noExamples.getMessage());
  }

  @Test
  void inClassesRenumbersByNameAndSharesTheExamples() {
    float[] x = {1, 2, 3, 4, 5, 6};
    Dataset d =
        Dataset.wrap(x, new float[] {0, 1, 2}, 2, 3)
            .withClassNames(java.util.List.of("cat", "dog", "eel"))
            .range(1, 3);
    Dataset in = d.inClasses(java.util.List.of("eel", "ant", "dog", "cat"));
    assertEquals(4, in.classes());
    assertEquals(2, in.examples());
    assertEquals(2f, in.label(0)); // dog
    assertEquals(0f, in.label(1)); // eel
    x[2] = 9; // shared, not copied
    assertEquals(9f, in.value(0, 0));
    InvalidDataException e =
        assertThrows(
            InvalidDataException.class, () -> d.inClasses(java.util.List.of("cat", "dog")));
    assertEquals(1, e.example());
    assertEquals("example 1: class eel is not among [cat, dog]", e.getMessage());
  }

  @Test
  void ofCopiesWrapDoesNot() {
    float[] x = {1, 2, 3, 4};
    float[] y = {0, 1};
    Dataset copied = Dataset.of(x, y, 2);
    Dataset wrapped = Dataset.wrap(x, y, 2);
    x[3] = 40;
    assertEquals(4f, copied.value(1, 1));
    assertEquals(40f, wrapped.value(1, 1));
  }

  @Test
  void rangeIsAViewOfConsecutiveExamples() {
    Dataset d = TestData.gaussian(3, 4, 10, 1.0);
    Dataset view = d.range(3, 7);
    assertEquals(4, view.examples());
    assertEquals(4, view.features());
    for (int j = 0; j < 4; j++) {
      assertEquals(d.label(3 + j), view.label(j));
      for (int i = 0; i < 4; i++) {
        assertEquals(d.value(3 + j, i), view.value(j, i));
      }
    }
    Dataset nested = view.range(1, 2);
    assertEquals(d.value(4, 2), nested.value(0, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> d.range(5, 11));
    assertThrows(IndexOutOfBoundsException.class, () -> view.value(4, 0));
    assertThrows(InvalidDataException.class, () -> d.range(2, 2));
  }

  @Test
  void trainingOnAViewEqualsTrainingOnACopy() {
    Dataset d = TestData.gaussian(5, 3, 50, 1.0);
    Dataset view = d.range(10, 40);
    float[] x = new float[3 * 30];
    float[] y = new float[30];
    for (int j = 0; j < 30; j++) {
      view.copyExample(j, x, 3 * j);
      y[j] = view.label(j);
    }
    LogisticRegression gd = LogisticRegression.builder().maxIterations(20).build();
    assertEquals(gd.fit(Dataset.of(x, y, 3)).model(), gd.fit(view).model());
  }
}
