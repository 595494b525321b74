package io.vlogit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The multinomial model trained through the public API, against a float64 Newton optimum. */
class MultinomialTrainingTest {
  private static final Dataset DATA = TestData.classes(5, 6, 500, 4, 1.0);

  /**
   * J at the optimum, relative: the acceptance threshold. Derived for these runs: the
   * weights' part of J is λ-strongly convex, so J − J* ≤ ‖∇J‖²/(2λ) = 5e−13 at ‖∇J‖ ≤ 1e−7 and λ =
   * 0.01; rounding the model to float moves J by a second-order amount at the optimum.
   */
  private static final double COST_AT_OPTIMUM = 1e-6;

  /**
   * Weights and centred biases at the optimum, absolute (they are of order 1): ‖θ − θ*‖ ≤ ‖∇J‖/λ =
   * 1e−5 on the weights, plus float's rounding of the gradient's sums (2^−24 relative).
   */
  private static final double PARAMETERS_AT_OPTIMUM = 1e-4;

  private static TrainingResult lbfgs(Dataset data, double l2, LogisticRegression.Builder b) {
    return b.solver(Solver.lbfgs(10))
        .l2(l2)
        .gradientTolerance(1e-7)
        .maxIterations(1000)
        .build()
        .fit(data);
  }

  private static double relative(double a, double b) {
    return Math.abs(a - b) / Math.abs(b);
  }

  @Test
  void lbfgsReachesTheFloat64Optimum() {
    double l2 = 0.01;
    TrainingResult r = lbfgs(DATA, l2, LogisticRegression.builder());
    MultinomialModel model = r.multinomialModel();
    assertEquals(4, model.classes());
    assertEquals(List.of("0", "1", "2", "3"), model.classNames());
    double[] exact = SoftmaxNewton.solve(DATA, l2, null);
    double[] grad = new double[exact.length];
    double best = SoftmaxNewton.evaluate(DATA, exact, l2, null, grad, null);
    double mine = SoftmaxNewton.evaluate(DATA, SoftmaxNewton.theta(model), l2, null, grad, null);
    assertTrue(relative(mine, best) <= COST_AT_OPTIMUM, mine + " vs " + best);
    assertEquals(best, r.finalCost(), 1e-6 * best, "the reported cost is the model's");
    assertParametersClose(exact, SoftmaxNewton.theta(model), 6, 4);
  }

  /** Weights entry by entry; biases after removing their mean (the softmax ignores a shift). */
  private static void assertParametersClose(double[] exact, double[] mine, int n, int k) {
    for (int i = 0; i < k * n; i++) {
      assertEquals(exact[i], mine[i], PARAMETERS_AT_OPTIMUM, "weight entry " + i);
    }
    double meanExact = 0;
    double meanMine = 0;
    for (int c = 0; c < k; c++) {
      meanExact += exact[k * n + c] / k;
      meanMine += mine[k * n + c] / k;
    }
    for (int c = 0; c < k; c++) {
      assertEquals(
          exact[k * n + c] - meanExact,
          mine[k * n + c] - meanMine,
          PARAMETERS_AT_OPTIMUM,
          "bias " + c);
    }
  }

  /** The model's cost in float64 is within COST_AT_OPTIMUM of the Newton optimum's. */
  private static void assertAtOptimum(
      Dataset data, double l2, double[] classWeights, MultinomialModel model) {
    double[] exact = SoftmaxNewton.solve(data, l2, classWeights);
    double[] grad = new double[exact.length];
    double best = SoftmaxNewton.evaluate(data, exact, l2, classWeights, grad, null);
    double mine =
        SoftmaxNewton.evaluate(data, SoftmaxNewton.theta(model), l2, classWeights, grad, null);
    assertTrue(relative(mine, best) <= COST_AT_OPTIMUM, mine + " vs " + best);
  }

  @Test
  void standardizationFoldsEveryClassBack() {
    // Without L2 standardizing changes the path, not the optimum: the same J* as raw features.
    Dataset shifted = TestData.classes(8, 5, 400, 3, 3.0);
    TrainingResult r = lbfgs(shifted, 0, LogisticRegression.builder().standardize(true));
    assertAtOptimum(shifted, 0, null, r.multinomialModel());
  }

  @Test
  void classWeightsWeighTheirExamples() {
    double[] weights = {1, 3, 0.5, 2};
    TrainingResult r = lbfgs(DATA, 0.01, LogisticRegression.builder().classWeights(weights));
    assertAtOptimum(DATA, 0.01, weights, r.multinomialModel());
  }

  @Test
  void balancedIsTheExplicitWeightsOfTheCounts() {
    long[] counts = DATA.classCounts();
    double[] weights = new double[counts.length];
    for (int c = 0; c < counts.length; c++) {
      weights[c] = (float) (DATA.examples() / ((double) counts.length * counts[c]));
    }
    TrainingResult balanced =
        lbfgs(DATA, 0.01, LogisticRegression.builder().balancedClassWeights());
    TrainingResult explicit = lbfgs(DATA, 0.01, LogisticRegression.builder().classWeights(weights));
    assertEquals(explicit.multinomialModel(), balanced.multinomialModel());
  }

  @Test
  void anyThreadCountGivesTheSameBits() {
    Dataset big = TestData.classes(11, 7, 3000, 5, 1.0);
    LogisticRegression.Builder b = LogisticRegression.builder().maxIterations(30);
    MultinomialModel one = lbfgs(big, 0.001, b.threads(1)).multinomialModel();
    MultinomialModel three = lbfgs(big, 0.001, b.threads(3)).multinomialModel();
    assertEquals(one, three);
  }

  @Test
  void gradientDescentFamilyLowersTheCost() {
    double start = Math.log(4);
    for (Solver solver :
        List.of(
            Solver.gradientDescent().learningRate(0.5),
            Solver.gradientDescent().learningRate(0.1).momentum(0.9),
            Solver.gradientDescent().learningRate(0.1).momentum(0.9).nesterov(true),
            Solver.gradientDescent().learningRate(0.05).batchSize(32))) {
      TrainingResult r =
          LogisticRegression.builder().solver(solver).maxIterations(50).build().fit(DATA);
      double[] curve = r.costCurve();
      assertEquals(start, curve[0], 1e-6, solver + ": the cost of knowing nothing, log K");
      assertTrue(r.finalCost() < 0.9 * start, solver + ": " + r.finalCost());
    }
  }

  @Test
  void validationAndEarlyStopping() {
    TrainingResult r =
        LogisticRegression.builder()
            .solver(Solver.gradientDescent().learningRate(0.5))
            .maxIterations(200)
            .validationFraction(0.25)
            .patience(5)
            .build()
            .fit(DATA);
    double[] accuracy = r.validationAccuracyCurve();
    assertEquals(r.costCurve().length, accuracy.length);
    assertTrue(accuracy[accuracy.length - 1] > 0.4, "better than chance (0.25): " + accuracy[0]);
    assertTrue(r.validationCostCurve()[0] > r.validationCostCurve()[accuracy.length - 1]);
  }

  @Test
  void warmStartStartsAtTheModel() {
    MultinomialModel first = lbfgs(DATA, 0.01, LogisticRegression.builder()).multinomialModel();
    TrainingResult again = lbfgs(DATA, 0.01, LogisticRegression.builder().warmStart(first));
    double[] grad = new double[DATA.classes() * (DATA.features() + 1)];
    double at = SoftmaxNewton.evaluate(DATA, SoftmaxNewton.theta(first), 0.01, null, grad, null);
    assertEquals(at, again.costCurve()[0], 1e-6 * at);
    assertTrue(again.iterations() <= 3, "already at the optimum: " + again.iterations());
  }

  @Test
  void twoClassesTrainTheBinaryModelBitForBit() {
    Dataset binary = TestData.gaussian(3, 5, 300, 1.0);
    Dataset asTwoClasses = Dataset.wrap(TestData.features(binary), TestData.labels(binary), 5, 2);
    TrainingResult asTwo = lbfgs(asTwoClasses, 0.01, LogisticRegression.builder());
    TrainingResult asBinary = lbfgs(binary, 0.01, LogisticRegression.builder());
    assertEquals(asBinary.model(), asTwo.model());
    assertEquals(2, asTwo.classes());
    assertThrows(IllegalStateException.class, asTwo::multinomialModel);
  }

  @Test
  void badLabelsAndMismatchesAreNamed() {
    float[] x = new float[6];
    InvalidDataException e =
        assertThrows(
            InvalidDataException.class, () -> Dataset.wrap(x, new float[] {0, 2, 3}, 2, 3));
    assertEquals(2, e.example());
    assertTrue(e.getMessage().contains("0..2"), e.getMessage());
    assertThrows(InvalidDataException.class, () -> Dataset.wrap(x, new float[] {0, 1.5f, 1}, 2, 3));
    assertThrows(InvalidDataException.class, () -> Dataset.wrap(x, new float[] {0, -1, 1}, 2, 3));
    assertThrows(
        InvalidDataException.class,
        () -> Dataset.wrap(x, new float[] {0, 1, 2}, 2, 3).withClassNames(List.of("a", "b", "a")));

    InvalidDataException weights =
        assertThrows(
            InvalidDataException.class,
            () -> LogisticRegression.builder().classWeights(new double[] {1, 2}).build().fit(DATA));
    assertTrue(weights.getMessage().contains("2 class weights for 4 classes"));
    LogisticModel binary = new LogisticModel(new float[6], 0f);
    assertThrows(
        InvalidDataException.class,
        () -> LogisticRegression.builder().warmStart(binary).build().fit(DATA));
    Dataset otherClasses = TestData.classes(1, 6, 50, 3, 1.0);
    assertThrows(
        InvalidDataException.class,
        () -> LogisticRegression.builder().validation(otherClasses).build().fit(DATA));
  }

  @Test
  void classNamesReachTheModel() {
    List<String> names = List.of("cat", "dog", "eel", "fox");
    TrainingResult r =
        LogisticRegression.builder().maxIterations(3).build().fit(DATA.withClassNames(names));
    assertEquals(names, r.multinomialModel().classNames());
    assertEquals("eel", r.multinomialModel().className(2));
  }

  @Test
  void aSampleWeightOfTwoCountsAnExampleTwice() {
    Dataset small = TestData.classes(4, 3, 60, 3, 1.0);
    float[] x = new float[3 * 61];
    float[] y = new float[61];
    float[] s = new float[60];
    for (int j = 0; j < 60; j++) {
      small.copyExample(j, x, j * 3);
      y[j] = small.label(j);
      s[j] = j == 7 ? 2f : 1f;
    }
    small.copyExample(7, x, 60 * 3);
    y[60] = small.label(7);
    Dataset duplicated = Dataset.wrap(x, y, 3, 3);
    Dataset weighted = small.withSampleWeights(s);
    double[] a =
        SoftmaxNewton.theta(
            lbfgs(duplicated, 0.01, LogisticRegression.builder()).multinomialModel());
    double[] b =
        SoftmaxNewton.theta(lbfgs(weighted, 0.01, LogisticRegression.builder()).multinomialModel());
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], PARAMETERS_AT_OPTIMUM, "parameter " + i);
    }
  }
}
