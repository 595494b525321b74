package io.vlogit.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The read bandwidth of two threads: each sums its half of one array (of the 784 × 60000 workload's
 * size, and of 256 MiB), from the phase found fastest for the whole array (LoadPhase; the second
 * half starts at a multiple of L, so one phase serves both). Bandwidth = bytes of the whole array /
 * time per op.
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

  float[] a;

  /** Where the vector loads start (LoadPhase). */
  int phase;

  @Setup(Level.Trial)
  public void setup() {
    a = new float[floats];
    for (int i = 0; i < floats; i++) {
      a[i] = (i % 7) * 0.25f;
    }
    Half whole = new Half();
    whole.to = floats;
    LoadPhase.choose(floats, S.length(), p -> phase = p, () -> readHalf(whole));
  }

  @State(Scope.Thread)
  public static class Half {
    int from;
    int to;

    @Setup(Level.Trial)
    public void setup(ParallelReadBench b, ThreadParams t) {
      int half = b.floats / 2 / S.length() * S.length();
      from = t.getThreadIndex() == 0 ? 0 : half;
      to = t.getThreadIndex() == 0 ? half : b.floats;
    }
  }

  @Benchmark
  public float readHalf(Half h) {
    int l = S.length();
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = FloatVector.zero(S);
    FloatVector s2 = FloatVector.zero(S);
    FloatVector s3 = FloatVector.zero(S);
    int i = h.from + phase;
    for (; i <= h.to - 4 * l; i += 4 * l) {
      s0 = s0.add(FloatVector.fromArray(S, a, i));
      s1 = s1.add(FloatVector.fromArray(S, a, i + l));
      s2 = s2.add(FloatVector.fromArray(S, a, i + 2 * l));
      s3 = s3.add(FloatVector.fromArray(S, a, i + 3 * l));
    }
    float tail = 0;
    for (; i < h.to; i++) {
      tail += a[i];
    }
    return s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD) + tail;
  }
}
