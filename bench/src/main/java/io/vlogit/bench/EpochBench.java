package io.vlogit.bench;

import io.vlogit.internal.kernel.GradientWorkspace;
import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.LogisticKernel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * One fused epoch (forward, backward, cost) over a whole workload, single thread: vlogit's kernel
 * chosen by name. "vector" is this JVM's Vector API kernel (the width is a JVM flag,
 * -Dvlogit.vector.bits); "scalar" is the reference.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx3g"})
public class EpochBench {
  @Param({"2x1000", "30x569", "256x512", "8x1000000", "128x100000", "784x60000"})
  public String shape;

  @Param({"vector", "scalar"})
  public String kernel;

  Workload data;
  LogisticKernel k;
  GradientWorkspace ws;

  @Setup(Level.Trial)
  public void setup() {
    data = Workload.of(shape);
    k = kernel.equals("scalar") ? Kernels.scalar() : Kernels.vector(0);
    ws = k.newWorkspace(data.n);
  }

  @Benchmark
  public double epoch() {
    ws.clear();
    k.accumulateGradient(data.x, data.y, null, data.n, 0, data.m, data.w, data.b, ws);
    return ws.lossSum;
  }
}
