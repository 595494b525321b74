package io.vlogit;

import static io.vlogit.testing.Allocations.assertSteadyStateAllocatesNothing;

import io.vlogit.internal.kernel.Kernels;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scoring allocates nothing. Like every {@code *AllocationTest}, this runs in a JVM of its own
 * (surefire's {@code allocation} execution, see pom.xml): what C2 compiles depends on everything
 * the JVM has run, and after the whole suite JDK 17's C2 has been seen to recompile a kernel loop
 * with its vectors on the heap (see README, "How it is tested"). A service's JVM has run its own
 * calls, not 3000 tests of random shapes; a fresh JVM measures that.
 */
class ScoringAllocationTest {
  /**
   * The selected kernel scores without allocating, in steady state (see Allocations): on each path
   * of the one-example logit and of the batch's two-at-a-time logit. At 16 lanes 10 features are
   * below a vector, 30 one vector and a tail, 100 the main loop, two whole vectors left after it
   * (nested ifs that replaced a loop which C2 deoptimized, bench/README.md) and a tail; at 8 lanes
   * 10 is one vector and a tail. Longer rows take the same paths.
   */
  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {10, 30, 100})
  void scoringAllocatesNothing(int n) {
    Assumptions.assumeFalse(
        Kernels.selected().name().contains("emulated"),
        "a species wider than the CPU's runs the Vector API emulated, in plain Java, which allocates");
    java.util.Random r = new java.util.Random(n);
    float[] x = new float[n * 64];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) (r.nextGaussian() / Math.sqrt(n));
    }
    LogisticModel model = new LogisticModel(w, 0.1f);
    float[] out = new float[64];
    for (int round = 0; round < 20; round++) {
      singles(model, x, n, 100_000);
      batches(model, x, out, 5_000);
    }
    assertSteadyStateAllocatesNothing("10^6 single scores", () -> singles(model, x, n, 1_000_000));
    assertSteadyStateAllocatesNothing("10^4 batches of 64", () -> batches(model, x, out, 10_000));
  }

  /** A multinomial model's scores likewise: one example's K probabilities, and batches. */
  @Test
  void multinomialScoringAllocatesNothing() {
    Assumptions.assumeFalse(
        Kernels.selected().name().contains("emulated"),
        "a species wider than the CPU's runs the Vector API emulated, in plain Java, which allocates");
    int n = 40;
    int k = 5;
    java.util.Random r = new java.util.Random(2);
    float[][] w = new float[k][n];
    for (float[] row : w) {
      for (int i = 0; i < n; i++) {
        row[i] = (float) r.nextGaussian();
      }
    }
    MultinomialModel model = new MultinomialModel(w, new float[k], null);
    float[] x = new float[n * 16];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    float[] one = new float[k];
    float[] batch = new float[16 * k];
    Runnable singles =
        () -> {
          for (int q = 0; q < 100_000; q++) {
            model.probabilities(x, (q & 15) * n, one);
          }
        };
    Runnable batches =
        () -> {
          for (int q = 0; q < 5_000; q++) {
            model.probabilities(x, 0, 16, batch, 0);
          }
        };
    for (int round = 0; round < 20; round++) {
      singles.run();
      batches.run();
    }
    assertSteadyStateAllocatesNothing(
        "10^5 multinomial scores",
        () -> {
          singles.run();
          return (long) one[0];
        });
    assertSteadyStateAllocatesNothing(
        "5000 multinomial batches of 16",
        () -> {
          batches.run();
          return (long) batch[0];
        });
  }

  private static long singles(LogisticModel model, float[] x, int n, int calls) {
    double sink = 0;
    for (int k = 0; k < calls; k++) {
      sink += model.probability(x, (k & 63) * n);
    }
    return (long) sink;
  }

  private static long batches(LogisticModel model, float[] x, float[] out, int calls) {
    double sink = 0;
    for (int k = 0; k < calls; k++) {
      model.probabilities(x, 0, 64, out, 0);
      sink += out[k & 63];
    }
    return (long) sink;
  }
}
