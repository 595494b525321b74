package io.vlogit;

/**
 * What {@link LogisticModel#warmUp()} does: scores made-up examples, one at a time and in batches,
 * until the JIT has compiled the scoring code, so that a service's first requests do not pay for
 * it. Until C2 has compiled them, the Vector API's calls run as plain Java, about a hundred times
 * slower and allocating.
 *
 * <p>Rounds of {@link #ROUND} single scores and one batch are timed; the warm-up ends after at
 * least {@link #MIN_CALLS} single scores (past C2's invocation thresholds) once three rounds in a
 * row took at most 1.25 times the fastest round so far (the compiled code is in), or after {@link
 * #MAX_NANOS}. The clock decides only when to stop; no result depends on it.
 */
final class ScoringWarmUp {
  private ScoringWarmUp() {}

  static final int ROUND = 2_000;
  static final int MIN_CALLS = 30_000;
  static final long MAX_NANOS = 5_000_000_000L;
  private static final int ROWS = 8;

  /** Returns the number of single scores made. */
  static int run(LogisticModel model) {
    int n = model.features();
    float[] x = new float[ROWS * n];
    for (int k = 0; k < x.length; k++) {
      x[k] = (k % 7 - 3) * 0.25f; // finite, of mixed signs: the common path, no zero shortcuts
    }
    float[] out = new float[ROWS];
    long start = System.nanoTime();
    long fastest = Long.MAX_VALUE;
    int steady = 0;
    int calls = 0;
    float sink = 0f;
    while (true) {
      long t0 = System.nanoTime();
      for (int i = 0; i < ROUND; i++) {
        sink += model.probability(x, (i & (ROWS - 1)) * n);
      }
      model.probabilities(x, 0, ROWS, out, 0);
      sink += out[ROWS - 1];
      long t1 = System.nanoTime();
      calls += ROUND;
      long took = t1 - t0;
      fastest = Math.min(fastest, took);
      steady = took <= fastest + fastest / 4 ? steady + 1 : 0;
      if ((calls >= MIN_CALLS && steady >= 3) || t1 - start >= MAX_NANOS) {
        break;
      }
    }
    return Float.isNaN(sink) ? -calls : calls; // reads the scores, so the JIT keeps the calls
  }
}
