package io.vlogit.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vlogit.testing.Cases;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The training passes' four-at-a-time logits ({@link Logit#ofUpToFour}) and the single example's
 * ({@link Logit#of}) are two copies of one arithmetic: they must give the same bits, at this JVM's
 * width, for every row length they serve (2L features and more), every count and any offsets.
 * Signed zeros are among the values, since a sum of zeros is where an add or FMA left out or
 * reordered shows.
 */
class LogitTest {
  private static final int L = Species.LANES;

  record Case(float[] x, int[] offsets, int count, int n, float[] w, float b) {
    @Override
    public String toString() {
      return "n=" + n + " count=" + count + " offsets=" + java.util.Arrays.toString(offsets);
    }
  }

  static float value(Random r) {
    return switch (r.nextInt(8)) {
      case 0 -> 0f;
      case 1 -> -0f;
      default -> (float) r.nextGaussian();
    };
  }

  static Case random(Random r) {
    int n =
        Cases.intWithEdges(
            r, 2 * L, 400, List.of(2 * L, 2 * L + 1, 3 * L, 4 * L - 1, 4 * L, 4 * L + 1, 392));
    int rows = 6;
    float[] x = new float[rows * n + 7];
    for (int i = 0; i < x.length; i++) {
      x[i] = value(r);
    }
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = value(r);
    }
    int[] offsets = new int[4];
    for (int q = 0; q < 4; q++) {
      offsets[q] = r.nextInt(x.length - n + 1);
    }
    return new Case(x, offsets, 1 + r.nextInt(4), n, w, r.nextBoolean() ? 0f : value(r));
  }

  @TestFactory
  Stream<DynamicTest> fourAtATimeGivesTheBitsOfOneAlone() {
    return Cases.check(
        300,
        LogitTest::random,
        c -> {
          float[] z = new float[c.count() + 2];
          int[] o = c.offsets();
          float last =
              Logit.ofUpToFour(c.x(), o[0], o[1], o[2], o[3], c.count(), c.n(), c.w(), c.b(), z, 1);
          for (int q = 0; q < c.count(); q++) {
            float alone = Logit.of(c.x(), o[q], c.n(), c.w(), c.b());
            assertEquals(
                Float.floatToRawIntBits(alone),
                Float.floatToRawIntBits(z[1 + q]),
                "example " + q + ": alone " + alone + ", four at a time " + z[1 + q]);
          }
          assertEquals(Float.floatToRawIntBits(z[c.count()]), Float.floatToRawIntBits(last));
          assertEquals(0f, z[0]);
          assertEquals(0f, z[c.count() + 1], "wrote past the count");
        });
  }
}
