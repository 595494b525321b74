package io.vlogit.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.Control;

/**
 * The time for one cache line to go from one core to another and back: two threads hand a flag to
 * each other, each waiting for the other's write. An operation of either thread is one round trip.
 * Every evaluation on two threads pays a few of these trips (the job to the worker, its sums back),
 * so this is the floor of what {@link ThreadsBench}'s second thread costs per epoch.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CoreTripBench {
  private final AtomicBoolean ball = new AtomicBoolean();

  @Benchmark
  @Group("trip")
  @GroupThreads(1)
  public void ping(Control control) {
    while (!control.stopMeasurement && !ball.compareAndSet(false, true)) {
      Thread.onSpinWait();
    }
  }

  @Benchmark
  @Group("trip")
  @GroupThreads(1)
  public void pong(Control control) {
    while (!control.stopMeasurement && !ball.compareAndSet(true, false)) {
      Thread.onSpinWait();
    }
  }
}
