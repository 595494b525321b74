package io.vlogit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cost on demand: skipping it changes nothing but the curve's entries in between. */
class CostEveryTest {
  private static final Dataset DATA = TestData.gaussian(23, 9, 700, 1.0);
  private static final int ITERATIONS = 50;

  private static TrainingResult fit(Solver solver, int costEvery) {
    return LogisticRegression.builder()
        .solver(solver)
        .maxIterations(ITERATIONS)
        .l2(1e-3)
        .costEvery(costEvery)
        .build()
        .fit(DATA);
  }

  private static void assertSameModel(TrainingResult a, TrainingResult b) {
    LogisticModel ma = a.model();
    LogisticModel mb = b.model();
    for (int i = 0; i < DATA.features(); i++) {
      assertEquals(ma.weight(i), mb.weight(i), "weight " + i);
    }
    assertEquals(ma.bias(), mb.bias());
    assertEquals(a.finalCost(), b.finalCost());
    assertEquals(a.finalGradientNorm(), b.finalGradientNorm());
  }

  @Test
  void everyKthCostIsTheSameAndTheOthersAreNaN() {
    List<Solver> solvers = new ArrayList<>();
    solvers.add(Solver.gradientDescent().learningRate(0.5));
    solvers.add(Solver.gradientDescent().learningRate(0.2).momentum(0.9).nesterov(true));
    solvers.add(Solver.gradientDescent().learningRate(0.05).batchSize(64));
    for (Solver solver : solvers) {
      TrainingResult every = fit(solver, 1);
      for (int k : new int[] {7, 0}) {
        TrainingResult some = fit(solver, k);
        assertSameModel(every, some);
        double[] all = every.costCurve();
        double[] part = some.costCurve();
        assertEquals(all.length, part.length);
        for (int i = 0; i < all.length; i++) {
          boolean computed = i == 0 || (k > 0 && i % k == 0);
          if (computed) {
            assertEquals(all[i], part[i], solver.name() + ", costEvery " + k + ", iteration " + i);
          } else {
            assertTrue(Double.isNaN(part[i]), solver.name() + ", iteration " + i + ": " + part[i]);
          }
        }
      }
    }
  }

  @Test
  void theListenerSeesNaNBetweenAndTheFinalCostIsAlwaysThere() {
    List<Double> seen = new ArrayList<>();
    TrainingResult r =
        LogisticRegression.builder()
            .maxIterations(10)
            .costEvery(4)
            .listener(
                s -> {
                  seen.add(s.cost());
                  return true;
                })
            .build()
            .fit(DATA);
    assertEquals(11, seen.size());
    for (int i = 0; i <= 10; i++) {
      assertEquals(i % 4 == 0, Double.isFinite(seen.get(i)), "iteration " + i + ": " + seen.get(i));
    }
    assertTrue(Double.isFinite(r.finalCost()) && r.finalCost() > 0, "final " + r.finalCost());
  }

  @Test
  void aCostToleranceAndLbfgsComputeEveryCost() {
    TrainingResult tolerance =
        LogisticRegression.builder()
            .maxIterations(30)
            .costEvery(0)
            .costTolerance(1e-12)
            .build()
            .fit(DATA);
    TrainingResult lbfgs = fit(Solver.lbfgs(5), 0);
    for (TrainingResult r : List.of(tolerance, lbfgs)) {
      for (double c : r.costCurve()) {
        assertTrue(Double.isFinite(c), r.solver().name() + ": " + c);
      }
    }
  }

  @Test
  void aNegativeCostEveryIsRefusedByName() {
    InvalidOptionException e =
        assertThrows(
            InvalidOptionException.class, () -> LogisticRegression.builder().costEvery(-1));
    assertTrue(e.getMessage().contains("costEvery"), e.getMessage());
  }
}
