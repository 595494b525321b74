package io.vlogit.bench;

import io.vlogit.LogisticModel;
import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.LogisticKernel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import smile.classification.LogisticRegression;
import smile.util.IntSet;

/**
 * Scoring: the latency of one example and the throughput of a batch of 1024, for the same model
 * (weights of the workload's mid-training model) in each implementation:
 *
 * <ul>
 *   <li>{@code vlogit-model}: {@link LogisticModel#probability(float[], int)}, what users call
 *       (dimension check, selected kernel);
 *   <li>{@code vlogit-vector}, {@code vlogit-scalar}: the kernels directly;
 *   <li>{@code smile}: Smile's {@code LogisticRegression.Binomial.score(double[])}, P(y = 1) on
 *       double[] rows as Smile takes them (its {@code predict} computes the same σ, then a label).
 * </ul>
 *
 * One example: calls cycle through 8 rows, a different example each time but in L1, as a request a
 * service has just received would be. The batch scores 1024 rows (3 MB at n = 784: from L3).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class ScoreBench {
  static final int ROWS = 1024;
  static final int HOT_ROWS = 8;

  @Param({"30", "784"})
  public int n;

  @Param({"vlogit-model", "vlogit-vector", "vlogit-scalar", "smile"})
  public String impl;

  float[] x;
  double[][] rows;
  float[] w;
  float b;
  LogisticModel model;
  LogisticKernel kernel;
  LogisticRegression.Binomial smile;
  float[] out = new float[ROWS];
  int next;

  /** impl as a number, so that a call pays for no string switch: 0 model, 1 Smile, 2 a kernel. */
  int which;

  @Setup(Level.Trial)
  public void setup() {
    Workload d = Workload.generate(n, ROWS, 7);
    x = d.x;
    w = d.w;
    b = d.b;
    model = new LogisticModel(w, b);
    which = impl.equals("vlogit-model") ? 0 : impl.equals("smile") ? 1 : 2;
    kernel = impl.equals("vlogit-scalar") ? Kernels.scalar() : Kernels.vector();
    KernelNote.print("ScoreBench", impl, impl.equals("vlogit-model") ? Kernels.selected() : kernel);
    rows = new double[ROWS][n];
    double[] coefficients = new double[n + 1];
    for (int j = 0; j < ROWS; j++) {
      for (int i = 0; i < n; i++) {
        rows[j][i] = x[j * n + i];
      }
    }
    for (int i = 0; i < n; i++) {
      coefficients[i] = w[i];
    }
    coefficients[n] = b; // Smile keeps the intercept last
    smile = new LogisticRegression.Binomial(coefficients, 0, 0, new IntSet(new int[] {0, 1}));
  }

  @Benchmark
  public double one() {
    int j = next;
    next = (j + 1) & (HOT_ROWS - 1);
    return switch (which) {
      case 0 -> model.probability(x, j * n);
      case 1 -> smile.score(rows[j]);
      default -> kernel.sigmoid(kernel.logit(w, b, x, j * n));
    };
  }

  /** All 1024 rows; divide the time by 1024 for the time per example. */
  @Benchmark
  public float batch() {
    switch (which) {
      case 0 -> model.probabilities(x, 0, ROWS, out, 0);
      case 1 -> {
        for (int j = 0; j < ROWS; j++) {
          out[j] = (float) smile.score(rows[j]);
        }
      }
      default -> kernel.probabilities(w, b, x, 0, ROWS, out, 0);
    }
    return out[ROWS - 1];
  }
}
