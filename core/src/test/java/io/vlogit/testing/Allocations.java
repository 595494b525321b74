package io.vlogit.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Exact counts of the bytes the current thread allocates ({@code ThreadMXBean}), and the steady
 * state rule of the allocation tests: code that the interpreter or C1 still runs executes the
 * Vector API in plain Java, which allocates, so a test runs windows of work until the last {@link
 * #CLEAN_WINDOWS} in a row allocated nothing, and fails if that has not happened within {@link
 * #DEADLINE_NANOS}. A single clean window among dirty ones is not steady state; a compilation that
 * waits in C2's queue (2 cores, other tests' methods) only delays it.
 */
public final class Allocations {
  /** Consecutive windows that must allocate 0 bytes. */
  public static final int CLEAN_WINDOWS = 5;

  /** How long a test may wait for them. */
  public static final long DEADLINE_NANOS = 30_000_000_000L;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Allocations() {}

  /** Bytes this thread has allocated so far. */
  public static long allocated() {
    return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  /**
   * Runs {@code window} (which does one window of work and returns a value to keep it from being
   * optimized away) until the last {@link #CLEAN_WINDOWS} windows allocated 0 bytes; fails with
   * every window's count otherwise.
   */
  public static void assertSteadyStateAllocatesNothing(String what, LongSupplier window) {
    long overhead = -allocated() + allocated();
    StringBuilder seen = new StringBuilder();
    long sink = 0;
    int clean = 0;
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    int windows = 0;
    while (clean < CLEAN_WINDOWS) {
      if (System.nanoTime() > deadline) {
        fail(
            what
                + ": no "
                + CLEAN_WINDOWS
                + " windows in a row allocated 0 bytes within "
                + DEADLINE_NANOS / 1_000_000_000L
                + " s; bytes per window:"
                + seen
                + " (sink "
                + sink
                + ")");
      }
      long before = allocated();
      sink += window.getAsLong();
      long bytes = allocated() - before - overhead;
      clean = bytes == 0 ? clean + 1 : 0;
      if (windows++ < 60) {
        seen.append(' ').append(bytes);
      }
    }
  }
}
