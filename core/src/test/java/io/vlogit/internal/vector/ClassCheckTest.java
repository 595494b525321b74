package io.vlogit.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.LogisticKernel;
import io.vlogit.testing.Cases;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link LogisticKernel#firstNonClass} on both kernels at this JVM's width: the first label that is
 * not a class index (negative, not whole, K or more, NaN, ±∞, or past 2²⁴ where floats are all
 * whole), wherever it falls against the vectors, the runs between early exits and the tail, and −1
 * when every label is a class (−0 among them, which is class 0).
 */
class ClassCheckTest {
  /** A range of labels of {@code classes} classes, with bad values at some positions. */
  record Case(float[] y, int from, int to, int classes) {}

  static Case random(Random r) {
    int length = Cases.intWithEdges(r, 0, 5000, List.of(0, 1, 15, 16, 17, 1024, 1025, 4096));
    int classes = Cases.intWithEdges(r, 2, 1 << 16, List.of(2, 3, 1 << 16));
    float[] y = new float[length + 40];
    for (int k = 0; k < y.length; k++) {
      y[k] =
          switch (r.nextInt(8)) {
            case 0 -> classes - 1;
            case 1 -> -0f;
            default -> r.nextInt(classes);
          };
    }
    int from = r.nextInt(20);
    int to = from + length;
    float[] bad = {
      Float.NaN,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      -1f,
      -Float.MIN_VALUE,
      0.5f,
      Math.nextUp(1f),
      classes - 0.5f,
      classes,
      1 << 24,
      3e9f,
      Float.MAX_VALUE
    };
    int count = r.nextInt(4); // 0: every label a class
    for (int k = 0; k < count; k++) {
      y[r.nextInt(y.length)] = bad[r.nextInt(bad.length)]; // outside [from, to) too
    }
    return new Case(y, from, to, classes);
  }

  @TestFactory
  Stream<DynamicTest> theFirstLabelThatIsNotAClassIsFound() {
    return Cases.check(
        300,
        ClassCheckTest::random,
        c -> {
          int expected = -1;
          for (int k = c.from(); k < c.to() && expected < 0; k++) {
            float v = c.y()[k];
            boolean isClass = v >= 0 && v < c.classes() && v == Math.rint(v);
            if (!isClass) {
              expected = k;
            }
          }
          for (LogisticKernel kernel : new LogisticKernel[] {Kernels.vector(), Kernels.scalar()}) {
            assertEquals(
                expected,
                kernel.firstNonClass(c.y(), c.from(), c.to(), c.classes()),
                kernel.name() + ", " + c.classes() + " classes");
          }
        });
  }
}
