package io.vlogit.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.*;

/**
 * What the machine can do, measured from Java in the same run as the epochs: the read bandwidth of
 * summing a float array (of each workload's X size, and of 256 MB, far beyond any cache), and the
 * FMA throughput of independent vector FMA chains in registers. Epoch figures are reported as a
 * share of these.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx3g"})
public class RooflineBench {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  /** Floats to sum: each workload's n·m, and 64 Mi floats (256 MB). */
  @Param({"2000", "17070", "131072", "8000000", "12800000", "47040000", "67108864"})
  public int floats;

  float[] a;

  /** Where readSum's vector loads start (LoadPhase). */
  int phase;

  @Setup(Level.Trial)
  public void setup() {
    a = new float[floats];
    for (int i = 0; i < floats; i++) {
      a[i] = (i % 7) * 0.25f;
    }
    LoadPhase.choose(floats, S.length(), p -> phase = p, this::readSum);
  }

  /**
   * Peak FMA throughput: 12 independent chains of vector FMAs in registers, 10^4 steps each (one op
   * is 12 · 10^4 · lanes · 2 flops). Only meaningful with floats = the first parameter; the other
   * parameters rerun it, which costs little.
   *
   * <p>Not inlined into JMH's measurement loop: there C2 kept {@code m} and {@code c} on the stack
   * and loaded them again beside every FMA, and the loads, not the FMAs, set the pace (a half of
   * the peak on JDK 25, a third on JDK 17: bench/README.md, "The FMA peak").
   */
  @Benchmark
  @CompilerControl(CompilerControl.Mode.DONT_INLINE)
  public float fmaPeak() {
    FloatVector m = FloatVector.broadcast(S, 0.999f);
    FloatVector c = FloatVector.broadcast(S, 0.001f);
    FloatVector v0 = FloatVector.broadcast(S, a[0]);
    FloatVector v1 = v0.add(1f);
    FloatVector v2 = v0.add(2f);
    FloatVector v3 = v0.add(3f);
    FloatVector v4 = v0.add(4f);
    FloatVector v5 = v0.add(5f);
    FloatVector v6 = v0.add(6f);
    FloatVector v7 = v0.add(7f);
    FloatVector v8 = v0.add(8f);
    FloatVector v9 = v0.add(9f);
    FloatVector v10 = v0.add(10f);
    FloatVector v11 = v0.add(11f);
    for (int k = 0; k < FMA_STEPS; k++) {
      v0 = v0.fma(m, c);
      v1 = v1.fma(m, c);
      v2 = v2.fma(m, c);
      v3 = v3.fma(m, c);
      v4 = v4.fma(m, c);
      v5 = v5.fma(m, c);
      v6 = v6.fma(m, c);
      v7 = v7.fma(m, c);
      v8 = v8.fma(m, c);
      v9 = v9.fma(m, c);
      v10 = v10.fma(m, c);
      v11 = v11.fma(m, c);
    }
    return v0.add(v1)
        .add(v2.add(v3))
        .add(v4.add(v5).add(v6.add(v7)))
        .add(v8.add(v9).add(v10.add(v11)))
        .lane(0);
  }

  /** Steps of fmaPeak; 12 chains each. */
  public static final int FMA_STEPS = 10_000;

  public static final int FMA_CHAINS = 12;

  /**
   * Sum of the array with eight independent accumulators: bound by loads, not by add latency. Its
   * vector loads start at {@code phase} (LoadPhase); the floats before it are not read.
   */
  @Benchmark
  public float readSum() {
    int l = S.length();
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = FloatVector.zero(S);
    FloatVector s2 = FloatVector.zero(S);
    FloatVector s3 = FloatVector.zero(S);
    FloatVector s4 = FloatVector.zero(S);
    FloatVector s5 = FloatVector.zero(S);
    FloatVector s6 = FloatVector.zero(S);
    FloatVector s7 = FloatVector.zero(S);
    int i = phase;
    for (; i <= a.length - 8 * l; i += 8 * l) {
      s0 = s0.add(FloatVector.fromArray(S, a, i));
      s1 = s1.add(FloatVector.fromArray(S, a, i + l));
      s2 = s2.add(FloatVector.fromArray(S, a, i + 2 * l));
      s3 = s3.add(FloatVector.fromArray(S, a, i + 3 * l));
      s4 = s4.add(FloatVector.fromArray(S, a, i + 4 * l));
      s5 = s5.add(FloatVector.fromArray(S, a, i + 5 * l));
      s6 = s6.add(FloatVector.fromArray(S, a, i + 6 * l));
      s7 = s7.add(FloatVector.fromArray(S, a, i + 7 * l));
    }
    float tail = 0;
    for (; i < a.length; i++) {
      tail += a[i];
    }
    return s0.add(s1)
            .add(s2.add(s3))
            .add(s4.add(s5).add(s6.add(s7)))
            .reduceLanes(jdk.incubator.vector.VectorOperators.ADD)
        + tail;
  }
}
