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
 * {@link LogisticKernel#firstNonFinite} on both kernels at this JVM's width: the first NaN, +∞ or
 * −∞ in a range, wherever it falls against the vectors, the runs between early exits and the tail,
 * and −1 for a range of finite values (the largest and smallest floats among them).
 */
class FiniteCheckTest {
  /** A range of floats, with bad values at some positions. */
  record Case(float[] x, int from, int to) {}

  static Case random(Random r) {
    int length = Cases.intWithEdges(r, 0, 5000, List.of(0, 1, 15, 16, 17, 1024, 1025, 4096));
    float[] x = new float[length + 40];
    for (int k = 0; k < x.length; k++) {
      x[k] =
          switch (r.nextInt(8)) {
            case 0 -> Float.MAX_VALUE * (r.nextBoolean() ? 1 : -1);
            case 1 -> Float.MIN_VALUE;
            default -> (float) r.nextGaussian() * 1e30f;
          };
    }
    int from = r.nextInt(20);
    int to = from + length;
    float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    int count = r.nextInt(4); // 0: every value finite
    for (int k = 0; k < count; k++) {
      x[r.nextInt(x.length)] = bad[r.nextInt(bad.length)]; // outside [from, to) too
    }
    return new Case(x, from, to);
  }

  @TestFactory
  Stream<DynamicTest> theFirstValueThatIsNotFiniteIsFound() {
    return Cases.check(
        200,
        FiniteCheckTest::random,
        c -> {
          int expected = -1;
          for (int k = c.from(); k < c.to() && expected < 0; k++) {
            if (Float.isNaN(c.x()[k]) || Float.isInfinite(c.x()[k])) {
              expected = k;
            }
          }
          for (LogisticKernel kernel : new LogisticKernel[] {Kernels.vector(), Kernels.scalar()}) {
            assertEquals(expected, kernel.firstNonFinite(c.x(), c.from(), c.to()), kernel.name());
          }
        });
  }
}
