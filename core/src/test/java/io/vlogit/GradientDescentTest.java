package io.vlogit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.io.BundledData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientDescentTest {

  @Test
  void badLearningRatesAreRefusedWithTheirName() {
    for (double bad : new double[] {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
      InvalidOptionException e =
          assertThrows(
              InvalidOptionException.class,
              () ->
                  LogisticRegression.builder().solver(Solver.gradientDescent().learningRate(bad)));
      assertEquals("learningRate", e.option());
      assertTrue(
          e.getMessage().startsWith("learningRate must be a finite number > 0"), e.getMessage());
    }
    assertThrows(
        InvalidOptionException.class, () -> LogisticRegression.builder().maxIterations(-1));
  }

  @Test
  void zeroEpochsReturnsTheZeroModelAndItsCost() {
    TrainingResult r =
        LogisticRegression.builder().maxIterations(0).build().fit(TestData.gaussian(1, 3, 20, 1));
    assertEquals(0, r.iterations());
    // The default kernel may compute in float: log1p(1) within 4 ulp, summed over 20 terms.
    assertEquals(Math.log(2), r.finalCost(), Math.log(2) * 24 * 0x1p-24);
    assertEquals(new LogisticModel(new float[3], 0f), r.model());
  }

  @Test
  void costDecreasesOnTheBundledData() {
    double[] curve =
        LogisticRegression.builder()
            .maxIterations(200)
            .build()
            .fit(BundledData.breastCancer().data())
            .costCurve();
    for (int t = 1; t < curve.length; t++) {
      assertTrue(curve[t] < curve[t - 1], "cost rose at epoch " + t);
    }
  }

  @Test
  void divergenceIsAnErrorNotANanModel() {
    // Features of size 1e30: one step at α = 1e10 sends the weights beyond float's range.
    float[] x = {1e30f, -1e30f, 2e30f, 1e30f};
    Dataset d = Dataset.of(x, new float[] {1, 0, 1, 0}, 1);
    TrainingDivergedException e =
        assertThrows(
            TrainingDivergedException.class,
            () ->
                LogisticRegression.builder()
                    .solver(Solver.gradientDescent().learningRate(1e10))
                    .maxIterations(5)
                    .build()
                    .fit(d));
    assertTrue(e.getMessage().contains("lower the learning rate"), e.getMessage());
  }

  @Test
  void listenerSeesEveryEpochAndCanStop() {
    List<IterationStatus> seen = new ArrayList<>();
    TrainingResult r =
        LogisticRegression.builder()
            .maxIterations(100)
            .listener(
                s -> {
                  seen.add(s);
                  return s.iteration() < 7;
                })
            .build()
            .fit(TestData.gaussian(2, 4, 30, 1));
    assertEquals(7, r.iterations());
    assertEquals(8, seen.size());
    assertEquals(8, r.costCurve().length);
    for (int t = 0; t < seen.size(); t++) {
      assertEquals(t, seen.get(t).iteration());
      assertEquals(r.costCurve()[t], seen.get(t).cost());
      assertTrue(seen.get(t).gradientNorm() > 0);
    }
    // Stopping after 7 updates gives the same model as asking for 7 epochs.
    assertEquals(
        LogisticRegression.builder()
            .maxIterations(7)
            .build()
            .fit(TestData.gaussian(2, 4, 30, 1))
            .model(),
        r.model());
  }
}
