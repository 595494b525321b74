package io.vlogit.internal.kernel;

import static io.vlogit.testing.Allocations.assertSteadyStateAllocatesNothing;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An epoch allocates nothing once compiled: the fused pass over X, for the selected kernel and the
 * scalar reference, on the narrow (across examples) and the wide (across features) loop, with and
 * without a row index and sample weights. 300 × 1000 is streamed (3 × 10⁵ floats, over
 * WideGradient's cache bound), so its rows are read eight side by side (StreamedLogits), whose
 * eight sums must stay in registers on every JDK and width. JMH's gc profiler shows the same in
 * bench/, but only to within its own per-iteration bookkeeping; this counts the thread's bytes
 * exactly.
 */
class EpochAllocationTest {

  @ParameterizedTest(name = "n = {0}, m = {1}, rows = {2}, weights = {3}")
  @CsvSource({
    "8, 3001, false, false",
    "8, 3001, true, true",
    "40, 1001, false, false",
    "40, 1001, true, true",
    "300, 257, false, true",
    "300, 1000, true, true"
  })
  void anEpochAllocatesNothing(int n, int m, boolean shuffled, boolean weighted) {
    SplittableRandom r = new SplittableRandom(n * 31L + m);
    float[] x = new float[n * m];
    float[] y = new float[m];
    float[] s = weighted ? new float[m] : null;
    int[] rows = shuffled ? new int[m] : null;
    for (int k = 0; k < x.length; k++) {
      x[k] = (float) r.nextGaussian();
    }
    for (int j = 0; j < m; j++) {
      y[j] = r.nextBoolean() ? 1f : 0f;
      if (weighted) {
        s[j] = (float) r.nextDouble(0, 2);
      }
      if (shuffled) {
        rows[j] = m - 1 - j;
      }
    }
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) (0.1 * r.nextGaussian());
    }
    for (LogisticKernel kernel : new LogisticKernel[] {Kernels.selected(), Kernels.scalar()}) {
      Assumptions.assumeFalse(
          kernel.name().contains("emulated"),
          "a species wider than the CPU's runs the Vector API emulated, in plain Java, which allocates");
      GradientWorkspace ws = kernel.newWorkspace(n);
      for (int e = 0; e < 2000; e++) {
        epoch(kernel, x, y, s, n, rows, m, w, ws);
      }
      assertSteadyStateAllocatesNothing(
          kernel.name() + ", 200 epochs",
          () -> {
            double sink = 0;
            for (int e = 0; e < 200; e++) {
              sink += epoch(kernel, x, y, s, n, rows, m, w, ws);
            }
            return Double.isFinite(sink) ? 1 : 0;
          });
    }
  }

  /** The softmax pass likewise, on the vector loop (n ≥ L) and the scalar one it falls back to. */
  @ParameterizedTest(name = "softmax n = {0}, K = {1}, m = {2}, rows = {3}")
  @CsvSource({"3, 5, 1001, false", "40, 3, 1001, true", "100, 10, 500, false", "70, 7, 600, true"})
  void aSoftmaxEpochAllocatesNothing(int n, int k, int m, boolean shuffled) {
    SplittableRandom r = new SplittableRandom(n * 31L + m + k);
    float[] x = new float[n * m];
    float[] y = new float[m];
    int[] rows = shuffled ? new int[m] : null;
    for (int q = 0; q < x.length; q++) {
      x[q] = (float) r.nextGaussian();
    }
    for (int j = 0; j < m; j++) {
      y[j] = r.nextInt(k);
      if (shuffled) {
        rows[j] = m - 1 - j;
      }
    }
    float[] w = new float[k * n];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (0.1 * r.nextGaussian());
    }
    float[] b = new float[k];
    for (LogisticKernel kernel : new LogisticKernel[] {Kernels.selected(), Kernels.scalar()}) {
      Assumptions.assumeFalse(
          kernel.name().contains("emulated"),
          "a species wider than the CPU's runs the Vector API emulated, in plain Java, which allocates");
      GradientWorkspace ws = kernel.newWorkspace(n, k);
      for (int e = 0; e < 1000; e++) {
        ws.clear();
        kernel.accumulateSoftmaxGradient(x, y, null, n, k, rows, 0, m, w, b, ws);
      }
      assertSteadyStateAllocatesNothing(
          kernel.name() + ", 100 softmax epochs",
          () -> {
            double sink = 0;
            for (int e = 0; e < 100; e++) {
              ws.clear();
              kernel.accumulateSoftmaxGradient(x, y, null, n, k, rows, 0, m, w, b, ws);
              sink += ws.lossSum + ws.classDz[0];
            }
            return Double.isFinite(sink) ? 1 : 0;
          });
    }
  }

  private static double epoch(
      LogisticKernel kernel,
      float[] x,
      float[] y,
      float[] s,
      int n,
      int[] rows,
      int m,
      float[] w,
      GradientWorkspace ws) {
    ws.clear();
    kernel.accumulateGradient(x, y, s, n, rows, 0, m, w, 0.1f, ws);
    return ws.lossSum + ws.dzSum + ws.gradient[n - 1];
  }
}
