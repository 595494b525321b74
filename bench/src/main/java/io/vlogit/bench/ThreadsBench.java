package io.vlogit.bench;

import io.vlogit.internal.kernel.GradientWorkspace;
import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.train.ParallelGradient;
import io.vlogit.internal.train.TrainingSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * One epoch's gradient through the trainer's data-parallel evaluation ({@link ParallelGradient}:
 * fixed chunks, partial sums reduced in order) with 1 and 2 threads, vector kernel.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class ThreadsBench {
  // The same list as Suite.THREADS_SHAPES.
  @Param({"30x569", "256x512", "128x100000", "784x60000"})
  public String shape;

  @Param({"1", "2"})
  public int threads;

  Workload data;
  TrainingSet set;
  ParallelGradient parallel;
  GradientWorkspace total;

  @Setup(Level.Trial)
  public void setup() {
    data = Workload.of(shape);
    set = new TrainingSet(data.x, data.y, null, data.n, null, 0, data.m);
    parallel = new ParallelGradient(Kernels.vector(), data.n, threads, null);
    total = Kernels.vector().newWorkspace(data.n);
    KernelNote.print("ThreadsBench", threads + " threads", Kernels.vector());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    parallel.close();
  }

  @Benchmark
  public double epoch() {
    parallel.evaluate(set, 0, data.m, data.w, data.b, total);
    return total.lossSum;
  }
}
