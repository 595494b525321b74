package io.vlogit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.io.NpyFile;
import io.vlogit.io.StreamTrainingTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A validation fraction from a stream: round(f·m) examples held out at random, scored in memory,
 * and trained with weight 0, which is the in-memory fit on the same data with those examples
 * weighted 0 and given as the validation dataset, bit for bit.
 */
class StreamValidationTest {
  @TempDir Path dir;

  @Test
  void aHeldOutFractionIsTheFitWithThoseExamplesWeightedZeroAndValidating() throws IOException {
    Dataset d = TestData.gaussian(27, 9, 20000, 1.0);
    Path[] files = StreamTrainingTest.write(dir, d);
    BitSet held = StreamFitting.heldOut(0.2, 3, d.examples(), d.features());
    assertEquals(4000, held.cardinality());
    assertTrue(held.nextSetBit(0) < 1000 && held.previousSetBit(19999) > 19000, "spread out");

    float[] weights = trainingWeights(held, d.examples());
    float[] x = new float[held.cardinality() * d.features()];
    float[] y = new float[held.cardinality()];
    int at = 0;
    for (int j = held.nextSetBit(0); j >= 0; j = held.nextSetBit(j + 1)) {
      d.copyExample(j, x, at * d.features());
      y[at++] = d.label(j);
    }
    TrainingResult inMemory =
        LogisticRegression.builder()
            .solver(Solver.lbfgs(4))
            .maxIterations(15)
            .validation(Dataset.wrap(x, y, d.features()))
            .build()
            .fit(d.withSampleWeights(weights));
    TrainingResult streamed;
    try (ExampleStream s = NpyFile.stream(files[0], files[1], 2048)) {
      streamed =
          LogisticRegression.builder()
              .solver(Solver.lbfgs(4))
              .maxIterations(15)
              .validationFraction(0.2)
              .seed(3)
              .build()
              .fit(s);
    }
    assertTrue(streamed.validationCostCurve().length > 1);
    BlockedDatasetTest.assertSameFit(inMemory, streamed, "held out from a stream");
  }

  /**
   * Balanced class weights from a stream with examples held out count the training examples'
   * classes only: the in-memory fit with those examples weighted 0 and the same class weights
   * given.
   */
  @Test
  void balancedClassWeightsCountTheTrainingExamplesOnly() throws IOException {
    Dataset d = TestData.classes(28, 6, 9000, 3, 1.0);
    Path[] files = StreamTrainingTest.write(dir, d);
    BitSet held = StreamFitting.heldOut(0.25, 5, d.examples(), d.features());
    float[] weights = trainingWeights(held, d.examples());
    long[] counts = new long[3];
    for (int j = held.nextClearBit(0); j < d.examples(); j = held.nextClearBit(j + 1)) {
      counts[(int) d.label(j)]++;
    }
    long total = counts[0] + counts[1] + counts[2];
    double[] balanced = new double[3];
    for (int c = 0; c < 3; c++) {
      balanced[c] = (float) (total / (3.0 * counts[c])); // n / (K·n_c), as the trainer rounds it
    }
    TrainingResult inMemory =
        LogisticRegression.builder()
            .solver(Solver.lbfgs(4))
            .maxIterations(10)
            .classWeights(balanced)
            .build()
            .fit(d.withSampleWeights(weights));
    TrainingResult streamed;
    try (ExampleStream s = NpyFile.stream(files[0], files[1], 1024)) {
      streamed =
          LogisticRegression.builder()
              .solver(Solver.lbfgs(4))
              .maxIterations(10)
              .validationFraction(0.25)
              .seed(5)
              .balancedClassWeights()
              .build()
              .fit(s);
    }
    assertEquals(inMemory.finalCost(), streamed.finalCost());
    assertEquals(
        java.util.Arrays.toString(inMemory.multinomialModel().flatWeights()),
        java.util.Arrays.toString(streamed.multinomialModel().flatWeights()));
  }

  /** The in-memory equivalent of holding examples out: weight 0 for them, 1 for the others. */
  private static float[] trainingWeights(BitSet held, int m) {
    float[] weights = new float[m];
    for (int j = held.nextClearBit(0); j < m; j = held.nextClearBit(j + 1)) {
      weights[j] = 1f;
    }
    return weights;
  }
}
