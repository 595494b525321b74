package io.vlogit.internal.vector;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.*;

/**
 * Design measurement: ways to sum the lanes of a float vector in a fixed order (the Vector API's
 * reduceLanes(ADD) does not fix the order, and JDK 25's compiled order differs from the
 * interpreter's). Four independent sums per call, as in the register-blocked dot products.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class LaneSumBench {
  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;
  private static final VectorShuffle<Float> HALF = VectorShuffle.fromOp(S, i -> (i + L / 2) % L);
  private static final VectorShuffle<Float> QUARTER = VectorShuffle.fromOp(S, i -> (i + L / 4) % L);
  private static final VectorShuffle<Float> EIGHTH = VectorShuffle.fromOp(S, i -> (i + L / 8) % L);

  float[] data = new float[4 * L];
  float[] scratch = new float[4 * L];

  @Setup
  public void setup() {
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) Math.sin(i);
    }
  }

  @Benchmark
  public float reduceLanes() {
    float s = 0;
    for (int k = 0; k < 4; k++) {
      s += FloatVector.fromArray(S, data, k * L).reduceLanes(VectorOperators.ADD);
    }
    return s;
  }

  @Benchmark
  public float storeAndScalarTree() {
    for (int k = 0; k < 4; k++) {
      FloatVector.fromArray(S, data, k * L).intoArray(scratch, k * L);
    }
    float s = 0;
    for (int k = 0; k < 4; k++) {
      s += treeSum(scratch, k * L, L);
    }
    return s;
  }

  private static float treeSum(float[] a, int from, int count) {
    if (count == 1) {
      return a[from];
    }
    int half = count / 2;
    return treeSum(a, from, half) + treeSum(a, from + half, half);
  }

  @Benchmark
  public float rearrangeTree() {
    float s = 0;
    for (int k = 0; k < 4; k++) {
      FloatVector v = FloatVector.fromArray(S, data, k * L);
      v = v.add(v.rearrange(HALF));
      if (L >= 4) {
        v = v.add(v.rearrange(QUARTER));
      }
      if (L >= 8) {
        v = v.add(v.rearrange(EIGHTH));
      }
      s += v.lane(0);
    }
    return s;
  }
}
