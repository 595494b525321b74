package io.vlogit.bench;

import java.util.function.Consumer;

/**
 * What a benchmark's JVM runs in its setup, before the measured epochs: the {@code before}
 * parameter of {@link EpochBench} and {@link SoftmaxEpochBench}. {@code none}, or {@code by-index}:
 * vlogit's pass on the same data through a row index (every example, in order) for two seconds, as
 * in a JVM that trained with a shuffle or a held-out split before a fit on whole data.
 */
final class Before {
  private Before() {}

  /**
   * Runs what {@code before} names; {@code pass} is one of vlogit's passes through the given row
   * index, or null for an implementation that is not vlogit's.
   */
  static void run(String before, String impl, int m, Consumer<int[]> pass) {
    switch (before) {
      case "none" -> {}
      case "by-index" -> {
        if (pass == null) {
          throw new IllegalArgumentException(
              "before=by-index runs vlogit's kernels only, not " + impl);
        }
        int[] rows = new int[m];
        for (int j = 0; j < m; j++) {
          rows[j] = j;
        }
        long end = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < end) {
          pass.accept(rows);
        }
      }
      default -> throw new IllegalArgumentException("before: " + before);
    }
  }
}
