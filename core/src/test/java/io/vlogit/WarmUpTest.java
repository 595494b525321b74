package io.vlogit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WarmUpTest {
  @Test
  void warmUpScoresEnoughToCompileAndChangesNothing() {
    for (int n : new int[] {5, 784}) {
      float[] w = new float[n];
      for (int i = 0; i < n; i++) {
        w[i] = (i % 5 - 2) * 0.1f;
      }
      LogisticModel model = new LogisticModel(w, 0.25f);
      float[] x = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = (i % 3 - 1) * 0.5f;
      }
      float before = model.probability(x);
      long t = System.nanoTime();
      int calls = ScoringWarmUp.run(model);
      long took = System.nanoTime() - t;
      // Enough calls for C2, unless the time cap ended it first (as under an emulator).
      assertTrue(
          calls >= ScoringWarmUp.MIN_CALLS || took >= ScoringWarmUp.MAX_NANOS,
          "n " + n + ": " + calls + " calls in " + took + " ns");
      assertTrue(took < 2 * ScoringWarmUp.MAX_NANOS, "n " + n + ": " + took + " ns");
      assertEquals(before, model.probability(x), "n " + n);
    }
    LogisticModel one = new LogisticModel(new float[] {1f}, 0f);
    assertSame(one, one.warmUp());
  }

  /**
   * The stopping rule, without a clock: steady rounds at C1's speed (ten times the compiled bound)
   * do not end the warm-up until the rounds have been quiet for QUIET_NANOS; steady rounds at
   * compiled speed do; nothing ends it before MIN_CALLS and three steady rounds, except MAX_NANOS.
   */
  @Test
  void steadyRoundsEndTheWarmUpOnlyAtCompiledSpeedOrAfterAQuietSpell() {
    long calls = ScoringWarmUp.MIN_CALLS;
    long compiled = ScoringWarmUp.compiledNanos(30, 1);
    long c1 = 10 * compiled;
    long quiet = ScoringWarmUp.QUIET_NANOS;
    long early = 1_000_000L;
    assertFalse(ScoringWarmUp.done(calls, 3, c1, compiled, quiet - 1, early), "C1's plateau");
    assertTrue(ScoringWarmUp.done(calls, 3, c1, compiled, quiet, early), "a quiet spell");
    assertTrue(ScoringWarmUp.done(calls, 3, compiled, compiled, 0, early), "compiled speed");
    assertFalse(ScoringWarmUp.done(calls, 2, compiled, compiled, quiet, early), "two steady");
    assertFalse(ScoringWarmUp.done(calls - 1, 3, compiled, compiled, quiet, early), "few calls");
    assertTrue(ScoringWarmUp.done(0, 0, c1, compiled, 0, ScoringWarmUp.MAX_NANOS), "the cap");
    // The bound per score lies between C2's (10-60 ns) and C1's (0.7-9 us) measured speeds.
    for (int n : new int[] {30, 784}) {
      long perScore = ScoringWarmUp.compiledNanos(n, 1) / ScoringWarmUp.ROUND;
      assertTrue(perScore > 60 && perScore < 700, "n " + n + ": " + perScore + " ns");
    }
    assertEquals(3 * ScoringWarmUp.compiledNanos(30, 1), ScoringWarmUp.compiledNanos(30, 3));
  }
}
