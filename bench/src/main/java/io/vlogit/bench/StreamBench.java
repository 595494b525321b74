package io.vlogit.bench;

import io.vlogit.Dataset;
import io.vlogit.ExampleStream;
import io.vlogit.LogisticRegression;
import io.vlogit.Solver;
import io.vlogit.TrainingResult;
import io.vlogit.io.NpyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * Training from a {@code .npy} file block by block against training on the same examples in memory:
 * a fit of {@link #EPOCHS} full-batch gradient-descent epochs with {@link #threads} threads, on
 * data written to a temporary file in the setup and read from the page cache (the first fit reads
 * it in). The ratio in-memory ÷ streamed is the streamed epoch rate as a share of the in-memory
 * one; the streamed fit also opens the files and reads the labels once to find the classes. A
 * stream's passes run on at least two threads, so with {@code threads = 1} the stream has a core
 * the in-memory fit leaves idle; {@code threads = 2} compares them on the same cores.
 *
 * <p>The forks turn the short-run rule off ({@code vlogit.kernel.shortRun=0}): 10 epochs of 8 × 10⁶
 * are fewer feature reads than the rule's threshold, and would train on the scalar kernel, where a
 * file large enough to be streamed trains on the vector one.
 *
 * <p>The setup checks that both fits end at the same model, bit for bit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx6g", "-Dvlogit.kernel.shortRun=0"})
public class StreamBench {
  static final int EPOCHS = 10;

  @Param({"128x1000000", "784x60000", "8x1000000"})
  public String shape;

  /**
   * in-memory; streamed: the files opened for each fit (with the pass over the labels that finds
   * the classes); streamed-kept: one stream opened in the setup and trained on by every fit, the
   * epochs alone, as the in-memory fit's data are ready before it starts.
   */
  @Param({"in-memory", "streamed", "streamed-kept"})
  public String source;

  @Param({"1", "2"})
  public int threads;

  private Path dir;
  private Path x;
  private Path y;
  private Dataset data;
  private ExampleStream kept;
  private LogisticRegression trainer;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    Workload w = Workload.of(shape);
    dir = Files.createTempDirectory("vlogit-stream-bench");
    x = dir.resolve("x.npy");
    y = dir.resolve("y.npy");
    NpyFile.write(x, w.x, w.m, w.n);
    NpyFile.write(y, w.y, w.m);
    data = Dataset.wrap(w.x, w.y, w.n);
    trainer =
        LogisticRegression.builder()
            .solver(Solver.gradientDescent().learningRate(0.1))
            .maxIterations(EPOCHS)
            .threads(threads)
            .build();
    TrainingResult inMemory = trainer.fit(data);
    TrainingResult streamed;
    try (ExampleStream s = NpyFile.stream(x, y)) {
      streamed = trainer.fit(s);
      System.out.printf("%nStreamBench %s: blocks of %d examples%n", shape, s.examplesPerBlock());
    }
    if (!Arrays.equals(inMemory.model().weights(), streamed.model().weights())
        || inMemory.model().bias() != streamed.model().bias()) {
      throw new IllegalStateException(
          "the streamed fit is not the in-memory fit on " + shape + ": the benchmark is void");
    }
    if (!source.equals("in-memory")) {
      data = null; // the streamed fits run with the heap the stream needs, not the data's
    }
    if (source.equals("streamed-kept")) {
      kept = NpyFile.stream(x, y);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    if (kept != null) {
      kept.close();
    }
    Files.deleteIfExists(x);
    Files.deleteIfExists(y);
    Files.deleteIfExists(dir);
  }

  @Benchmark
  public double fit() throws IOException {
    if (data != null) {
      return trainer.fit(data).finalCost();
    }
    if (kept != null) {
      return trainer.fit(kept).finalCost();
    }
    try (ExampleStream s = NpyFile.stream(x, y)) {
      return trainer.fit(s).finalCost();
    }
  }
}
