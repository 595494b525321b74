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
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx3g"})
public class RooflineBench {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  /** Floats to sum: each workload's n·m, and 64 Mi floats (256 MB). */
  @Param({"2000", "17070", "131072", "8000000", "12800000", "47040000", "67108864"})
  public int floats;

  float[] a;

  @Setup(Level.Trial)
  public void setup() {
    a = new float[floats];
    for (int i = 0; i < floats; i++) {
      a[i] = (i % 7) * 0.25f;
    }
  }

  /** Sum of the array with eight independent accumulators: bound by loads, not by add latency. */
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
    int i = 0;
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
    return s0.add(s1).add(s2.add(s3)).add(s4.add(s5).add(s6.add(s7))).reduceLanes(jdk.incubator.vector.VectorOperators.ADD) + tail;
  }
}
