package io.vlogit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.LogisticKernel;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class TrainerOptionsTest {
  private static final Dataset DATA = TestData.gaussian(17, 6, 400, 1.0);

  /**
   * Parameters at the L2 optimum, relative to the largest. Derived: J is λ-strongly convex, so ‖θ −
   * θ*‖ ≤ ‖∇J(θ)‖/λ; the runs stop at ‖∇J‖ ≤ 1e−6 with λ ≥ 0.01 (1e−4 at most; at λ = 0.1, 1e−5),
   * and the float passes' own rounding of the gradient (below 2^−24·Σ|s·dz·x|/Σs, 1e−7 here) adds
   * less than that. The parameters here are of order 1.
   */
  private static final double PARAMETERS_AT_OPTIMUM = 1e-4;

  /**
   * J at the optimum, relative. Derived: J − J* ≤ ‖∇J‖²/(2λ), 5e−11 for the runs here, far below;
   * this also bounds the float rounding of the model's weights (2^−24 each, a change of J second
   * order at the optimum).
   */
  private static final double COST_AT_OPTIMUM = 1e-6;

  /**
   * The cost a run reports against the same model's cost in float64, relative. Acceptance
   * threshold: the vector kernel sums the loss in float over at most 256 examples before double
   * (ErrorBound: γ(k)·Σ|loss| with k ≈ 256 + log2 L, up to 1.6e−5 in the worst case); rounding
   * errors of random sign grow like √k·2^−24 ≈ 1e−6, which is what is accepted here.
   */
  private static final double REPORTED_COST = 1e-6;

  /** With L2 > 0 the optimum is unique; run to tolerance, the trainer reaches Newton's. */
  @Test
  void l2OptimumMatchesAFloat64NewtonSolver() {
    double lambda = 0.1;
    NewtonSolver exact = NewtonSolver.solve(DATA, lambda);
    for (LogisticKernel kernel : new LogisticKernel[] {Kernels.scalar(), Kernels.selected()}) {
      TrainingResult r =
          LogisticRegression.builder()
              .solver(Solver.gradientDescent().learningRate(0.5).momentum(0.9).nesterov(true))
              .kernel(kernel)
              .l2(lambda)
              .gradientTolerance(1e-8)
              .maxIterations(100_000)
              .build()
              .fit(DATA);
      assertEquals(StopReason.GRADIENT_TOLERANCE, r.stopReason());
      assertNewtonOptimum(r, exact, lambda, kernel.name());
    }
  }

  /** Converged to Newton's optimum, and the reported cost is the model's (bounds above). */
  private static void assertNewtonOptimum(
      TrainingResult r, NewtonSolver exact, double lambda, String kernel) {
    assertTrue(r.converged(), kernel + ": " + r);
    double error = NewtonSolver.relativeError(r.model(), exact);
    assertTrue(error <= PARAMETERS_AT_OPTIMUM, kernel + ": relative error in w " + error);
    double j = NewtonSolver.cost(r.model(), DATA, lambda);
    assertTrue(
        Math.abs(j - exact.cost) / exact.cost <= COST_AT_OPTIMUM,
        kernel + ": J " + j + " vs " + exact.cost);
    assertEquals(j, r.finalCost(), REPORTED_COST * j, "the reported final cost is the model's");
  }

  @Test
  void lbfgsReachesTheNewtonOptimumInFewIterations() {
    double lambda = 0.1;
    NewtonSolver exact = NewtonSolver.solve(DATA, lambda);
    for (LogisticKernel kernel : new LogisticKernel[] {Kernels.scalar(), Kernels.selected()}) {
      // Tolerance 1e-6: the float weights of each pass floor the gradient norm at a few 1e-8 here.
      TrainingResult r =
          LogisticRegression.builder()
              .solver(Solver.lbfgs(10))
              .kernel(kernel)
              .l2(lambda)
              .gradientTolerance(1e-6)
              .maxIterations(1000)
              .build()
              .fit(DATA);
      assertNewtonOptimum(r, exact, lambda, kernel.name());
      assertTrue(r.iterations() <= 30, kernel.name() + ": " + r.iterations() + " iterations");
      double[] curve = r.costCurve();
      for (int k = 1; k < curve.length; k++) {
        // Decreases, or (approximate Wolfe, whose ε is 1e−6) rises within the float passes'
        // rounding, which that condition accepts.
        assertTrue(
            curve[k] <= curve[k - 1] + REPORTED_COST * curve[k - 1],
            "epoch " + k + ": " + curve[k - 1] + " to " + curve[k]);
      }
    }
  }

  @Test
  void lbfgsStopsWithoutProgressAtFloatPrecision() {
    // A tolerance far below what float passes can resolve: the line search runs out of decrease.
    TrainingResult r =
        LogisticRegression.builder()
            .solver(Solver.lbfgs(5))
            .l2(0.1)
            .gradientTolerance(1e-300)
            .maxIterations(10_000)
            .build()
            .fit(DATA);
    assertEquals(StopReason.NO_PROGRESS, r.stopReason(), r.toString());
    assertTrue(r.iterations() < 10_000);
    NewtonSolver exact = NewtonSolver.solve(DATA, 0.1);
    assertTrue(
        NewtonSolver.relativeError(r.model(), exact) <= PARAMETERS_AT_OPTIMUM,
        "still the optimum: " + NewtonSolver.relativeError(r.model(), exact));
    assertEquals(
        NewtonSolver.cost(r.model(), DATA, 0.1), r.finalCost(), REPORTED_COST * r.finalCost());
  }

  @Test
  void standardizedTrainingReachesTheSameOptimumOnBadlyScaledData() {
    // Features with means far from 0 and scales from 1e-3 to 1e3: plain gradient descent crawls,
    // standardized training converges; the L2 penalty is on the standardized weights there, so
    // compare against Newton on explicitly standardized data.
    float[] x = new float[4 * 300];
    float[] y = new float[300];
    java.util.Random r = new java.util.Random(3);
    double[] scales = {1e-3, 1, 50, 1e3};
    double[] shifts = {5, -2, 300, 1e4};
    for (int j = 0; j < 300; j++) {
      double z = 0;
      for (int i = 0; i < 4; i++) {
        double g = r.nextGaussian();
        x[4 * j + i] = (float) (shifts[i] + scales[i] * g);
        z += (i % 2 == 0 ? 1 : -1) * g;
      }
      y[j] = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    }
    Dataset raw = Dataset.of(x, y, 4);
    Standardization st = Standardization.fit(raw);
    Dataset standard = st.apply(raw);
    double lambda = 0.01;
    NewtonSolver exact = NewtonSolver.solve(standard, lambda);
    // Tolerance 1e-7: each pass reads the weights rounded to float, which puts a floor of about
    // L·2^−24·‖v‖ (a few 1e−9 here) under the gradient's norm.
    TrainingResult fit =
        LogisticRegression.builder()
            .solver(Solver.gradientDescent().learningRate(1).momentum(0.9).nesterov(true))
            .kernel(Kernels.scalar())
            .standardize(true)
            .l2(lambda)
            .gradientTolerance(1e-7)
            .maxIterations(50_000)
            .build()
            .fit(raw);
    assertTrue(fit.converged(), fit.toString());
    // Scores raw features like Newton's model scores standardized ones.
    float[] one = new float[4];
    float[] scaled = new float[4];
    for (int j = 0; j < 300; j++) {
      raw.copyExample(j, one, 0);
      standard.copyExample(j, scaled, 0);
      double z = exact.b;
      for (int i = 0; i < 4; i++) {
        z += exact.w[i] * scaled[i];
      }
      // Parameters of order 1 within PARAMETERS_AT_OPTIMUM, 4 standardized features of |x| ≤ 4:
      // |Δz| ≤ (1 + 4·4)·1e−4, and σ' ≤ 1/4 makes that 4.25e−4 on the probability.
      assertEquals(1 / (1 + Math.exp(-z)), fit.model().probability(one), 5e-4, "example " + j);
    }
  }

  @Test
  void aConstantFeatureIsHandledWhenStandardizing() {
    float[] x = new float[2 * 50];
    float[] y = new float[50];
    for (int j = 0; j < 50; j++) {
      x[2 * j] = 7f; // constant
      x[2 * j + 1] = j % 10 - 4.5f;
      y[j] = j % 10 >= 5 ? 1 : 0;
    }
    LogisticModel m =
        LogisticRegression.builder()
            .standardize(true)
            .maxIterations(50)
            .build()
            .fit(Dataset.of(x, y, 2))
            .model();
    assertTrue(Float.isFinite(m.weight(0)) && Float.isFinite(m.bias()));
    assertEquals(0f, m.weight(0), 1e-6f, "a constant feature carries no signal");
  }

  @Test
  void weightsOfOneEqualNoWeights() {
    float[] ones = new float[DATA.examples()];
    java.util.Arrays.fill(ones, 1f);
    LogisticRegression gd = LogisticRegression.builder().maxIterations(60).build();
    assertEquals(gd.fit(DATA).model(), gd.fit(DATA.withSampleWeights(ones)).model());
    LogisticRegression mini =
        LogisticRegression.builder()
            .solver(Solver.gradientDescent().batchSize(32))
            .maxIterations(10)
            .seed(5)
            .build();
    assertEquals(mini.fit(DATA).model(), mini.fit(DATA.withSampleWeights(ones)).model());
  }

  /**
   * Counting an example twice by duplicating it or by giving it weight 2 is the same objective.
   * With the scalar kernel the sums are in double and differ only in order (relative 1e−14), so the
   * float models differ by at most one rounding each: 2 ulp.
   */
  @Test
  void duplicatingAnExampleEqualsWeightTwo() {
    int m = DATA.examples();
    int n = DATA.features();
    float[] x = new float[n * (m + 1)];
    float[] y = new float[m + 1];
    float[] w = new float[m];
    java.util.Arrays.fill(w, 1f);
    w[7] = 2f;
    for (int j = 0; j < m; j++) {
      DATA.copyExample(j, x, j * n);
      y[j] = DATA.label(j);
    }
    DATA.copyExample(7, x, m * n);
    y[m] = DATA.label(7);
    LogisticRegression gd =
        LogisticRegression.builder()
            .solver(Solver.gradientDescent().learningRate(0.3))
            .kernel(Kernels.scalar())
            .maxIterations(200)
            .build();
    LogisticModel duplicated = gd.fit(Dataset.of(x, y, n)).model();
    LogisticModel weighted = gd.fit(DATA.withSampleWeights(w)).model();
    for (int i = 0; i < n; i++) {
      assertEquals(
          duplicated.weight(i),
          weighted.weight(i),
          2 * Math.ulp(duplicated.weight(i)),
          "weight " + i);
    }
    assertEquals(duplicated.bias(), weighted.bias(), 2 * Math.ulp(duplicated.bias()));
  }

  @Test
  void balancedClassWeightsMoveTheBoundaryTowardTheRareClass() {
    // 9:1 imbalance: positives are rare. Unweighted, the model predicts them rarely.
    java.util.Random r = new java.util.Random(11);
    int m = 2000;
    float[] x = new float[2 * m];
    float[] y = new float[m];
    for (int j = 0; j < m; j++) {
      boolean positive = j % 10 == 0;
      y[j] = positive ? 1 : 0;
      x[2 * j] = (float) (r.nextGaussian() + (positive ? 1.0 : 0.0));
      x[2 * j + 1] = (float) r.nextGaussian();
    }
    Dataset d = Dataset.of(x, y, 2);
    LogisticRegression.Builder base =
        LogisticRegression.builder()
            .solver(Solver.gradientDescent().learningRate(0.5))
            .maxIterations(2000);
    LogisticModel plain = base.build().fit(d).model();
    LogisticModel balanced = base.balancedClassWeights().build().fit(d).model();
    int plainPositive = 0;
    int balancedPositive = 0;
    int recalledPlain = 0;
    int recalledBalanced = 0;
    float[] one = new float[2];
    for (int j = 0; j < m; j++) {
      d.copyExample(j, one, 0);
      boolean p1 = plain.logit(one) >= 0;
      boolean p2 = balanced.logit(one) >= 0;
      plainPositive += p1 ? 1 : 0;
      balancedPositive += p2 ? 1 : 0;
      recalledPlain += p1 && y[j] == 1 ? 1 : 0;
      recalledBalanced += p2 && y[j] == 1 ? 1 : 0;
    }
    assertTrue(
        balanced.bias() > plain.bias() + 1,
        "the bias rises: " + plain.bias() + " → " + balanced.bias());
    assertTrue(
        balancedPositive > 5 * Math.max(1, plainPositive),
        plainPositive + " → " + balancedPositive + " predicted positive");
    assertTrue(
        recalledBalanced > 2 * recalledPlain,
        "recall of the rare class: " + recalledPlain + " → " + recalledBalanced);
    // Explicit weights equal to the balanced ones give the same model.
    LogisticModel explicit =
        base.classWeights(2000 / (2.0 * 1800), 2000 / (2.0 * 200)).build().fit(d).model();
    assertEquals(balanced, explicit);
  }

  @Test
  void theModelIsBitwiseTheSameForAnyThreadCount() throws Exception {
    Dataset d = TestData.gaussian(23, 20, 5000, 1.0);
    for (LogisticRegression.Builder b :
        new LogisticRegression.Builder[] {
          LogisticRegression.builder().maxIterations(30),
          LogisticRegression.builder()
              .solver(Solver.gradientDescent().batchSize(700).momentum(0.5))
              .maxIterations(5)
              .seed(9),
          LogisticRegression.builder()
              .maxIterations(20)
              .validationFraction(0.2)
              .standardize(true)
              .l2(0.01),
          LogisticRegression.builder().solver(Solver.lbfgs(4)).maxIterations(15).l2(0.01)
        }) {
      TrainingResult one = b.threads(1).build().fit(d);
      for (int threads : new int[] {2, 3, 8}) {
        TrainingResult many = b.threads(threads).build().fit(d);
        assertEquals(one.model(), many.model(), threads + " threads");
        assertArrayEquals(one.costCurve(), many.costCurve(), threads + " threads");
      }
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        assertEquals(
            one.model(), b.threads(4).executor(pool).build().fit(d).model(), "on an executor");
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void theSeedDecidesTheShuffles() {
    LogisticRegression.Builder b =
        LogisticRegression.builder()
            .solver(Solver.gradientDescent().batchSize(50))
            .maxIterations(3);
    LogisticModel a = b.seed(1).build().fit(DATA).model();
    assertEquals(a, b.seed(1).build().fit(DATA).model(), "same seed, same model");
    assertNotEquals(a, b.seed(2).build().fit(DATA).model(), "another seed, other shuffles");
  }

  @Test
  void interruptionStopsAtTheEndOfTheEpochWithACompleteModel() {
    TrainingResult r =
        LogisticRegression.builder()
            .maxIterations(1000)
            .listener(
                s -> {
                  if (s.iteration() == 3) {
                    Thread.currentThread().interrupt();
                  }
                  return true;
                })
            .build()
            .fit(DATA);
    assertTrue(Thread.interrupted(), "the interrupt flag is set again");
    assertEquals(StopReason.INTERRUPTED, r.stopReason());
    assertEquals(3, r.iterations());
    assertFalse(r.converged());
    assertEquals(
        LogisticRegression.builder().maxIterations(3).build().fit(DATA).model(), r.model());
  }

  @Test
  void aListenerStopReturnsACompleteModel() {
    TrainingResult r =
        LogisticRegression.builder()
            .solver(Solver.gradientDescent().batchSize(64))
            .maxIterations(1000)
            .listener(s -> s.iteration() < 4)
            .build()
            .fit(DATA);
    assertEquals(StopReason.LISTENER, r.stopReason());
    assertEquals(4, r.iterations());
    assertTrue(Double.isFinite(r.finalCost()));
    assertEquals(5, r.costCurve().length);
  }

  @Test
  void earlyStoppingKeepsTheBestModel() {
    // Few examples, many features, no penalty: the validation cost turns up while training goes on.
    Dataset d = TestData.gaussian(4, 40, 120, 1.0);
    TrainingResult r =
        LogisticRegression.builder()
            .solver(Solver.gradientDescent().learningRate(1))
            .maxIterations(5000)
            .validationFraction(0.3)
            .patience(20)
            .build()
            .fit(d);
    assertEquals(StopReason.EARLY_STOPPING, r.stopReason());
    double[] val = r.validationCostCurve();
    int best = 0;
    for (int t = 1; t < val.length; t++) {
      best = val[t] < val[best] ? t : best;
    }
    assertEquals(best, r.bestIteration());
    assertEquals(val.length - 1 - 20, best, "stopped 20 epochs after the best");
    // The model returned is the best epoch's: retraining exactly that many epochs gives it.
    LogisticModel again =
        LogisticRegression.builder()
            .solver(Solver.gradientDescent().learningRate(1))
            .maxIterations(best)
            .validationFraction(0.3)
            .build()
            .fit(d)
            .model();
    assertEquals(again, r.model());
  }

  @Test
  void aGivenValidationDatasetIsEvaluatedEveryEpoch() {
    Dataset valid = TestData.gaussian(99, 6, 100, 1.0);
    TrainingResult r =
        LogisticRegression.builder().maxIterations(10).validation(valid).build().fit(DATA);
    assertEquals(11, r.validationCostCurve().length);
    // The same logits by the same kernel, the losses summed in double in the same order: equal.
    assertEquals(Metrics.evaluate(r.model(), valid).logLoss(), r.validationCostCurve()[10]);
    assertEquals(Metrics.evaluate(r.model(), valid).accuracy(), r.validationAccuracyCurve()[10]);
  }

  @Test
  void costToleranceAndTimeLimitStop() {
    TrainingResult r =
        LogisticRegression.builder().maxIterations(100_000).costTolerance(1e-6).build().fit(DATA);
    assertEquals(StopReason.COST_TOLERANCE, r.stopReason());
    assertTrue(r.converged());
    double[] c = r.costCurve();
    assertTrue(Math.abs(c[c.length - 1] - c[c.length - 2]) <= 1e-6 * c[c.length - 1]);
    TrainingResult timed =
        LogisticRegression.builder()
            .solver(Solver.gradientDescent().learningRate(0.01))
            .maxIterations(Integer.MAX_VALUE)
            .maxTime(Duration.ofMillis(200))
            .build()
            .fit(DATA);
    assertEquals(StopReason.MAX_TIME, timed.stopReason());
  }

  @Test
  void warmStartContinuesFromAModel() {
    TrainingResult first = LogisticRegression.builder().maxIterations(50).build().fit(DATA);
    TrainingResult more =
        LogisticRegression.builder().maxIterations(50).warmStart(first.model()).build().fit(DATA);
    TrainingResult straight = LogisticRegression.builder().maxIterations(100).build().fit(DATA);
    // The warm start is the first run's model rounded to float, which the first run's last pass
    // also
    // read: the same cost. Continuing from it is the straight run but for that rounding of the
    // double parameters to float (2^−24 relative, times the gradient: far below REPORTED_COST).
    assertEquals(first.finalCost(), more.costCurve()[0], REPORTED_COST * first.finalCost());
    assertEquals(straight.finalCost(), more.finalCost(), REPORTED_COST * straight.finalCost());
    assertThrows(
        DimensionMismatchException.class,
        () ->
            LogisticRegression.builder()
                .warmStart(new LogisticModel(new float[3], 0))
                .build()
                .fit(DATA));
  }

  @Test
  void schedulesChangeTheRatePerEpoch() {
    java.util.List<Double> rates = new java.util.ArrayList<>();
    LogisticRegression.builder()
        .solver(
            Solver.gradientDescent().learningRate(0.8).schedule(LearningRateSchedule.step(2, 0.5)))
        .maxIterations(6)
        .listener(s -> rates.add(s.learningRate()))
        .build()
        .fit(DATA);
    assertEquals(java.util.List.of(0.8, 0.8, 0.4, 0.4, 0.2, 0.2, 0.1), rates);
    assertEquals(0.4, LearningRateSchedule.inverseTime(0.5).rate(0.8, 2), 1e-15);
  }

  @Test
  void badOptionsAreRefusedByName() {
    assertEquals(
        "l2",
        assertThrows(InvalidOptionException.class, () -> LogisticRegression.builder().l2(-1))
            .option());
    assertEquals(
        "batchSize",
        assertThrows(
                InvalidOptionException.class,
                () -> LogisticRegression.builder().solver(Solver.gradientDescent().batchSize(0)))
            .option());
    assertEquals(
        "validationFraction",
        assertThrows(
                InvalidOptionException.class,
                () -> LogisticRegression.builder().validationFraction(1))
            .option());
    assertThrows(
        InvalidOptionException.class, () -> LogisticRegression.builder().validationFraction(0));
    assertThrows(
        InvalidOptionException.class,
        () -> LogisticRegression.builder().validationFraction(Double.NaN));
    InvalidOptionException patience =
        assertThrows(
            InvalidOptionException.class, () -> LogisticRegression.builder().patience(5).build());
    assertTrue(patience.getMessage().contains("needs validation"), patience.getMessage());
    assertThrows(
        InvalidOptionException.class,
        () -> LogisticRegression.builder().solver(Solver.gradientDescent().nesterov(true)).build());
    assertThrows(
        InvalidOptionException.class,
        () -> LogisticRegression.builder().solver(Solver.gradientDescent().momentum(1)));
    assertThrows(InvalidOptionException.class, () -> LogisticRegression.builder().threads(0));
    assertThrows(
        InvalidOptionException.class, () -> LogisticRegression.builder().classWeights(-1, 1));
    assertThrows(
        InvalidOptionException.class,
        () -> LogisticRegression.builder().gradientTolerance(Double.NaN));
    assertThrows(InvalidOptionException.class, () -> LearningRateSchedule.step(0, 0.5));
    assertEquals(
        "lbfgs",
        assertThrows(
                InvalidOptionException.class,
                () -> LogisticRegression.builder().solver(Solver.lbfgs(-1)))
            .option());
    assertEquals(
        "lbfgs", assertThrows(InvalidOptionException.class, () -> Solver.lbfgs(0)).option());
    assertEquals(
        "maxIterations",
        assertThrows(
                InvalidOptionException.class, () -> LogisticRegression.builder().maxIterations(-1))
            .option());
    // L-BFGS cannot be given a learning rate, a batch size, momentum or a schedule: those are
    // options of Solver.GradientDescent, which an L-BFGS solver does not have.
    float[] nan = new float[DATA.examples()];
    nan[3] = Float.NaN;
    InvalidDataException weights =
        assertThrows(InvalidDataException.class, () -> DATA.withSampleWeights(nan));
    assertEquals(3, weights.example());
    assertThrows(
        InvalidDataException.class, () -> DATA.withSampleWeights(new float[DATA.examples()]));
    assertThrows(InvalidDataException.class, () -> DATA.withSampleWeights(new float[3]));
    float[] negative = new float[DATA.examples()];
    java.util.Arrays.fill(negative, 1f);
    negative[0] = -1f;
    assertThrows(InvalidDataException.class, () -> DATA.withSampleWeights(negative));
  }
}
