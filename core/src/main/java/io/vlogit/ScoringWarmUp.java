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

  /** What a warm-up calls: one example's score, and a batch's into {@code out}. */
  interface Scorer {
    float one(float[] x, int offset);

    void batch(float[] x, int count, float[] out);
  }

  /** Returns the number of single scores made. */
  static int run(LogisticModel model) {
    return run(
        model.features(),
        1,
        new Scorer() {
          @Override
          public float one(float[] x, int offset) {
            return model.probability(x, offset);
          }

          @Override
          public void batch(float[] x, int count, float[] out) {
            model.probabilities(x, 0, count, out, 0);
          }
        });
  }

  /** The same for a multinomial model (its K probabilities per example). */
  static int run(MultinomialModel model) {
    float[] one = new float[model.classes()];
    return run(
        model.features(),
        model.classes(),
        new Scorer() {
          @Override
          public float one(float[] x, int offset) {
            model.probabilities(x, offset, one);
            return one[0];
          }

          @Override
          public void batch(float[] x, int count, float[] out) {
            model.probabilities(x, 0, count, out, 0);
          }
        });
  }

  private static int run(int n, int outputs, Scorer model) {
    float[] x = new float[ROWS * n];
    for (int k = 0; k < x.length; k++) {
      x[k] = (k % 7 - 3) * 0.25f; // finite, of mixed signs: the common path, no zero shortcuts
    }
    float[] out = new float[ROWS * outputs];
    long start = System.nanoTime();
    long fastest = Long.MAX_VALUE;
    int steady = 0;
    int calls = 0;
    float sink = 0f;
    while (true) {
      long t0 = System.nanoTime();
      for (int i = 0; i < ROUND; i++) {
        sink += model.one(x, (i & (ROWS - 1)) * n);
      }
      model.batch(x, ROWS, out);
      sink += out[out.length - 1];
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
