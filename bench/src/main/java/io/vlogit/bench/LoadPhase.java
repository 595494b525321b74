package io.vlogit.bench;

import java.util.function.DoubleSupplier;
import java.util.function.IntConsumer;

/**
 * Where the read-bandwidth yardstick ({@link RooflineBench#readSum}, {@link
 * ParallelReadBench#readHalf}) starts its vector loads: the phase, index mod L, at which a pass
 * over its array is fastest.
 *
 * <p>Why: Java cannot align an array, and a vector load that crosses a cache line reads two. On the
 * Zen 5 machine of bench/README.md ("The read yardstick at the array's cache-line boundary") a
 * large array's first float lay 16 bytes past a 64-byte boundary, and read with 512-bit loads from
 * index 0 it took a quarter to a third longer than from index 12, where every load is one line. The
 * machine's bandwidth is the aligned figure. The floats before the phase (fewer than L) are not
 * read; against arrays of 1 MB or more that is under 0.01 % of the bytes.
 */
final class LoadPhase {
  private LoadPhase() {}

  /**
   * Arrays from this many floats (1 MB) on, beyond a core's L2, get their phase searched; smaller
   * ones are read from index 0, where the time of each phase was set more by the floats added one
   * by one than by the loads' placement.
   */
  static final int SEARCHED_FROM = 1 << 18;

  /** Where the passes' sums go, so that the compiler keeps them. */
  static volatile double sunk;

  /**
   * Sets the benchmark's phase ({@code set}) to the one (0 ≤ phase < lanes) at which {@code pass},
   * one pass over {@code floats} floats from the phase last set, returning its sum, runs fastest:
   * every phase timed once in each of five rounds (so that a slow spell of the machine falls on
   * every phase, and the first, uncompiled passes count for no phase), keeping its fastest. Prints
   * the choice to stderr beside phase 0's time.
   */
  static void choose(int floats, int lanes, IntConsumer set, DoubleSupplier pass) {
    set.accept(0);
    if (floats < SEARCHED_FROM) {
      return;
    }
    long[] fastest = new long[lanes];
    java.util.Arrays.fill(fastest, Long.MAX_VALUE);
    double sink = 0;
    for (int round = 0; round < 5; round++) {
      for (int phase = 0; phase < lanes; phase++) {
        set.accept(phase);
        long t0 = System.nanoTime();
        sink += pass.getAsDouble();
        fastest[phase] = Math.min(fastest[phase], System.nanoTime() - t0);
      }
    }
    sunk = sink;
    int best = 0;
    for (int phase = 1; phase < lanes; phase++) {
      if (fastest[phase] < fastest[best]) {
        best = phase;
      }
    }
    System.err.printf(
        "LoadPhase: %d floats from phase %d: %.1f us (from phase 0: %.1f us)%n",
        floats, best, fastest[best] / 1e3, fastest[0] / 1e3);
    set.accept(best);
  }
}
