package io.vlogit;

/**
 * What {@link LogisticModel#warmUp()} does: scores made-up examples, one at a time and in batches,
 * until the JIT has compiled the scoring code, so that a service's first requests do not pay for
 * it. Until C2 has compiled them, the Vector API's calls run as plain Java, about a hundred times
 * slower and allocating.
 *
 * <p>Rounds of {@link #ROUND} single scores and one batch are timed. The warm-up ends after at
 * least {@link #MIN_CALLS} single scores (past C2's invocation thresholds) once three rounds in a
 * row took at most 1.25 times the fastest round so far, and either those rounds ran at compiled
 * speed ({@link #compiledNanos}) or no round has been a quarter faster than the fastest before it
 * for {@link #QUIET_NANOS}; or after {@link #MAX_NANOS}. Steady rounds alone are not enough: C1's
 * code, before C2's, also runs at a steady speed, for tens of milliseconds, thirty times slower (at
 * n = 30 a warm-up that stopped there left a service's first thousand scores at 1.2 ms instead of
 * 0.13; bench/README.md, "warmUp() stopped on C1's code"). The clock decides only when to stop; no
 * result depends on it.
 */
final class ScoringWarmUp {
  private ScoringWarmUp() {}

  static final int ROUND = 2_000;
  static final int MIN_CALLS = 30_000;
  static final long MAX_NANOS = 5_000_000_000L;

  /**
   * How long the rounds must go without a quarter's gain before the warm-up stops short of {@link
   * #compiledNanos}: where that bound is never met (an emulator, a slow JIT), C2's code is taken to
   * be in by then. C2 landed about 50–70 ms into C1's steady rounds in the measurements.
   */
  static final long QUIET_NANOS = 250_000_000L;

  private static final int ROWS = 8;

  /**
   * A round of compiled code at most, in ns, for n features and K outputs: 100 + n/4 ns per score
   * and output. C2's single scores took 10–60 ns at n = 30 to 784 on x86 (bench/README.md), C1's
   * 0.7–9 µs: the bound is several times from either.
   */
  static long compiledNanos(int n, int outputs) {
    return (long) ROUND * outputs * (100 + n / 4);
  }

  /**
   * Whether the warm-up stops after a round: {@code calls} single scores so far, {@code steady}
   * rounds in a row near the fastest, the last one's {@code took} ns against the {@code compiled}
   * bound ({@link #compiledNanos}), {@code quiet} ns since a round was last a quarter faster than
   * the fastest before it, {@code elapsed} ns in all.
   */
  static boolean done(long calls, int steady, long took, long compiled, long quiet, long elapsed) {
    if (elapsed >= MAX_NANOS) {
      return true;
    }
    return calls >= MIN_CALLS && steady >= 3 && (took <= compiled || quiet >= QUIET_NANOS);
  }

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
    long compiled = compiledNanos(n, outputs);
    long start = System.nanoTime();
    long fastest = Long.MAX_VALUE;
    long improved = start;
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
      if (took < fastest - fastest / 4) {
        improved = t1;
      }
      fastest = Math.min(fastest, took);
      steady = took <= fastest + fastest / 4 ? steady + 1 : 0;
      if (done(calls, steady, took, compiled, t1 - improved, t1 - start)) {
        break;
      }
    }
    return Float.isNaN(sink) ? -calls : calls; // reads the scores, so the JIT keeps the calls
  }
}
