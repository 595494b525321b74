package io.vlogit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.LogisticKernel;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code fitIntercept(false)}: the biases stay 0 and the weights are the optimum without them. */
class InterceptTest {
  /**
   * Labels drawn with a bias of 1.5 and features centred at 1, so that the optimum without an
   * intercept is far from the one with it (checked below: the test could not pass otherwise).
   */
  private static final Dataset DATA = shifted(31, 5, 600);

  /**
   * Weights at the optimum, relative to the largest. Derived as in TrainerOptionsTest: with b fixed
   * at 0, J is λ-strongly convex in w, so ‖w − w*‖ ≤ ‖∇J‖/λ = 1e−7/0.1 = 1e−6 for the runs here
   * (the float passes' rounding of the gradient adds less); the weights are of order 1.
   */
  private static final double WEIGHTS_AT_OPTIMUM = 1e-4;

  private static final LogisticKernel[] KERNELS = {Kernels.scalar(), Kernels.selected()};

  private static Dataset shifted(long seed, int n, int m) {
    Random r = new Random(seed);
    float[] x = new float[n * m];
    float[] y = new float[m];
    for (int j = 0; j < m; j++) {
      double z = 1.5;
      for (int i = 0; i < n; i++) {
        double g = r.nextGaussian();
        x[j * n + i] = (float) (1 + (i + 1) * g);
        z += (i % 2 == 0 ? 1 : -0.5) * g;
      }
      y[j] = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    }
    return Dataset.of(x, y, n);
  }

  @Test
  void theBiasIsZeroAndTheWeightsAreNewtonsOptimumWithoutAnIntercept() {
    double lambda = 0.1;
    NewtonSolver without = NewtonSolver.solve(DATA, lambda, false);
    NewtonSolver with = NewtonSolver.solve(DATA, lambda, true);
    assertEquals(0, without.b);
    float[] withWeights = new float[DATA.features()];
    for (int i = 0; i < withWeights.length; i++) {
      withWeights[i] = (float) with.w[i];
    }
    // Its weights with a bias of 0, so that only the weights' distance counts.
    assertTrue(
        NewtonSolver.relativeError(new LogisticModel(withWeights, 0f), without)
            > 100 * WEIGHTS_AT_OPTIMUM,
        "the optima with and without an intercept differ");
    for (LogisticKernel kernel : KERNELS) {
      for (Solver solver :
          new Solver[] {
            Solver.lbfgs(10),
            Solver.gradientDescent().learningRate(0.05).momentum(0.9).nesterov(true)
          }) {
        TrainingResult r =
            LogisticRegression.builder()
                .fitIntercept(false)
                .solver(solver)
                .kernel(kernel)
                .l2(lambda)
                .gradientTolerance(1e-7)
                .maxIterations(100_000)
                .build()
                .fit(DATA);
        String what = kernel.name() + ", " + solver;
        assertTrue(r.converged(), what + ": " + r);
        assertEquals(0f, r.model().bias(), what);
        // The bias is 0 in both, so this is the weights' distance.
        double error = NewtonSolver.relativeError(r.model(), without);
        assertTrue(error <= WEIGHTS_AT_OPTIMUM, what + ": relative error in w " + error);
        // J of the model, in double, within REPORTED_COST (TrainerOptionsTest) of what it reports.
        double j = NewtonSolver.cost(r.model(), DATA, lambda);
        assertEquals(j, r.finalCost(), 1e-6 * j, what + ": the reported cost is the model's");
      }
    }
  }

  /**
   * With standardization the features are only divided by their standard deviation: the optimum is
   * Newton's without an intercept on x/σ (the penalty applies to those weights), and the bias that
   * folding centred features back would give (−Σ w·mean) is not there.
   */
  @Test
  void standardizationWithoutAnInterceptOnlyScales() {
    int n = DATA.features();
    int m = DATA.examples();
    float[] x = TestData.features(DATA);
    Standardization st = Standardization.fit(DATA);
    float[] scaled = new float[x.length];
    for (int j = 0; j < m; j++) {
      for (int i = 0; i < n; i++) {
        scaled[j * n + i] = (float) (x[j * n + i] / st.scale(i));
      }
    }
    Dataset onScaled = Dataset.of(scaled, TestData.labels(DATA), n);
    double lambda = 0.05;
    NewtonSolver exact = NewtonSolver.solve(onScaled, lambda, false);
    for (LogisticKernel kernel : KERNELS) {
      TrainingResult r =
          LogisticRegression.builder()
              .fitIntercept(false)
              .standardize(true)
              .kernel(kernel)
              .l2(lambda)
              .gradientTolerance(1e-7)
              .maxIterations(10_000)
              .build()
              .fit(DATA);
      assertTrue(r.converged(), kernel.name() + ": " + r);
      assertEquals(0f, r.model().bias(), kernel.name());
      float[] one = new float[n];
      for (int j = 0; j < m; j++) {
        DATA.copyExample(j, one, 0);
        double z = 0;
        for (int i = 0; i < n; i++) {
          z += exact.w[i] * scaled[j * n + i];
        }
        // Weights of order 1 within 1e−6 (the strong convexity above, λ = 0.05: 2e−6), 5 scaled
        // features of |x/σ| ≤ 5: |Δz| ≤ 5·5·2e−6 plus the float model's rounding, 2^−24·Σ|w·x|.
        assertEquals(
            1 / (1 + Math.exp(-z)), r.model().probability(one), 1e-5, kernel.name() + ", " + j);
      }
    }
  }

  /**
   * The multinomial model: every class's bias stays 0, and the weights are where the gradient of
   * the softmax objective without biases, in double, vanishes.
   */
  @Test
  void multinomialBiasesStayZeroAtTheOptimumWithoutThem() {
    Dataset d = TestData.classes(32, 4, 500, 3, 1.0);
    float[] x = TestData.features(d);
    float[] y = TestData.labels(d);
    for (int j = 0; j < d.examples(); j++) {
      x[j * 4] += 2; // off centre, so that biases would matter
    }
    Dataset off = Dataset.wrap(x, y, 4, 3);
    double lambda = 0.1;
    for (LogisticKernel kernel : KERNELS) {
      TrainingResult r =
          LogisticRegression.builder()
              .fitIntercept(false)
              .kernel(kernel)
              .l2(lambda)
              .gradientTolerance(1e-7)
              .maxIterations(10_000)
              .build()
              .fit(off);
      assertTrue(r.converged(), kernel.name() + ": " + r);
      MultinomialModel model = r.multinomialModel();
      for (int c = 0; c < 3; c++) {
        assertEquals(0f, model.bias(c), kernel.name() + ", class " + c);
      }
      // The weights' entries of the gradient at (W, 0), in double (the biases' are not asked to
      // be 0 there).
      double[] grad = new double[3 * (4 + 1)];
      SoftmaxNewton.evaluate(off, SoftmaxNewton.theta(model), lambda, null, grad, null);
      double norm = SoftmaxNewton.norm(java.util.Arrays.copyOf(grad, 3 * 4));
      // The run stops at ‖∇J‖ ≤ 1e−7; rounding the weights to float moves the gradient by at most
      // (L + λ)·2^−24·‖W‖ with L ≤ max ‖x‖² ≈ 30 here and ‖W‖ of order 1: about 2e−6.
      assertTrue(norm <= 1e-5, kernel.name() + ": ‖∇J‖ of the weights " + norm);
    }
  }

  /**
   * The L1 path's λ_max without an intercept: every probability at w = 0 is σ(0) = 1/2, so λ_max =
   * max_i |Σ_j (1/2 − y_j)·x_ji| / m, not the class frequency's; the first fit has no weight.
   */
  @Test
  void theL1PathStartsWhereEveryWeightIsZeroWithoutAnIntercept() {
    int n = DATA.features();
    float[] x = TestData.features(DATA);
    double[] sums = new double[n];
    for (int j = 0; j < DATA.examples(); j++) {
      for (int i = 0; i < n; i++) {
        sums[i] += (0.5 - DATA.label(j)) * x[j * n + i];
      }
    }
    double max = 0;
    for (double s : sums) {
      max = Math.max(max, Math.abs(s) / DATA.examples());
    }
    RegularizationPath path =
        LogisticRegression.builder().fitIntercept(false).build().fitPath(DATA, 4);
    // Both are sums of m products in double, in the same order: they differ by a rounding or so.
    assertEquals(max, path.l1Max(), 1e-12 * max);
    assertEquals(0, path.steps().get(0).nonZeroWeights());
    assertTrue(path.last().nonZeroWeights() > 0);
    for (RegularizationPath.Step step : path.steps()) {
      assertEquals(0f, step.result().model().bias());
    }
    double withIntercept = LogisticRegression.builder().build().fitPath(DATA, 2).l1Max();
    assertTrue(Math.abs(withIntercept - max) > 0.01 * max, "the intercept's λ_max differs");
  }

  /** A warm start must have the biases a model without an intercept has: 0. */
  @Test
  void aWarmStartWithABiasIsRefusedAndOneWithoutContinues() {
    LogisticModel withBias = new LogisticModel(new float[] {1, 2, 3, 4, 5}, 0.25f);
    InvalidOptionException e =
        assertThrows(
            InvalidOptionException.class,
            () -> LogisticRegression.builder().fitIntercept(false).warmStart(withBias).build());
    assertTrue(e.getMessage().contains("(got a model with bias 0.25)"), e.getMessage());
    assertTrue(e.getMessage().startsWith("warmStart cannot start a fit without"), e.getMessage());

    LogisticRegression.Builder trainer =
        LogisticRegression.builder().fitIntercept(false).l2(0.1).kernel(Kernels.scalar());
    TrainingResult half = trainer.maxIterations(5).build().fit(DATA);
    TrainingResult continued = trainer.maxIterations(5).warmStart(half.model()).build().fit(DATA);
    assertEquals(0f, continued.model().bias());
    assertTrue(continued.finalCost() < half.finalCost(), continued + " after " + half);
  }
}
