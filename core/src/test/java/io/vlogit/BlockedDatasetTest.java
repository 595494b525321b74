package io.vlogit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A dataset held in several arrays trains, scores and evaluates to the bits of the same dataset in
 * one array, on whichever kernel this JVM runs (the suite runs on both). The blocks are tiny (1, 3,
 * 7 examples: every piece of every pass crosses an edge), odd-sized (100, 300) or aligned to the
 * kernels' flush (256), under every solver, thread count, validation split, standardization and
 * example weighting, so that each way the trainer reads the data reads across blocks.
 */
public class BlockedDatasetTest {
  private static final Dataset BINARY = TestData.gaussian(11, 7, 1500, 1.5);
  private static final Dataset WIDE = TestData.gaussian(12, 40, 900, 1.0);
  private static final Dataset CLASSES = TestData.classes(13, 5, 1100, 4, 1.0);

  /** One way of training, the same for one array and for blocks. */
  private record Run(String name, Dataset data, Function<Dataset, TrainingResult> fit) {}

  private static List<Run> runs() {
    float[] weights = new float[BINARY.examples()];
    for (int j = 0; j < weights.length; j++) {
      weights[j] = (j % 5) * 0.5f;
    }
    Dataset weighted = BINARY.withSampleWeights(weights);
    return List.of(
        new Run("gradient descent", BINARY, d -> gd().build().fit(d)),
        new Run(
            "Nesterov, 3 threads, sample weights",
            weighted,
            d ->
                LogisticRegression.builder()
                    .solver(Solver.gradientDescent().learningRate(0.3).momentum(0.9).nesterov(true))
                    .maxIterations(25)
                    .threads(3)
                    .build()
                    .fit(d)),
        new Run(
            "mini-batches of 100",
            BINARY,
            d ->
                LogisticRegression.builder()
                    .solver(Solver.gradientDescent().learningRate(0.2).batchSize(100))
                    .maxIterations(6)
                    .seed(5)
                    .build()
                    .fit(d)),
        new Run(
            "L-BFGS with a held-out fifth, 2 threads",
            WIDE,
            d ->
                LogisticRegression.builder()
                    .solver(Solver.lbfgs(5))
                    .maxIterations(20)
                    .validationFraction(0.2)
                    .threads(2)
                    .l2(1e-3)
                    .build()
                    .fit(d)),
        new Run(
            "OWL-QN, standardized",
            WIDE,
            d ->
                LogisticRegression.builder()
                    .l1(0.01)
                    .standardize(true)
                    .maxIterations(30)
                    .build()
                    .fit(d)),
        new Run(
            "FISTA, balanced class weights",
            BINARY,
            d ->
                LogisticRegression.builder()
                    .solver(Solver.gradientDescent().learningRate(0.5).fista(true))
                    .l1(0.005)
                    .balancedClassWeights()
                    .maxIterations(25)
                    .build()
                    .fit(d)),
        new Run(
            "multinomial L-BFGS, held-out fifth, 3 threads",
            CLASSES,
            d ->
                LogisticRegression.builder()
                    .solver(Solver.lbfgs(5))
                    .maxIterations(20)
                    .validationFraction(0.2)
                    .threads(3)
                    .build()
                    .fit(d)),
        new Run(
            "multinomial mini-batches, standardized",
            CLASSES,
            d ->
                LogisticRegression.builder()
                    .solver(Solver.gradientDescent().learningRate(0.3).batchSize(64))
                    .standardize(true)
                    .maxIterations(4)
                    .build()
                    .fit(d)));
  }

  private static LogisticRegression.Builder gd() {
    return LogisticRegression.builder()
        .solver(Solver.gradientDescent().learningRate(0.5))
        .maxIterations(25);
  }

  @ParameterizedTest(name = "{0} examples per block")
  @ValueSource(ints = {1, 3, 7, 100, 256, 300})
  void trainingInBlocksGivesTheBitsOfOneArray(int perBlock) {
    for (Run run : runs()) {
      Dataset blocked = run.data().inBlocks(perBlock);
      assertEquals((run.data().examples() + perBlock - 1) / perBlock, blocked.arrays());
      TrainingResult one = run.fit().apply(run.data());
      TrainingResult many = run.fit().apply(blocked);
      String what = run.name() + ", blocks of " + perBlock;
      assertSameFit(one, many, what);
    }
  }

  public static void assertSameFit(TrainingResult one, TrainingResult many, String what) {
    assertEquals(one.iterations(), many.iterations(), what);
    assertArrayEquals(one.costCurve(), many.costCurve(), what + ": cost curve");
    assertArrayEquals(one.validationCostCurve(), many.validationCostCurve(), what);
    assertArrayEquals(one.validationAccuracyCurve(), many.validationAccuracyCurve(), what);
    if (one.classes() == 2) {
      assertArrayEquals(one.model().weights(), many.model().weights(), what + ": weights");
      assertEquals(
          Float.floatToIntBits(one.model().bias()),
          Float.floatToIntBits(many.model().bias()),
          what + ": bias");
    } else {
      float[][] a = one.multinomialModel().weights();
      float[][] b = many.multinomialModel().weights();
      for (int c = 0; c < a.length; c++) {
        assertArrayEquals(a[c], b[c], what + ": class " + c);
      }
      assertArrayEquals(
          one.multinomialModel().biases(), many.multinomialModel().biases(), what + ": biases");
    }
  }

  @ParameterizedTest(name = "{0} examples per block")
  @ValueSource(ints = {1, 7, 256})
  void theL1PathAndAValidationSetInBlocksGiveTheBitsOfOneArray(int perBlock) {
    LogisticRegression trainer = LogisticRegression.builder().maxIterations(40).build();
    RegularizationPath one = trainer.fitPath(WIDE, 4);
    RegularizationPath many = trainer.fitPath(WIDE.inBlocks(perBlock), 4);
    assertEquals(one.l1Max(), many.l1Max());
    for (int k = 0; k < one.steps().size(); k++) {
      assertSameFit(one.steps().get(k).result(), many.steps().get(k).result(), "path step " + k);
    }
    Dataset train = BINARY.range(0, 1200);
    Dataset held = BINARY.range(1200, 1500);
    LogisticRegression withHeld =
        LogisticRegression.builder().solver(Solver.lbfgs(4)).validation(held).build();
    assertSameFit(
        withHeld.fit(train),
        LogisticRegression.builder()
            .solver(Solver.lbfgs(4))
            .validation(held.inBlocks(perBlock))
            .build()
            .fit(train.inBlocks(perBlock)),
        "a validation dataset");
  }

  @ParameterizedTest(name = "{0} examples per block")
  @ValueSource(ints = {1, 7, 256})
  void scoringMetricsAndStandardizationInBlocksGiveTheBitsOfOneArray(int perBlock) {
    LogisticModel model = gd().build().fit(BINARY).model();
    Dataset view = BINARY.range(13, 1401);
    Dataset blocked = BINARY.inBlocks(perBlock).range(13, 1401);
    float[] p = new float[view.examples()];
    float[] q = new float[view.examples()];
    model.probabilities(view, p);
    model.probabilities(blocked, q);
    assertArrayEquals(p, q);
    Evaluation a = Metrics.evaluate(model, view);
    Evaluation b = Metrics.evaluate(model, blocked);
    assertEquals(a.logLoss(), b.logLoss());
    assertEquals(a.rocAuc(), b.rocAuc());
    assertEquals(a.accuracy(), b.accuracy());
    for (int j = 0; j < view.examples(); j += 97) {
      for (int i = 0; i < view.features(); i++) {
        assertEquals(view.value(j, i), blocked.value(j, i));
      }
    }

    Standardization s = Standardization.fit(view);
    Standardization t = Standardization.fit(blocked);
    for (int i = 0; i < view.features(); i++) {
      assertEquals(s.mean(i), t.mean(i));
      assertEquals(s.scale(i), t.scale(i));
    }
    Dataset scaled = s.apply(blocked);
    assertEquals((view.examples() + perBlock - 1) / perBlock, scaled.arrays());
    Dataset scaledOne = s.apply(view);
    for (int j = 0; j < view.examples(); j += 31) {
      for (int i = 0; i < view.features(); i++) {
        assertEquals(scaledOne.value(j, i), scaled.value(j, i));
      }
    }

    MultinomialModel multi =
        LogisticRegression.builder().maxIterations(10).build().fit(CLASSES).multinomialModel();
    Dataset classes = CLASSES.inBlocks(perBlock);
    MultinomialEvaluation e = Metrics.evaluate(multi, CLASSES);
    MultinomialEvaluation f = Metrics.evaluate(multi, classes);
    assertEquals(e.logLoss(), f.logLoss());
    assertEquals(e.accuracy(), f.accuracy());
    float[] pa = new float[CLASSES.examples() * 4];
    float[] pb = new float[pa.length];
    multi.probabilities(CLASSES, pa);
    multi.probabilities(classes, pb);
    assertArrayEquals(pa, pb);
  }

  @org.junit.jupiter.api.Test
  void arraysOfExamplesAreCheckedAsOneArrayIs() {
    float[] y = {0, 1, 1};
    float[][] good = {{1, 2}, {3, 4, 5, 6}};
    Dataset d = Dataset.wrap(good, y, 2, 2);
    assertEquals(2, d.arrays());
    assertEquals(5f, d.value(2, 0));
    assertEquals(1, d.range(1, 3).arrays());

    InvalidDataException partial =
        assertThrows(
            InvalidDataException.class,
            () -> Dataset.wrap(new float[][] {{1, 2, 3}, {4, 5, 6}}, new float[] {0, 1, 1}, 2, 2));
    assertTrue(partial.getMessage().contains("array 0 of x has 3 values"), partial.getMessage());
    InvalidDataException empty =
        assertThrows(
            InvalidDataException.class,
            () -> Dataset.wrap(new float[][] {{1, 2}, {}}, new float[] {0}, 2, 2));
    assertTrue(empty.getMessage().contains("array 1 of x has 0 values"), empty.getMessage());
    InvalidDataException count =
        assertThrows(
            InvalidDataException.class, () -> Dataset.wrap(good, new float[] {0, 1}, 2, 2));
    assertTrue(count.getMessage().contains("x has 6 values but n × m = 2 × 2"), count.getMessage());
    InvalidDataException nan =
        assertThrows(
            InvalidDataException.class,
            () -> Dataset.wrap(new float[][] {{1, 2}, {3, Float.NaN}}, new float[] {0, 1}, 2, 2));
    assertTrue(nan.getMessage().startsWith("example 1, feature 1"), nan.getMessage());
    assertThrows(IllegalArgumentException.class, () -> d.inBlocks(0));
  }
}
