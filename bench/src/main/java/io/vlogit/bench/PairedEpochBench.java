package io.vlogit.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * vlogit's vector epoch against a peer's ({@code native-c} unless told otherwise) in the same fork,
 * alternated: the ratio of their times measured in the same seconds, on the same array.
 *
 * <p>Why: this host's vCPUs change speed by 1.3–1.6× for minutes at a time, whatever runs on them,
 * vlogit more than native-c (bench/README.md, "The two speeds are the host's vCPUs" and "vlogit and
 * native-c in one fork"). {@link EpochBench} runs all forks of one implementation, then all of the
 * other's, so the ratio of its medians takes in whichever slow minutes each happened to meet. Here
 * every operation runs a half of each, in turns, and JMH reports, beside the time of the pair, each
 * half's nanoseconds and the epochs per half for every iteration ({@link Halves}); the suite's
 * headline takes the median of the per-iteration ratios.
 *
 * <p>Each half runs {@link #reps} timed epochs back to back, enough for a few hundred microseconds
 * at the small workloads, so that reading the clock is a small part of a half. Before them it runs
 * one epoch it does not time, which brings back the state the implementation keeps between epochs
 * in a loop of its own: its workspace in the caches, and for {@code vlogit-threads-2} the second
 * thread awake (it parks after a short spin, and waking it falls on the half's first epoch). The
 * order within a pair alternates, so that neither always follows the other. Both read one array:
 * the native epoch reads the Java array in place. native-c's setup checks it against the scalar
 * reference, as in {@link EpochBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class PairedEpochBench {
  @Param({"2x1000", "30x569", "256x512", "8x1000000", "128x100000", "784x60000"})
  public String shape;

  /**
   * Any of {@link EpochBench}'s implementations other than vlogit-vector. With {@code
   * vlogit-threads-2} (the threads suite) the ratio is the speed-up of two threads over one.
   */
  @Param({"native-c"})
  public String peer;

  /** Floats of X read per half, at least: the epochs of a half are ⌈this ÷ (n·m)⌉. */
  static final long FLOATS_PER_HALF = 2_000_000;

  /** Nanoseconds spent in each implementation's halves during one iteration, and their epochs. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Halves {
    public long vlogitNanos;
    public long peerNanos;
    public long epochsEach;

    @Setup(Level.Iteration)
    public void clear() {
      vlogitNanos = 0;
      peerNanos = 0;
      epochsEach = 0;
    }
  }

  EpochBench vlogit;
  EpochBench other;
  int reps;
  boolean vlogitFirst = true;

  @Setup(Level.Trial)
  public void setup() {
    if (peer.equals("vlogit-vector")) {
      throw new IllegalArgumentException("the peer must be another implementation");
    }
    Workload data = Workload.of(shape);
    vlogit = epochOf("vlogit-vector", data);
    other = epochOf(peer, data);
    long floats = (long) data.n * data.m;
    reps = (int) ((FLOATS_PER_HALF + floats - 1) / floats);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    vlogit.tearDown();
    other.tearDown();
  }

  private EpochBench epochOf(String impl, Workload data) {
    EpochBench e = new EpochBench();
    e.shape = shape;
    e.impl = impl;
    e.before = "none";
    e.setup(data);
    return e;
  }

  @Benchmark
  public double pair(Halves h) {
    EpochBench first = vlogitFirst ? vlogit : other;
    EpochBench second = vlogitFirst ? other : vlogit;
    // Each half starts with an epoch it does not time (see the class comment).
    double sink = first.epoch();
    long t0 = System.nanoTime();
    sink += run(first);
    long t1 = System.nanoTime();
    sink += second.epoch();
    long t2 = System.nanoTime();
    sink += run(second);
    long t3 = System.nanoTime();
    h.vlogitNanos += vlogitFirst ? t1 - t0 : t3 - t2;
    h.peerNanos += vlogitFirst ? t3 - t2 : t1 - t0;
    vlogitFirst = !vlogitFirst;
    h.epochsEach += reps;
    return sink;
  }

  private double run(EpochBench e) {
    double sink = 0;
    for (int r = 0; r < reps; r++) {
      sink += e.epoch();
    }
    return sink;
  }
}
