package io.vlogit;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
