package io.vlogit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Scoring allocates nothing. Like every {@code *AllocationTest}, this runs in a JVM of its own
 * (surefire's {@code allocation} execution, see pom.xml): what C2 compiles depends on everything
 * the JVM has run, and after the whole suite JDK 17's C2 has been seen to recompile a kernel loop
 * with its vectors on the heap (see README, "How it is tested"). A service's JVM has run its own
 * calls, not 3000 tests of random shapes; a fresh JVM measures that.
 */
class ScoringAllocationTest {
  private static final float[] W = {0.5f, -1f, 2f, 0.25f, -0.75f, 1.5f, 0.1f, -0.2f, 0.3f, 0.9f};

  /**
   * The selected kernel scores without allocating, in steady state: 10^6 single calls and 10^4
   * batches, in windows, after warm-up. Code that the interpreter or C1 runs executes the Vector
   * API in plain Java, which allocates a box per operation, so a window that straddles a
   * (re)compilation allocates; steady state is the best window (at least five, see below), and it
   * must be 0.
   */
  @Test
  void scoringAllocatesNothing() {
    // A species wider than the CPU's runs the Vector API emulated, in plain Java: it allocates.
    org.junit.jupiter.api.Assumptions.assumeFalse(
        io.vlogit.internal.kernel.Kernels.selected().name().contains("emulated"), "emulated vector width");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    float[] x = new float[10 * 64];
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    LogisticModel wide = new LogisticModel(java.util.Arrays.copyOf(W, 10), 0.1f);
    float[] out = new float[64];
    double sink = 0;
    for (int round = 0; round < 20; round++) {
      sink += singles(wide, x, 100_000) + batches(wide, x, out, 5_000);
    }
    long overhead = -threads.getThreadAllocatedBytes(id) + threads.getThreadAllocatedBytes(id);
    // Windows until one allocates nothing for either path, or 20 s: a window is ~30 ms, so a C2
    // compilation that waits in the queue (2 cores, other tests' methods) delays steady state
    // without this test taking its first windows for it. Every window's figure goes in the message,
    // so a failure says whether the allocation was falling (still compiling) or stable.
    StringBuilder seen = new StringBuilder();
    long single = Long.MAX_VALUE;
    long batch = Long.MAX_VALUE;
    long deadline = System.nanoTime() + 20_000_000_000L;
    for (int window = 0; window < 5 || (single + batch > 0 && System.nanoTime() < deadline); window++) {
      long before = threads.getThreadAllocatedBytes(id);
      sink += singles(wide, x, 1_000_000);
      long s = threads.getThreadAllocatedBytes(id) - before - overhead;
      before = threads.getThreadAllocatedBytes(id);
      sink += batches(wide, x, out, 10_000);
      long b = threads.getThreadAllocatedBytes(id) - before - overhead;
      single = Math.min(single, s);
      batch = Math.min(batch, b);
      if (window < 40) {
        seen.append(' ').append(s).append('/').append(b);
      }
    }
    assertTrue(sink != 0);
    assertEquals(0, single, single + " bytes allocated by 10^6 single calls; windows (single/batch):" + seen);
    assertEquals(0, batch, batch + " bytes allocated by 10^4 batches of 64; windows (single/batch):" + seen);
  }

  private static double singles(LogisticModel model, float[] x, int calls) {
    double sink = 0;
    for (int k = 0; k < calls; k++) {
      sink += model.probability(x, (k & 63) * 10);
    }
    return sink;
  }

  private static double batches(LogisticModel model, float[] x, float[] out, int calls) {
    double sink = 0;
    for (int k = 0; k < calls; k++) {
      model.probabilities(x, 0, 64, out, 0);
      sink += out[k & 63];
    }
    return sink;
  }
}
