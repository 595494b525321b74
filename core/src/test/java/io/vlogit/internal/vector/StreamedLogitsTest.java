package io.vlogit.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vlogit.internal.vector.VectorKernelPropertiesTest.Values;
import io.vlogit.testing.Cases;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Eight rows side by side ({@link StreamedLogits#dot8}) against four ({@link WideGradient#dot4}):
 * the same bits for every position, with and without a row index, for every count of a block's last
 * examples (1 to 8) and row lengths around whole vectors. The random property tests of the kernel
 * reach dot8 only when a draw happens to stream, and never past 300 features, so the kernel's
 * gradient is also checked against the scalar reference here on streamed rows (over WideGradient's
 * cache bound) at dot8's first length, in between and at its last.
 */
class StreamedLogitsTest {
  private static final int L = Species.LANES;

  record Case(float[] x, int[] rows, int j0, int count, int n, float[] w, float b) {
    @Override
    public String toString() {
      return "n=" + n + " j0=" + j0 + " count=" + count + (rows != null ? " by index" : "");
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
            r, 2 * L, 600, List.of(2 * L, 2 * L + 1, 4 * L - 1, 4 * L, 512, 513, 600));
    int examples = 12;
    float[] x = new float[examples * n];
    for (int i = 0; i < x.length; i++) {
      x[i] = value(r);
    }
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = value(r);
    }
    int count = 1 + r.nextInt(8);
    int j0 = r.nextInt(examples - count + 1);
    int[] rows = null;
    if (r.nextBoolean()) {
      rows = new int[examples];
      for (int k = 0; k < examples; k++) {
        rows[k] = r.nextInt(examples);
      }
    }
    return new Case(x, rows, j0, count, n, w, r.nextBoolean() ? 0f : value(r));
  }

  @TestFactory
  Stream<DynamicTest> eightSideBySideGiveTheBitsOfFour() {
    return Cases.check(
        300,
        StreamedLogitsTest::random,
        c -> {
          // Room for two groups of four, padded to whole vectors, as in VectorWorkspace.
          int slots = Math.max(8, L);
          float[] z4 = new float[slots];
          float[] z8 = new float[slots];
          float[] f4 = new float[(slots + 3) / 4 * L];
          float[] f8 = new float[(slots + 3) / 4 * L];
          // dot8 reads the rows at offsets, as the kernel passes them: looked up from the
          // positions, or for consecutive rows the block's first and a ramp (VectorWorkspace#ramp).
          int[] offsets = new int[8];
          int base = 0;
          if (c.rows() == null && c.j0() % 2 == 1) {
            base = c.j0() * c.n();
            for (int k = 0; k < offsets.length; k++) {
              offsets[k] = Math.min(k, c.count() - 1) * c.n();
            }
          } else {
            WideGradient.offsets(c.rows(), c.j0(), c.count(), c.n(), offsets);
          }
          WideGradient.dot4(c.x(), c.rows(), c.j0(), c.count(), c.n(), c.w(), c.b(), z4, f4);
          StreamedLogits.dot8(c.x(), offsets, base, c.count(), c.n(), c.w(), c.b(), z8, f8);
          // Two lanes write logits into z, more lanes folded vectors; compare what the groups of
          // the count wrote.
          int groups = (c.count() + 3) / 4;
          float[] a = L == 2 ? z4 : f4;
          float[] e = L == 2 ? z8 : f8;
          int used = L == 2 ? groups * 4 : groups * L;
          for (int k = 0; k < used; k++) {
            assertEquals(
                Float.floatToRawIntBits(a[k]),
                Float.floatToRawIntBits(e[k]),
                "slot " + k + ": four " + a[k] + ", eight " + e[k] + "; " + c);
          }
        });
  }

  /**
   * The kernel's gradient on streamed rows of dot8's lengths, against the scalar reference; in the
   * last three, at every width, the backward pass's last strip holds two or three vectors and
   * stores the rest into the padding (WideBackward#axpyStrips): rows of 4a + 2 whole vectors, of 4a
   * + 2 and a tail, and of about 860 features.
   */
  @TestFactory
  Stream<DynamicTest> streamedRowsAgreeWithTheScalarReference() {
    int partial = L * (4 * (WideGradient.EIGHT_FROM / (4 * L) + 1) + 2);
    return Stream.of(
            streamed(1, WideGradient.EIGHT_FROM, Values.GAUSSIAN, false),
            streamed(2, 300 + L / 2 + 1, Values.LARGE_LOGITS, true),
            streamed(3, WideGradient.EIGHT_BELOW - 1, Values.MIXED_SCALES, true),
            streamed(4, partial, Values.GAUSSIAN, true),
            streamed(5, partial + 1, Values.MIXED_SCALES, false),
            streamed(6, L * (4 * (860 / (4 * L)) + 2), Values.LARGE_LOGITS, true))
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.toString(), () -> VectorKernelPropertiesTest.gradientAgrees(c)));
  }

  /** Rows of n features, enough of them past the largest start make() draws (40) to stream. */
  static VectorKernelPropertiesTest.Case streamed(long seed, int n, Values kind, boolean weighted) {
    int m = (int) (WideGradient.CACHED_FLOATS / n) + 50;
    return VectorKernelPropertiesTest.make(seed, n, m, kind, weighted);
  }
}
