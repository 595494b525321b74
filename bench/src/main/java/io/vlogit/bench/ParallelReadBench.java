package io.vlogit.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The read bandwidth of two threads: each sums its half of the floats (of the 784 × 60000
 * workload's size, and of 256 MiB), in an array of its own, from the phase found fastest for it
 * (LoadPhase). Bandwidth = bytes of both halves / time per op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class ParallelReadBench {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  @Param({"47040000", "67108864"})
  public int floats;

  /** The two halves, one per thread. */
  final float[][] halves = new float[2][];

  /** Where each half's vector loads start (LoadPhase). */
  final int[] phases = new int[2];

  /** Both halves made and their phases found here, one after the other, with the machine quiet. */
  @Setup(Level.Trial)
  public void setup() {
    int half = floats / 2;
    for (int t = 0; t < 2; t++) {
      float[] a = new float[t == 0 ? half : floats - half];
      for (int i = 0; i < a.length; i++) {
        a[i] = (i % 7) * 0.25f;
      }
      halves[t] = a;
      Half h = new Half();
      h.a = a;
      phases[t] =
          LoadPhase.fastest(
              a.length,
              S.length(),
              p -> {
                h.phase = p;
                return readHalf(h);
              });
    }
  }

  @State(Scope.Thread)
  public static class Half {
    float[] a;

    /** Where the vector loads start (LoadPhase). */
    int phase;

    @Setup(Level.Trial)
    public void setup(ParallelReadBench b, ThreadParams t) {
      a = b.halves[t.getThreadIndex()];
      phase = b.phases[t.getThreadIndex()];
    }
  }

  @Benchmark
  public float readHalf(Half h) {
    float[] a = h.a;
    int l = S.length();
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = FloatVector.zero(S);
    FloatVector s2 = FloatVector.zero(S);
    FloatVector s3 = FloatVector.zero(S);
    int i = h.phase;
    for (; i <= a.length - 4 * l; i += 4 * l) {
      s0 = s0.add(FloatVector.fromArray(S, a, i));
      s1 = s1.add(FloatVector.fromArray(S, a, i + l));
      s2 = s2.add(FloatVector.fromArray(S, a, i + 2 * l));
      s3 = s3.add(FloatVector.fromArray(S, a, i + 3 * l));
    }
    float tail = 0;
    for (; i < a.length; i++) {
      tail += a[i];
    }
    return s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD) + tail;
  }
}
