package io.vlogit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.io.BundledData;
import org.junit.jupiter.api.Test;

/**
 * L1 and elastic-net training through the public API, against the float64 optimum of {@link
 * L1Optimum} (proximal Newton, certified by the optimality conditions): the objective's value and
 * exactly its set of zero weights, for OWL-QN and the proximal gradient methods, binary and
 * multinomial.
 */
class L1TrainingTest {
  private static final Dataset CANCER = BundledData.breastCancer().data();
  private static final Dataset CLASSES = TestData.classes(5, 6, 400, 4, 1.0);

  /** J at the optimum, relative: the acceptance threshold ("within 1e-6 relative"). */
  private static final double COST_AT_OPTIMUM = 1e-6;

  /**
   * The zero set is compared exactly, which is meaningful only where every zero of the optimum is a
   * clear one (|∂f/∂w_i| below λ₁ by a margin) and every non-zero weight clearly non-zero: a
   * solver's remaining error in the gradient (‖H‖·‖θ − θ*‖, with float's rounding of the pass's
   * sums, 2^−24 relative, on top) must not reach across. 1e−4 is more than 100 times those errors
   * at the tolerances below; each test checks it of its data first.
   */
  private static final double CLEAR = 1e-4;

  private static double[] theta(LogisticModel model) {
    int n = model.features();
    double[] t = new double[n + 1];
    for (int i = 0; i < n; i++) {
      t[i] = model.weight(i);
    }
    t[n] = model.bias();
    return t;
  }

  private static double[] theta(TrainingResult r) {
    return r.classes() == 2 ? theta(r.model()) : SoftmaxNewton.theta(r.multinomialModel());
  }

  /** The model is the optimum: J within the threshold, the same zeros, the conditions met. */
  private static void assertOptimal(L1Optimum best, TrainingResult r, String what) {
    assertTrue(best.kktViolation() < 1e-12, "the reference is certified: " + best.kktViolation());
    assertTrue(best.zeroMargin() > CLEAR, what + ": zero margin " + best.zeroMargin());
    assertTrue(best.smallestNonZero() > CLEAR, what + ": smallest " + best.smallestNonZero());
    double[] mine = theta(r);
    double cost = best.costAt(mine);
    assertTrue(
        cost - best.cost <= COST_AT_OPTIMUM * best.cost,
        what + ": J = " + cost + " against the optimum's " + best.cost);
    for (int i = 0; i < best.theta.length; i++) {
      if (best.isZero(i) != (mine[i] == 0)) {
        throw new AssertionError(
            what + ": entry " + i + " is " + mine[i] + ", the optimum's " + best.theta[i]);
      }
    }
    assertEquals(best.nonZeroWeights(), r.nonZeroWeights(), what);
    int biases = r.classes() == 2 ? 1 : r.classes();
    assertEquals(best.theta.length - biases, r.weightCount(), what + ": weights counted out of");
    assertEquals(cost, r.finalCost(), COST_AT_OPTIMUM * cost, what + ": the reported cost");
  }

  private static TrainingResult fit(Dataset d, Solver solver, double l1, double l2, int iters) {
    return LogisticRegression.builder()
        .solver(solver)
        .l1(l1)
        .l2(l2)
        .maxIterations(iters)
        .build()
        .fit(d);
  }

  @Test
  void owlqnReachesTheL1OptimumOfTheBundledData() {
    L1Optimum best = L1Optimum.binary(CANCER, 0.01, 0);
    TrainingResult r = fit(CANCER, Solver.lbfgs(10), 0.01, 0, 1000);
    assertOptimal(best, r, "OWL-QN, λ₁ = 0.01");
    assertTrue(r.nonZeroWeights() < CANCER.features(), "L1 set some weights to 0");
  }

  @Test
  void owlqnReachesTheElasticNetOptimum() {
    L1Optimum best = L1Optimum.binary(CANCER, 0.005, 0.02);
    assertOptimal(best, fit(CANCER, Solver.lbfgs(10), 0.005, 0.02, 1000), "OWL-QN, elastic net");
  }

  @Test
  void fistaReachesTheL1Optimum() {
    L1Optimum best = L1Optimum.binary(CANCER, 0.01, 0);
    Solver fista = Solver.gradientDescent().learningRate(0.2).fista(true);
    assertOptimal(best, fit(CANCER, fista, 0.01, 0, 20_000), "FISTA, λ₁ = 0.01");
  }

  @Test
  void proximalGradientReachesTheL1OptimumOfWellConditionedData() {
    // Plain proximal gradient converges linearly at the rate of the condition number; on the
    // bundled data (correlated features) that takes 10⁵ epochs, on independent features a few
    // hundred.
    Dataset d = TestData.gaussian(3, 12, 600, 1.0);
    L1Optimum best = L1Optimum.binary(d, 0.02, 0);
    Solver gd = Solver.gradientDescent().learningRate(1.0);
    assertOptimal(best, fit(d, gd, 0.02, 0, 5000), "proximal gradient");
    Solver momentum = Solver.gradientDescent().learningRate(1.0).momentum(0.5).nesterov(true);
    assertOptimal(best, fit(d, momentum, 0.02, 0, 5000), "proximal gradient, Nesterov");
  }

  @Test
  void multinomialOwlqnAndFistaReachTheL1Optimum() {
    L1Optimum best = L1Optimum.multinomial(CLASSES, 0.03, 0.001);
    assertTrue(best.nonZeroWeights() < 24, "some weights are 0: " + best.nonZeroWeights());
    assertOptimal(best, fit(CLASSES, Solver.lbfgs(10), 0.03, 0.001, 1000), "multinomial OWL-QN");
    Solver fista = Solver.gradientDescent().learningRate(1.0).fista(true);
    assertOptimal(best, fit(CLASSES, fista, 0.03, 0.001, 20_000), "multinomial FISTA");
  }

  @Test
  void miniBatchesThresholdAfterEveryStep() {
    // Proximal stochastic gradient: exact zeros from the first epoch on, and with a decaying step
    // it settles near the optimum. Not at it: the batches' gradient noise keeps it hovering, so
    // the check is the acceptance threshold of a stochastic method (1 % of J), not the optimum's.
    Dataset d = TestData.gaussian(3, 12, 600, 1.0);
    L1Optimum best = L1Optimum.binary(d, 0.05, 0);
    assertTrue(best.nonZeroWeights() <= 8, "the optimum is sparse: " + best.nonZeroWeights());
    Solver sgd =
        Solver.gradientDescent()
            .learningRate(0.5)
            .batchSize(200)
            .schedule(LearningRateSchedule.inverseTime(0.05));
    TrainingResult r = fit(d, sgd, 0.05, 0, 300);
    double cost = best.costAt(theta(r));
    assertTrue(cost - best.cost <= 0.01 * best.cost, cost + " against " + best.cost);
    assertTrue(r.nonZeroWeights() < d.features(), "exact zeros: " + r.nonZeroWeights());
  }

  @Test
  void sampleWeightsAreInTheObjective() {
    Dataset d = TestData.gaussian(8, 8, 300, 1.0);
    float[] s = new float[d.examples()];
    java.util.Random random = new java.util.Random(2);
    for (int j = 0; j < s.length; j++) {
      s[j] = random.nextInt(4);
    }
    Dataset weighted = d.withSampleWeights(s);
    L1Optimum best = L1Optimum.binary(weighted, 0.02, 0.01);
    assertOptimal(best, fit(weighted, Solver.lbfgs(5), 0.02, 0.01, 1000), "sample weights");
  }

  @Test
  void standardizationPenalizesTheStandardizedWeights() {
    Dataset raw = BundledData.rawBreastCancer().data();
    Dataset standardized = Standardization.fit(raw).apply(raw);
    L1Optimum best = L1Optimum.binary(standardized, 0.01, 0);
    TrainingResult r =
        LogisticRegression.builder()
            .solver(Solver.lbfgs(10))
            .l1(0.01)
            .standardize(true)
            .maxIterations(1000)
            .build()
            .fit(raw);
    // The returned model scores raw features (w = v/scale): its zeros are the optimum's.
    for (int i = 0; i < raw.features(); i++) {
      assertEquals(best.isZero(i), r.model().weight(i) == 0, "weight " + i);
    }
    assertEquals(best.cost, r.finalCost(), COST_AT_OPTIMUM * best.cost);
  }

  @Test
  void aStrongPenaltyLeavesOnlyTheBias() {
    // Above λ_max = ‖∇f(0, b*)‖∞ every weight is 0 at the optimum, and the bias is the log-odds
    // of the labels.
    TrainingResult r = fit(CANCER, Solver.lbfgs(10), 10, 0, 100);
    assertEquals(0, r.nonZeroWeights());
    double positives = 0;
    for (int j = 0; j < CANCER.examples(); j++) {
      positives += CANCER.label(j);
    }
    double odds = positives / (CANCER.examples() - positives);
    assertEquals(Math.log(odds), r.model().bias(), 1e-6);
  }

  @Test
  void theGradientToleranceMeasuresThePseudoGradient() {
    TrainingResult r =
        LogisticRegression.builder()
            .solver(Solver.lbfgs(10))
            .l1(0.01)
            .gradientTolerance(1e-6)
            .maxIterations(1000)
            .build()
            .fit(CANCER);
    assertEquals(StopReason.GRADIENT_TOLERANCE, r.stopReason());
    assertTrue(r.finalGradientNorm() <= 1e-6);
    L1Optimum best = L1Optimum.binary(CANCER, 0.01, 0);
    // The float64 conditions at the float model: within the tolerance, plus the model's rounding
    // to float (2^−24 relative on weights of order 1, times ‖H‖ ≈ 3).
    assertTrue(best.kktViolationAt(theta(r)) < 1e-6 + 1e-6, "" + best.kktViolationAt(theta(r)));
  }

  @Test
  void fistaOptionsAreChecked() {
    Solver.GradientDescent fista = Solver.gradientDescent().fista(true);
    assertThrows(
        InvalidOptionException.class,
        () -> LogisticRegression.builder().solver(fista.momentum(0.5)).build());
    assertThrows(
        InvalidOptionException.class,
        () -> LogisticRegression.builder().solver(fista.batchSize(10)).build());
    assertThrows(InvalidOptionException.class, () -> LogisticRegression.builder().l1(-1));
    assertThrows(InvalidOptionException.class, () -> LogisticRegression.builder().l1(Double.NaN));
  }
}
