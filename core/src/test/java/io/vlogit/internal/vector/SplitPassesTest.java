package io.vlogit.internal.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vlogit.internal.kernel.GradientWorkspace;
import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.LogisticKernel;
import io.vlogit.testing.Cases;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link LogisticKernel#FLUSH}'s contract, on both kernels at this JVM's width: a pass split into
 * calls at multiples of FLUSH (counted from its first position) adds exactly the bits of one call,
 * with and without a row index, for the binary and the softmax pass; and a pass by index adds the
 * bits of a pass over the same examples copied in order. Data held in several arrays is summed that
 * way (io.vlogit.internal.train.ExampleBlocks), so these are what make its results those of one
 * array.
 */
class SplitPassesTest {
  private static final int TRIES = Species.NATIVE ? 80 : 30;
  private static final int FLUSH = LogisticKernel.FLUSH;

  @TestFactory
  Stream<DynamicTest> binaryPassesSplitAtTheFlushAddTheBitsOfOne() {
    return Cases.check(
        TRIES,
        VectorKernelPropertiesTest::random,
        c -> {
          Random r = new Random(c.n() * 31L + c.to());
          int[] rows = r.nextBoolean() ? randomRows(r, c.to()) : null;
          int from = rows == null ? c.from() : 0;
          int to = rows == null ? c.to() : rows.length;
          int[] cuts = cuts(r, from, to);
          for (LogisticKernel kernel : new LogisticKernel[] {Kernels.vector(), Kernels.scalar()}) {
            GradientWorkspace one = kernel.newWorkspace(c.n());
            GradientWorkspace split = kernel.newWorkspace(c.n());
            split.passExamples = to - from;
            kernel.accumulateGradient(
                c.x(), c.y(), c.s(), c.n(), rows, from, to, c.w(), c.b(), one);
            for (int k = 0; k + 1 < cuts.length; k++) {
              kernel.accumulateGradient(
                  c.x(), c.y(), c.s(), c.n(), rows, cuts[k], cuts[k + 1], c.w(), c.b(), split);
            }
            String what = kernel.name() + " split at " + java.util.Arrays.toString(cuts) + ", " + c;
            assertArrayEquals(one.gradient, split.gradient, what);
            assertEquals(one.dzSum, split.dzSum, what);
            assertEquals(one.lossSum, split.lossSum, what);
            if (rows != null) {
              float[][] copy = gather(c.x(), c.y(), c.s(), c.n(), rows);
              GradientWorkspace copied = kernel.newWorkspace(c.n());
              kernel.accumulateGradient(
                  copy[0], copy[1], copy[2], c.n(), null, 0, rows.length, c.w(), c.b(), copied);
              assertArrayEquals(one.gradient, copied.gradient, "copied, " + what);
              assertEquals(one.dzSum, copied.dzSum, "copied, " + what);
              assertEquals(one.lossSum, copied.lossSum, "copied, " + what);
            }
          }
        });
  }

  @TestFactory
  Stream<DynamicTest> softmaxPassesSplitAtTheFlushAddTheBitsOfOne() {
    return Cases.check(
        TRIES / 2,
        SoftmaxPropertiesTest::random,
        c -> {
          Random r = new Random(c.n() * 31L + c.to());
          int[] cuts = cuts(r, c.from(), c.to());
          for (LogisticKernel kernel : new LogisticKernel[] {Kernels.vector(), Kernels.scalar()}) {
            GradientWorkspace one = kernel.newWorkspace(c.n(), c.k());
            GradientWorkspace split = kernel.newWorkspace(c.n(), c.k());
            split.passExamples = c.to() - c.from();
            kernel.accumulateSoftmaxGradient(
                c.x(), c.y(), c.s(), c.n(), c.k(), c.rows(), c.from(), c.to(), c.w(), c.b(), one);
            for (int k = 0; k + 1 < cuts.length; k++) {
              kernel.accumulateSoftmaxGradient(
                  c.x(),
                  c.y(),
                  c.s(),
                  c.n(),
                  c.k(),
                  c.rows(),
                  cuts[k],
                  cuts[k + 1],
                  c.w(),
                  c.b(),
                  split);
            }
            String what = kernel.name() + " split at " + java.util.Arrays.toString(cuts) + ", " + c;
            assertArrayEquals(one.gradient, split.gradient, what);
            assertArrayEquals(one.classDz, split.classDz, what);
            assertEquals(one.lossSum, split.lossSum, what);
          }
        });
  }

  /** from, some multiples of FLUSH past it inside the range (maybe none), to. */
  private static int[] cuts(Random r, int from, int to) {
    int[] cuts = new int[2 + r.nextInt(4)];
    cuts[0] = from;
    int pieces = (to - from) / FLUSH;
    for (int k = 1; k < cuts.length - 1; k++) {
      int next = from + FLUSH * (pieces == 0 ? 0 : r.nextInt(pieces + 1));
      cuts[k] = Math.max(cuts[k - 1], next);
    }
    cuts[cuts.length - 1] = to;
    return cuts;
  }

  private static int[] randomRows(Random r, int m) {
    int[] rows = new int[m == 0 ? 0 : r.nextInt(3 * m + 1)];
    for (int k = 0; k < rows.length; k++) {
      rows[k] = r.nextInt(m);
    }
    return rows;
  }

  /** The examples at rows, copied in order: x, y and the weights (null if there are none). */
  private static float[][] gather(float[] x, float[] y, float[] s, int n, int[] rows) {
    float[] gx = new float[rows.length * n];
    float[] gy = new float[rows.length];
    float[] gs = s == null ? null : new float[rows.length];
    for (int k = 0; k < rows.length; k++) {
      System.arraycopy(x, rows[k] * n, gx, k * n, n);
      gy[k] = y[rows[k]];
      if (gs != null) {
        gs[k] = s[rows[k]];
      }
    }
    return new float[][] {gx, gy, gs};
  }
}
