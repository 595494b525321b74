package io.vlogit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.io.BundledData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LogisticRegression#fitPath}: the grid, λ_max, warm-started fits at their optima. */
class RegularizationPathTest {
  private static final Dataset CANCER = BundledData.breastCancer().data();

  private static LogisticRegression.Builder owlqn() {
    return LogisticRegression.builder()
        .solver(Solver.lbfgs(10))
        .maxIterations(1000)
        .gradientTolerance(1e-7);
  }

  @Test
  void lambdaMaxIsWhereTheFirstWeightLeavesZero() {
    // Against float64: ∇_w f at w = 0 and the bias at the labels' log-odds, its largest entry.
    int n = CANCER.features();
    double positives = 0;
    for (int j = 0; j < CANCER.examples(); j++) {
      positives += CANCER.label(j);
    }
    double[] theta = new double[n + 1];
    theta[n] = Math.log(positives / (CANCER.examples() - positives));
    double[] g = new double[n + 1];
    NewtonSolver.evaluate(CANCER, theta, 0, g, null);
    assertEquals(0, g[n], 1e-12, "the bias is optimal for zero weights");
    double expected = 0;
    for (int i = 0; i < n; i++) {
      expected = Math.max(expected, Math.abs(g[i]));
    }
    RegularizationPath path = owlqn().build().fitPath(CANCER, 5);
    assertEquals(expected, path.l1Max(), 1e-12 * expected);
    assertEquals(0, path.steps().get(0).nonZeroWeights(), "every weight is 0 at λ_max");
    TrainingResult below = owlqn().l1(0.99 * path.l1Max()).build().fit(CANCER);
    assertEquals(1, below.nonZeroWeights(), "one weight leaves 0 just below λ_max");
  }

  @Test
  void multinomialLambdaMaxAgainstFloat64() {
    Dataset d = TestData.classes(4, 5, 300, 3, 1.0);
    int n = d.features();
    int k = d.classes();
    double[] counts = new double[k];
    for (int j = 0; j < d.examples(); j++) {
      counts[(int) d.label(j)]++;
    }
    double[] theta = new double[k * (n + 1)];
    for (int c = 0; c < k; c++) {
      theta[k * n + c] = Math.log(counts[c]);
    }
    double[] g = new double[theta.length];
    SoftmaxNewton.evaluate(d, theta, 0, null, g, null);
    double expected = 0;
    for (int i = 0; i < k * n; i++) {
      expected = Math.max(expected, Math.abs(g[i]));
    }
    RegularizationPath path = owlqn().build().fitPath(d, 3);
    assertEquals(expected, path.l1Max(), 1e-12 * expected);
    assertEquals(0, path.steps().get(0).nonZeroWeights());
    assertTrue(path.last().nonZeroWeights() > 0);
  }

  @Test
  void theGridRunsDownThreeDecadesAndEveryFitIsItsOptimum() {
    int steps = 7;
    RegularizationPath path = owlqn().l2(0.001).build().fitPath(CANCER, steps);
    List<RegularizationPath.Step> fits = path.steps();
    assertEquals(steps, fits.size());
    assertEquals(path.l1Max() * (1 + 1e-4), fits.get(0).l1());
    assertEquals(path.l1Max() * 1e-3, fits.get(steps - 1).l1(), 1e-15 * path.l1Max());
    for (int k = 2; k < steps; k++) {
      double ratio = fits.get(k).l1() / fits.get(k - 1).l1();
      assertEquals(Math.pow(1e-3, 1.0 / (steps - 1)), ratio, 1e-12, "log grid at " + k);
    }
    for (int k = 1; k < steps; k++) {
      assertTrue(
          fits.get(k).trainingLoss() <= fits.get(k - 1).trainingLoss() + 1e-9,
          "less penalty, less training loss at " + k);
    }
    assertTrue(path.last().nonZeroWeights() > fits.get(1).nonZeroWeights());
    // Warm starts change where a fit starts, not where it ends: a middle fit is the optimum.
    RegularizationPath.Step middle = fits.get(3);
    L1Optimum best = L1Optimum.binary(CANCER, middle.l1(), 0.001);
    LogisticModel model = middle.result().model();
    for (int i = 0; i < CANCER.features(); i++) {
      assertEquals(best.isZero(i), model.weight(i) == 0, "weight " + i);
    }
    assertEquals(best.nonZeroWeights(), middle.nonZeroWeights());
    assertEquals(best.cost, middle.result().finalCost(), 1e-6 * best.cost);
    assertThrows(IllegalStateException.class, path::bestByValidation);
  }

  @Test
  void validationChoosesTheFitOfLeastValidationLoss() {
    RegularizationPath path = owlqn().validationFraction(0.3).seed(3).build().fitPath(CANCER, 8);
    RegularizationPath.Step best = path.bestByValidation();
    for (RegularizationPath.Step s : path.steps()) {
      assertTrue(Double.isFinite(s.validationLoss()));
      assertTrue(best.validationLoss() <= s.validationLoss());
    }
    assertTrue(best != path.steps().get(0), "all-zero weights are not the best model here");
  }

  @Test
  void theNumberOfStepsIsChecked() {
    LogisticRegression trainer = owlqn().build();
    assertThrows(InvalidOptionException.class, () -> trainer.fitPath(CANCER, 1));
    assertThrows(InvalidOptionException.class, () -> trainer.fitPath(CANCER, 1001));
  }
}
