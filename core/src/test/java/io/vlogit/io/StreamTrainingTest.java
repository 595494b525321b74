package io.vlogit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.BlockedDatasetTest;
import io.vlogit.Dataset;
import io.vlogit.ExampleStream;
import io.vlogit.InvalidDataException;
import io.vlogit.LogisticRegression;
import io.vlogit.RegularizationPath;
import io.vlogit.Solver;
import io.vlogit.TestData;
import io.vlogit.TrainingResult;
import io.vlogit.testing.Cases;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training from a {@code .npy} file read block by block gives the bits of training on the same
 * examples in memory, under every solver a stream trains with, in blocks smaller and larger than
 * the passes' chunks; and a file that is truncated or changes while training, or holds a value that
 * is not finite, stops training with an error that says so.
 */
public class StreamTrainingTest {
  @TempDir Path dir;

  private static List<Supplier<LogisticRegression.Builder>> trainers() {
    return List.of(
        () ->
            LogisticRegression.builder()
                .solver(Solver.gradientDescent().learningRate(0.5))
                .maxIterations(15),
        () ->
            LogisticRegression.builder()
                .solver(Solver.gradientDescent().learningRate(0.3).momentum(0.9).nesterov(true))
                .threads(2)
                .maxIterations(15),
        () ->
            LogisticRegression.builder()
                .solver(Solver.gradientDescent().learningRate(0.5).fista(true))
                .l1(0.01)
                .maxIterations(15),
        () -> LogisticRegression.builder().solver(Solver.lbfgs(5)).l2(1e-3).maxIterations(20),
        () -> LogisticRegression.builder().l1(0.005).threads(3).maxIterations(25));
  }

  /** Writes d's features and labels as float32 .npy files x.npy and y.npy in {@code dir}. */
  public static Path[] write(Path dir, Dataset d) throws IOException {
    Path xp = dir.resolve("x.npy");
    Path yp = dir.resolve("y.npy");
    NpyFile.write(xp, TestData.features(d), d.examples(), d.features());
    NpyFile.write(yp, TestData.labels(d), d.examples());
    return new Path[] {xp, yp};
  }

  @Test
  void aStreamedFitHasTheBitsOfTheFitInMemory() throws IOException {
    for (Dataset d :
        new Dataset[] {
          TestData.gaussian(21, 9, 20000, 1.0), TestData.classes(22, 6, 9000, 3, 1.0)
        }) {
      Path[] files = write(dir, d);
      for (int per : new int[] {64, 256, 4096, 0}) {
        for (Supplier<LogisticRegression.Builder> trainer : trainers()) {
          TrainingResult inMemory = trainer.get().build().fit(d);
          try (ExampleStream s =
              per == 0
                  ? NpyFile.stream(files[0], files[1])
                  : NpyFile.stream(files[0], files[1], per)) {
            assertEquals(d.classes(), s.classes());
            TrainingResult streamed = trainer.get().build().fit(s);
            BlockedDatasetTest.assertSameFit(
                inMemory, streamed, d + " in blocks of " + per + ", " + inMemory.solver());
            assertEquals(inMemory.dataPasses(), streamed.dataPasses());
          }
        }
      }
    }
  }

  /**
   * Labels are read in one bulk copy when they are float32 in the features' byte order, value by
   * value otherwise: labels stored as float64, big-endian float32 and uint8 train to the bits of
   * the float32 labels, and of the fit in memory.
   */
  @Test
  void labelsOfEveryTypeTrainToTheSameBits() throws IOException {
    Dataset d = TestData.gaussian(23, 7, 5000, 1.0);
    Path[] files = write(dir, d);
    float[] y = TestData.labels(d);
    TrainingResult inMemory = trainers().get(3).get().build().fit(d);
    for (String descr : new String[] {"<f4", "<f8", ">f4", "|u1"}) {
      Path yp = dir.resolve("y-" + descr.substring(1) + descr.charAt(0) + ".npy");
      writeLabels(yp, descr, y);
      try (ExampleStream s = NpyFile.stream(files[0], yp, 512)) {
        TrainingResult streamed = trainers().get(3).get().build().fit(s);
        BlockedDatasetTest.assertSameFit(inMemory, streamed, "labels stored as " + descr);
      }
    }
  }

  /** A .npy of the labels y stored as {@code descr}: '<f4', '<f8', '>f4' or '|u1'. */
  static void writeLabels(Path path, String descr, float[] y) throws IOException {
    double[] values = new double[y.length];
    for (int j = 0; j < y.length; j++) {
      values[j] = y[j];
    }
    NpyTestFiles.write(path, descr, values);
  }

  /**
   * Standardization (a statistics pass, then each block standardized as it is read) and class
   * weights, given or balanced (a pass counting the classes), weighting each example as it is read:
   * the bits of the in-memory fit.
   */
  @Test
  void standardizationAndClassWeightsGiveTheBitsOfTheFitInMemory() throws IOException {
    List<Function<Dataset, LogisticRegression.Builder>> options =
        List.of(
            d -> LogisticRegression.builder().standardize(true),
            d ->
                d.classes() == 2
                    ? LogisticRegression.builder().classWeights(0.5, 2.0)
                    : LogisticRegression.builder().classWeights(new double[] {0.5, 1.0, 3.0}),
            d -> LogisticRegression.builder().balancedClassWeights(),
            d -> LogisticRegression.builder().standardize(true).balancedClassWeights().threads(2),
            d -> LogisticRegression.builder().standardize(true).fitIntercept(false));
    // Features far from 0 against their spread, as standardization is for.
    Dataset binary = TestData.gaussian(24, 7, 12000, 1.0);
    float[] x = TestData.features(binary);
    for (int k = 0; k < x.length; k++) {
      x[k] += 50f * (k % 7);
    }
    Dataset shifted = Dataset.wrap(x, TestData.labels(binary), 7);
    for (Dataset d : new Dataset[] {shifted, TestData.classes(25, 5, 7000, 3, 1.0)}) {
      Path[] files = write(dir, d);
      for (Function<Dataset, LogisticRegression.Builder> option : options) {
        for (Solver solver :
            new Solver[] {Solver.gradientDescent().learningRate(0.5), Solver.lbfgs(5)}) {
          for (int per : new int[] {256, 0}) {
            LogisticRegression trainer = option.apply(d).solver(solver).maxIterations(12).build();
            TrainingResult inMemory = trainer.fit(d);
            try (ExampleStream s =
                per == 0
                    ? NpyFile.stream(files[0], files[1])
                    : NpyFile.stream(files[0], files[1], per)) {
              BlockedDatasetTest.assertSameFit(
                  inMemory, trainer.fit(s), d + ", blocks of " + per + ", " + solver);
            }
          }
        }
      }
    }
  }

  /**
   * Sample weights read from a third file with each block, alone and with class weights and
   * standardization: the bits of the in-memory fit with the same weights; a bad weight is named.
   */
  @Test
  void sampleWeightsFromAFileGiveTheBitsOfTheFitInMemory() throws IOException {
    Dataset d = TestData.classes(26, 6, 9000, 3, 1.0);
    Path[] files = write(dir, d);
    float[] w = new float[d.examples()];
    for (int j = 0; j < w.length; j++) {
      w[j] = j % 5 == 0 ? 0f : 0.5f + (j % 3);
    }
    Path wp = dir.resolve("w.npy");
    NpyFile.write(wp, w, w.length);
    Dataset weighted = d.withSampleWeights(w);
    for (LogisticRegression.Builder b :
        List.of(
            LogisticRegression.builder().solver(Solver.lbfgs(5)),
            LogisticRegression.builder()
                .solver(Solver.gradientDescent().learningRate(0.5))
                .standardize(true)
                .classWeights(new double[] {2.0, 1.0, 0.5}))) {
      LogisticRegression trainer = b.maxIterations(12).build();
      try (ExampleStream s = NpyFile.stream(files[0], files[1], wp, 512)) {
        assertTrue(s.weighted());
        BlockedDatasetTest.assertSameFit(trainer.fit(weighted), trainer.fit(s), "weighted");
      }
    }
    w[4321] = -1f;
    NpyFile.write(wp, w, w.length);
    try (ExampleStream s = NpyFile.stream(files[0], files[1], wp, 512)) {
      InvalidDataException e =
          assertThrows(
              InvalidDataException.class, () -> LogisticRegression.builder().build().fit(s));
      assertTrue(e.getMessage().startsWith("example 4321: sample weight -1.0"), e.getMessage());
    }
  }

  /** The L1 path from a stream: λ_max and every fit with the bits of the path in memory. */
  @Test
  void aRegularizationPathFromAStreamIsThePathInMemory() throws IOException {
    for (Dataset d :
        new Dataset[] {
          TestData.gaussian(29, 8, 6000, 1.0), TestData.classes(30, 5, 5000, 3, 1.0)
        }) {
      Path[] files = write(dir, d);
      LogisticRegression trainer =
          LogisticRegression.builder().standardize(true).maxIterations(15).build();
      RegularizationPath inMemory = trainer.fitPath(d, 4);
      try (ExampleStream s = NpyFile.stream(files[0], files[1], 1024)) {
        RegularizationPath streamed = trainer.fitPath(s, 4);
        assertEquals(inMemory.l1Max(), streamed.l1Max(), d.toString());
        assertTrue(inMemory.l1Max() > 0);
        for (int k = 0; k < 4; k++) {
          assertEquals(inMemory.steps().get(k).l1(), streamed.steps().get(k).l1());
          BlockedDatasetTest.assertSameFit(
              inMemory.steps().get(k).result(), streamed.steps().get(k).result(), d + " step " + k);
        }
      }
    }
  }

  /** A stream that records the whole blocks read, in order. */
  private static final class Recorded implements ExampleStream {
    final ExampleStream s;
    final List<Integer> reads = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    /** A block whose read says one example fewer than it should (a faulty source), or −1. */
    int shortBlock = -1;

    /** An example whose label every read gives as 0.5 (a faulty source), or −1. */
    long badLabel = -1;

    Recorded(ExampleStream s) {
      this.s = s;
    }

    @Override
    public int features() {
      return s.features();
    }

    @Override
    public int examples() {
      return s.examples();
    }

    @Override
    public int classes() {
      return s.classes();
    }

    @Override
    public int examplesPerBlock() {
      return s.examplesPerBlock();
    }

    @Override
    public int read(int block, int perBlock, float[] x, float[] y) throws IOException {
      if (perBlock == s.examplesPerBlock()) {
        reads.add(block); // a whole block; full passes read pieces of their own size
      }
      int count = s.read(block, perBlock, x, y);
      long first = (long) block * perBlock;
      if (badLabel >= first && badLabel < first + count) {
        y[(int) (badLabel - first)] = 0.5f;
      }
      return block == shortBlock ? count - 1 : count;
    }

    @Override
    public String description() {
      return s.description();
    }

    @Override
    public void close() throws IOException {
      s.close();
    }
  }

  /**
   * A {@code .npy} stream checks its labels when it opens (and stops training if its files change),
   * so its blocks are not checked again; any other stream's labels are checked in every block read:
   * a label that is not a class there stops training, naming its example.
   */
  @Test
  void aBadLabelFromAnotherStreamIsNamed() throws IOException {
    Dataset d = TestData.gaussian(31, 5, 3000, 1.0);
    Path[] files = write(dir, d);
    for (LogisticRegression.Builder b :
        List.of(
            LogisticRegression.builder().maxIterations(3),
            LogisticRegression.builder().solver(Solver.lbfgs(5)).maxIterations(3))) {
      try (Recorded s = new Recorded(NpyFile.stream(files[0], files[1], 512))) {
        s.badLabel = 2345;
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> b.build().fit(s));
        assertTrue(e.getMessage().startsWith("example 2345: label 0.5"), e.getMessage());
      }
    }
  }

  @Test
  void miniBatchesOfAStreamVisitShuffledBlocksReproducibly() throws IOException {
    Dataset d = TestData.gaussian(26, 9, 20000, 1.0);
    Path[] files = write(dir, d);
    java.util.function.LongFunction<LogisticRegression> trainer =
        seed ->
            LogisticRegression.builder()
                .solver(Solver.gradientDescent().learningRate(0.2).batchSize(100))
                .maxIterations(6)
                .seed(seed)
                .build();
    TrainingResult first;
    Recorded recorded;
    try (Recorded s = new Recorded(NpyFile.stream(files[0], files[1], 2048))) {
      first = trainer.apply(5).fit(s);
      recorded = s;
    }
    try (ExampleStream s = NpyFile.stream(files[0], files[1], 2048)) {
      BlockedDatasetTest.assertSameFit(first, trainer.apply(5).fit(s), "the same seed");
    }
    try (ExampleStream s = NpyFile.stream(files[0], files[1], 2048)) {
      TrainingResult other = trainer.apply(6).fit(s);
      assertTrue(
          !java.util.Arrays.equals(first.model().weights(), other.model().weights()),
          "another seed shuffles otherwise");
    }
    // Six epochs of ten blocks (the full passes for the first and final costs read pieces): every
    // epoch reads each block once, in an order of its own.
    List<Integer> reads = List.copyOf(recorded.reads);
    assertTrue(reads.size() >= 60, reads.toString());
    java.util.Set<List<Integer>> orders = new java.util.HashSet<>();
    for (int e = 0; e < 6; e++) {
      List<Integer> epoch = reads.subList(10 * e, 10 * e + 10);
      assertEquals(
          java.util.Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
          new java.util.HashSet<>(epoch),
          "epoch " + e + ": " + epoch);
      orders.add(epoch);
    }
    assertTrue(orders.size() >= 5, "the epochs' block orders: " + orders);
    double inMemory = trainer.apply(5).fit(d).finalCost();
    assertEquals(inMemory, first.finalCost(), 0.01 * inMemory, "mini-batches in memory");
  }

  @Test
  void aValidationDatasetIsScoredAsInMemory() throws IOException {
    Dataset d = TestData.gaussian(24, 9, 20000, 1.0);
    Dataset held = TestData.gaussian(25, 9, 700, 1.0);
    Path[] files = write(dir, d);
    Supplier<LogisticRegression> trainer =
        () ->
            LogisticRegression.builder()
                .solver(Solver.lbfgs(4))
                .validation(held)
                .patience(3)
                .maxIterations(30)
                .build();
    try (ExampleStream s = NpyFile.stream(files[0], files[1], 2048)) {
      TrainingResult streamed = trainer.get().fit(s);
      TrainingResult inMemory = trainer.get().fit(d);
      assertTrue(streamed.validationCostCurve().length > 0);
      BlockedDatasetTest.assertSameFit(inMemory, streamed, "validated by a dataset");
      assertEquals(inMemory.bestIteration(), streamed.bestIteration());
    }
  }

  @Test
  void aSourceThatReadsFewerExamplesThanItHoldsStopsTraining() throws IOException {
    Path[] files = write(dir, TestData.gaussian(24, 4, 3000, 1.0));
    for (Solver solver :
        new Solver[] {Solver.lbfgs(3), Solver.gradientDescent().learningRate(0.1).batchSize(64)}) {
      try (Recorded s = new Recorded(NpyFile.stream(files[0], files[1], 1024))) {
        s.shortBlock = 1;
        LogisticRegression trainer =
            LogisticRegression.builder().solver(solver).maxIterations(3).build();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> trainer.fit(s));
        assertTrue(e.getMessage().contains("examples where"), e.getMessage());
      }
    }
  }

  @Test
  void aFileThatChangesOrIsTruncatedWhileTrainingStopsIt() throws IOException {
    Dataset d = TestData.gaussian(23, 4, 2000, 1.0);
    Path[] files = write(dir, d);
    assertStopsWhenChanged(files, () -> truncate(files[0], 1000), "x.npy changed while training");
    // Rewritten in place, the same size: its modification time (checked every 64 MiB read, where
    // a read counts for at least 1 MiB: every 8 passes here) gives it away.
    write(dir, d);
    assertStopsWhenChanged(
        files,
        () -> {
          try {
            long size = Files.size(files[1]);
            NpyFile.write(files[1], new float[2000], 2000);
            assertEquals(size, Files.size(files[1]));
            Files.setLastModifiedTime(
                files[1],
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10_000));
          } catch (IOException io) {
            throw new UncheckedIOException(io);
          }
        },
        "y.npy changed while training");
  }

  /**
   * Trains from the files in blocks of 256, runs {@code change} at iteration 3, and expects
   * training to stop with an error whose message contains {@code message}.
   */
  private static void assertStopsWhenChanged(Path[] files, Runnable change, String message)
      throws IOException {
    try (ExampleStream s = NpyFile.stream(files[0], files[1], 256)) {
      LogisticRegression trainer =
          LogisticRegression.builder()
              .maxIterations(50)
              .listener(
                  status -> {
                    if (status.iteration() == 3) {
                      change.run();
                    }
                    return true;
                  })
              .build();
      UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> trainer.fit(s));
      assertTrue(e.getMessage().contains(message), e.getMessage());
    }
  }

  @Test
  void badValuesAndOptionsAreNamed() throws IOException {
    float[] x = new float[4 * 600];
    float[] y = new float[600];
    for (int j = 0; j < 600; j++) {
      x[j * 4] = j % 7;
      y[j] = j % 2;
    }
    x[517 * 4 + 2] = Float.NaN;
    Path xp = dir.resolve("bad.npy");
    Path yp = dir.resolve("labels.npy");
    NpyFile.write(xp, x, 600, 4);
    NpyFile.write(yp, y, 600);
    try (ExampleStream s = NpyFile.stream(xp, yp, 256)) {
      // Found by training's first pass, or by the pass before it that standardization or balanced
      // class weights make.
      for (LogisticRegression.Builder b :
          List.of(
              LogisticRegression.builder(),
              LogisticRegression.builder().standardize(true),
              LogisticRegression.builder().balancedClassWeights())) {
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> b.build().fit(s));
        assertTrue(e.getMessage().startsWith("example 517, feature 2"), e.getMessage());
      }
    }
    x[517 * 4 + 2] = 0;
    NpyFile.write(xp, x, 600, 4);
    float[] zeros = new float[600];
    NpyFile.write(yp, zeros, 600);
    try (ExampleStream s = NpyFile.stream(xp, yp, 256)) {
      InvalidDataException e =
          assertThrows(
              InvalidDataException.class,
              () -> LogisticRegression.builder().balancedClassWeights().build().fit(s));
      assertTrue(e.getMessage().contains("class 1 has none"), e.getMessage());
    }
    NpyFile.write(yp, y, 600);
    y[5] = 0.5f;
    NpyFile.write(yp, y, 600);
    DataFormatException label =
        assertThrows(DataFormatException.class, () -> NpyFile.stream(xp, yp, 256));
    assertTrue(label.getMessage().contains("example 5: label 0.5"), label.getMessage());
    Files.write(xp, java.util.Arrays.copyOf(Files.readAllBytes(xp), 500));
    DataFormatException truncated =
        assertThrows(DataFormatException.class, () -> NpyFile.stream(xp, yp, 256));
    assertTrue(truncated.getMessage().contains("(truncated)"), truncated.getMessage());
  }

  /** A value that is not finite, where the passes' sums find it. */
  record BadValue(int n, int example, int feature, float value, boolean zeroWeight, boolean warm) {}

  /**
   * A stream's full passes do not check each value as they read it: a value that is not finite
   * makes its feature's gradient entry ±∞ or NaN, and the pass then looks for it. Wherever it is,
   * whatever it is, with weight 0 on its example and from a model whose logits it saturates, it is
   * found and named.
   */
  @TestFactory
  Stream<DynamicTest> aValueThatIsNotFiniteIsFoundByTheSums() {
    return Cases.check(
        12,
        r ->
            new BadValue(
                new int[] {3, 8, 17, 40}[r.nextInt(4)],
                r.nextInt(700),
                r.nextInt(3),
                new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}
                    [r.nextInt(3)],
                r.nextBoolean(),
                r.nextBoolean()),
        c -> {
          Dataset d = TestData.gaussian(c.example(), c.n(), 700, 1.0);
          float[] x = TestData.features(d);
          x[c.example() * c.n() + c.feature()] = c.value();
          float[] w = new float[700];
          java.util.Arrays.fill(w, 1f);
          if (c.zeroWeight()) {
            w[c.example()] = 0f;
          }
          try {
            Path dataDir = Files.createTempDirectory(dir, "bad");
            Path xp = dataDir.resolve("x.npy");
            Path yp = dataDir.resolve("y.npy");
            Path wp = dataDir.resolve("w.npy");
            NpyFile.write(xp, x, 700, c.n());
            NpyFile.write(yp, TestData.labels(d), 700);
            NpyFile.write(wp, w, 700);
            LogisticRegression.Builder b = LogisticRegression.builder().maxIterations(3);
            if (c.warm()) {
              float[] start = new float[c.n()];
              java.util.Arrays.fill(start, 0.5f);
              b.warmStart(new io.vlogit.LogisticModel(start, 0f));
            }
            // Weights (0 on the bad example) make a pass before training, which checks every
            // value; without them the training passes' sums must find it.
            try (ExampleStream s = NpyFile.stream(xp, yp, c.zeroWeight() ? wp : null, 256)) {
              InvalidDataException e =
                  assertThrows(InvalidDataException.class, () -> b.build().fit(s));
              assertTrue(
                  e.getMessage().startsWith("example " + c.example() + ", feature " + c.feature()),
                  e.getMessage());
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static void truncate(Path p, long size) {
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.setLength(size);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
