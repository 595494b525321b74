package io.vlogit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.testing.OptimumDistance;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Training on summed examples ({@link LogisticRegression#fit(SummedExamples)}) is training on the
 * sums of {@link PassSums}: with the whole dataset as one part it is the in-memory fit, bit for
 * bit; with parts added in order it reaches the same optimum; it refuses what needs the examples at
 * hand. Runs on whichever kernel this JVM has (the suite runs on both).
 */
class SummedExamplesTest {
  private static final Dataset BINARY = weighted(TestData.gaussian(21, 9, 1300, 1.5));
  private static final Dataset CLASSES = TestData.classes(22, 6, 900, 4, 1.0);

  private static Dataset weighted(Dataset d) {
    float[] s = new float[d.examples()];
    for (int j = 0; j < s.length; j++) {
      s[j] = 0.25f + (j % 4) * 0.5f;
    }
    return d.withSampleWeights(s);
  }

  /** The dataset as parts of {@code per} examples, summed in order, as a cluster would. */
  private static class Parts implements SummedExamples {
    final List<Dataset> parts = new ArrayList<>();
    final Dataset whole;
    int passes;

    Parts(Dataset whole, int per) {
      this.whole = whole;
      for (int j = 0; j < whole.examples(); j += per) {
        parts.add(whole.range(j, Math.min(whole.examples(), j + per)));
      }
    }

    @Override
    public int features() {
      return whole.features();
    }

    @Override
    public int classes() {
      return whole.classes();
    }

    @Override
    public long examples() {
      return whole.examples();
    }

    @Override
    public double weightSum() {
      double sum = 0;
      for (int j = 0; j < whole.examples(); j++) {
        sum += whole.sampleWeight(j);
      }
      return sum;
    }

    @Override
    public PassSums sums(float[] weights, float[] biases, boolean withLoss) {
      passes++;
      PassSums total = PassSums.zero(features(), classes());
      for (Dataset part : parts) {
        // Each part summed on its own, as a partition is, then added in order.
        total.add(PassSums.zero(features(), classes()).add(part, weights, biases, withLoss));
      }
      return total;
    }

    @Override
    public String description() {
      return parts.size() + " parts";
    }
  }

  private static LogisticRegression.Builder lbfgs() {
    return LogisticRegression.builder()
        .solver(Solver.lbfgs(7))
        .l2(0.02)
        .maxIterations(200)
        .gradientTolerance(1e-7);
  }

  @Test
  void oneWholePartIsTheInMemoryFitBitForBit() {
    TrainingResult memory = lbfgs().build().fit(BINARY);
    Parts one = new Parts(BINARY, BINARY.examples());
    TrainingResult summed = lbfgs().build().fit(one);
    assertArrayEquals(memory.model().weights(), summed.model().weights());
    assertEquals(memory.model().bias(), summed.model().bias());
    assertEquals(memory.iterations(), summed.iterations());
    assertArrayEquals(memory.costCurve(), summed.costCurve());
    assertTrue(one.passes >= summed.iterations(), "one pass of the source per evaluation");

    TrainingResult softmaxMemory = lbfgs().build().fit(CLASSES);
    TrainingResult softmaxSummed = lbfgs().build().fit(new Parts(CLASSES, CLASSES.examples()));
    MultinomialModel a = softmaxMemory.multinomialModel();
    MultinomialModel b = softmaxSummed.multinomialModel();
    for (int c = 0; c < a.classes(); c++) {
      assertArrayEquals(a.weights()[c], b.weights()[c], "class " + c);
    }
    assertArrayEquals(a.biases(), b.biases());
  }

  /**
   * Parts summed apart round differently from one pass, so the two fits stop at different points
   * near the optimum: they must be as close as {@link OptimumDistance#bound} (derived there from
   * the curvature of the objective between them and its gradients at them, in double) allows.
   */
  @Test
  void partsAddedInOrderReachTheSameOptimum() {
    double l2 = 0.02;
    LogisticModel memory = lbfgs().build().fit(BINARY).model();
    LogisticModel summed = lbfgs().build().fit(new Parts(BINARY, 97)).model();
    float[] w1 = memory.weights();
    float[] w2 = summed.weights();
    double[] lambda = OptimumDistance.uniform(BINARY.features(), l2);
    double bound = OptimumDistance.bound(BINARY, lambda, w1, memory.bias(), w2, summed.bias());
    double distance = OptimumDistance.distance(w1, memory.bias(), w2, summed.bias());
    assertTrue(distance <= bound, distance + " > " + bound);
    assertTrue(bound < 1e-3, "both fits are near the optimum: the bound is " + bound);
  }

  /**
   * Without an intercept the bias stays exactly 0 and the weights are the optimum of the model
   * without one: the weights' gradient at (w, 0), in double, is as small as a fit to the tolerance
   * leaves it (the bias's own entry is not 0 there, and not asked to be).
   */
  @Test
  void withoutAnInterceptTheBiasStaysZero() {
    Parts source =
        new Parts(BINARY, 100) {
          @Override
          public boolean intercept() {
            return false;
          }
        };
    LogisticModel model = lbfgs().build().fit(source).model();
    assertEquals(0f, model.bias());
    double[] g =
        OptimumDistance.gradient(
            BINARY, OptimumDistance.uniform(BINARY.features(), 0.02), model.weights(), 0);
    double weightsNorm = OptimumDistance.norm(java.util.Arrays.copyOf(g, BINARY.features()));
    assertTrue(weightsNorm < 1e-5, "the weights' gradient norm is " + weightsNorm);
    assertTrue(
        Math.abs(g[BINARY.features()]) > 1e-3, "the data want a bias: " + g[BINARY.features()]);
    assertThrows(
        InvalidOptionException.class,
        () -> lbfgs().warmStart(model).build().fit(source),
        "a warm start's bias would stay where it is");
    // The trainer's option does the same to a source that has an intercept.
    LogisticModel byOption =
        lbfgs().fitIntercept(false).build().fit(new Parts(BINARY, 100)).model();
    assertEquals(0f, byOption.bias());
    assertArrayEquals(model.weights(), byOption.weights());
  }

  @Test
  void theSumsOfPartsAreTheSumsOfTheWholeUpToRounding() {
    float[] w = new float[BINARY.features()];
    for (int i = 0; i < w.length; i++) {
      w[i] = 0.3f * (i % 3) - 0.2f;
    }
    float[] b = {0.1f};
    PassSums whole = PassSums.zero(w.length, 2).add(BINARY, w, b, true);
    PassSums parts = new Parts(BINARY, 50).sums(w, b, true);
    assertEquals(BINARY.examples(), whole.examples());
    assertEquals(whole.examples(), parts.examples());
    // The same terms, grouped differently: the kernels add at most FLUSH = 256 terms in float
    // before a partial sum goes into double, so each grouping errs by at most 256·2⁻²⁴ times the
    // sum of the terms' magnitudes, and the two by twice that. The loss's terms are positive (their
    // sum is the loss); the bias's, s·(p − y), are at most s in magnitude.
    double flush = 2 * 256 * 0x1p-24;
    assertEquals(whole.loss(), parts.loss(), flush * whole.loss());
    assertEquals(
        whole.biasGradient(0), parts.biasGradient(0), flush * new Parts(BINARY, 1).weightSum());
    PassSums noLoss = PassSums.zero(w.length, 2).add(BINARY, w, b, false);
    assertTrue(Double.isNaN(noLoss.loss()), "no loss asked, none given");
    assertEquals(whole.gradient(3), noLoss.gradient(3), "the gradient's bits do not need the loss");
  }

  /**
   * A dataset held in blocks, and a view of one, sum to the one-array bits (the kernels cut a pass
   * at the same flush points whatever the arrays), and so does every later pass over it, which
   * reuses what the first one made of the dataset.
   */
  @Test
  void blocksSumToTheOneArrayBitsAtEveryPass() {
    float[] w = new float[BINARY.features()];
    for (int i = 0; i < w.length; i++) {
      w[i] = 0.25f * (i % 5) - 0.5f;
    }
    float[] b = {-0.2f};
    Dataset blocked = BINARY.inBlocks(100);
    Dataset view = blocked.range(313, 1207);
    for (int pass = 0; pass < 3; pass++) {
      float[] moved = w.clone();
      moved[pass] += 0.125f; // a different model at each pass, as a solver's
      assertSameSums(
          PassSums.zero(w.length, 2).add(BINARY, moved, b, true),
          PassSums.zero(w.length, 2).add(blocked, moved, b, true));
      assertSameSums(
          PassSums.zero(w.length, 2).add(BINARY.range(313, 1207), moved, b, true),
          PassSums.zero(w.length, 2).add(view, moved, b, true));
    }
  }

  private static void assertSameSums(PassSums expected, PassSums actual) {
    assertEquals(expected.examples(), actual.examples());
    assertEquals(expected.loss(), actual.loss());
    assertEquals(expected.biasGradient(0), actual.biasGradient(0));
    for (int i = 0; i < BINARY.features(); i++) {
      assertEquals(expected.gradient(i), actual.gradient(i), "feature " + i);
    }
  }

  @Test
  void optionsThatNeedTheExamplesAtHandAreRefused() {
    Parts source = new Parts(BINARY, 100);
    List<Consumer<LogisticRegression.Builder>> options =
        List.of(
            b -> b.standardize(true),
            b -> b.validationFraction(0.2),
            b -> b.balancedClassWeights(),
            b -> b.classWeights(1, 2),
            b -> b.solver(Solver.gradientDescent().batchSize(64)));
    for (Consumer<LogisticRegression.Builder> option : options) {
      LogisticRegression.Builder b = LogisticRegression.builder();
      option.accept(b);
      InvalidOptionException e =
          assertThrows(InvalidOptionException.class, () -> b.build().fit(source));
      assertTrue(
          e.getMessage().contains("summed examples") || e.getMessage().contains("mini-batches"),
          e.getMessage());
    }
    // Full-batch gradient descent is a full pass per epoch: it trains.
    TrainingResult gd =
        LogisticRegression.builder()
            .solver(Solver.gradientDescent().learningRate(0.5))
            .maxIterations(5)
            .build()
            .fit(source);
    assertEquals(5, gd.iterations());
  }

  @Test
  void aSourceThatFailsStopsTrainingWithItsError() {
    IllegalStateException lost = new IllegalStateException("executor lost");
    Parts failing =
        new Parts(BINARY, 100) {
          @Override
          public PassSums sums(float[] weights, float[] biases, boolean withLoss) {
            if (passes == 3) {
              throw lost;
            }
            return super.sums(weights, biases, withLoss);
          }
        };
    assertSame(lost, assertThrows(IllegalStateException.class, () -> lbfgs().build().fit(failing)));
  }

  @Test
  void sumsOfAnotherShapeAreRefused() {
    Parts wrong =
        new Parts(BINARY, 100) {
          @Override
          public PassSums sums(float[] weights, float[] biases, boolean withLoss) {
            return PassSums.zero(features() + 1, 2);
          }
        };
    assertThrows(DimensionMismatchException.class, () -> lbfgs().build().fit(wrong));
    float[] w = new float[BINARY.features() + 1];
    assertThrows(
        DimensionMismatchException.class,
        () -> PassSums.zero(BINARY.features(), 2).add(BINARY, w, new float[1], true));
  }

  private static double square(double d) {
    return d * d;
  }
}
