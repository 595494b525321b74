package io.vlogit.bench;

import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import io.vlogit.internal.kernel.GradientWorkspace;
import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.LogisticKernel;
import io.vlogit.internal.train.ParallelGradient;
import io.vlogit.internal.train.TrainingSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * One epoch's gradient and cost over a whole workload, single thread, by each implementation:
 *
 * <ul>
 *   <li>{@code vlogit-vector}: vlogit's fused Vector API kernel (this JVM's width:
 *       -Dvlogit.vector.bits);
 *   <li>{@code vlogit-vector-nocost}: the same kernel without the cost (σ and the gradient only),
 *       as training runs it between the iterations {@code costEvery} asks the cost for;
 *   <li>{@code vlogit-scalar}: vlogit's fused scalar reference;
 *   <li>{@code seed-loop}: the textbook per-example loop ({@link SeedLoop});
 *   <li>{@code netlib-java}: the two-pass BLAS epoch ({@link BlasEpoch}) on netlib's JavaBLAS,
 *       which is VectorBLAS where the Vector API module is loaded;
 *   <li>{@code netlib-native}: the same on netlib's NativeBLAS (the system's libblas.so.3, OpenBLAS
 *       with Debian's libopenblas0);
 *   <li>{@code vlogit-threads-2} (not among the defaults): the trainer's data-parallel evaluation
 *       on two threads, as {@link ThreadsBench} runs it, for {@link PairedEpochBench}'s speed-up.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class EpochBench {
  @Param({"2x1000", "30x569", "256x512", "8x1000000", "128x100000", "784x60000"})
  public String shape;

  @Param({
    "vlogit-vector",
    "vlogit-scalar",
    "seed-loop",
    "netlib-java",
    "netlib-native",
    "native-c"
  })
  public String impl;

  /**
   * What the JVM ran before the measured epochs: {@code none}, or {@code by-index}, vlogit's kernel
   * on the same data through a row index (every example, in order) for two seconds, as in a JVM
   * that trained with a shuffle or a held-out split before a fit on whole data. A kernel whose
   * compiled code depends on which it saw first is faster in one of these than in the other
   * (bench/README.md, "Fits with and without a row index in one JVM").
   */
  @Param({"none"})
  public String before;

  Workload data;
  LogisticKernel kernel;
  GradientWorkspace ws;
  BlasEpoch blas;
  float[] dw;
  float[] db = new float[1];

  @Setup(Level.Trial)
  public void setup() {
    setup(Workload.of(shape));
  }

  /**
   * Sets up {@link #impl} on data already loaded, as {@link PairedEpochBench} does for two
   * implementations reading one array.
   */
  void setup(Workload workload) {
    data = workload;
    dw = new float[data.n];
    switch (impl) {
      case "vlogit-vector", "vlogit-vector-nocost" -> kernel = Kernels.vector();
      case "vlogit-scalar" -> kernel = Kernels.scalar();
      case "netlib-java" -> blas = new BlasEpoch(JavaBLAS.getInstance(), data.m);
      case "netlib-native" -> blas = new BlasEpoch(NativeBLAS.getInstance(), data.m);
      case "seed-loop" -> {}
      case "vlogit-threads-2" -> {
        set = new TrainingSet(data.x, data.y, null, data.n, null, 0, data.m);
        parallel = new ParallelGradient(Kernels.vector(), data.n, 2, null);
        ws = Kernels.vector().newWorkspace(data.n);
        KernelNote.print("EpochBench", impl, Kernels.vector());
      }
      case "native-c" -> {
        if (NativeEpoch.problem() != null) {
          throw new IllegalStateException("native-c not run: " + NativeEpoch.problem());
        }
        nativeOut = new double[data.n + 2];
        nativeAcc = new float[data.n];
        checkNativeAgainstScalar();
      }
      default -> throw new IllegalArgumentException(impl);
    }
    if (kernel != null) {
      ws = kernel.newWorkspace(data.n);
      ws.withLoss = !impl.endsWith("-nocost");
      KernelNote.print("EpochBench", impl, kernel);
    }
    Before.run(
        before,
        impl,
        data.m,
        kernel == null
            ? null
            : rows -> {
              ws.clear();
              kernel.accumulateGradient(
                  data.x, data.y, null, data.n, rows, 0, data.m, data.w, data.b, ws);
            });
  }

  double[] nativeOut;
  float[] nativeAcc;
  TrainingSet set;
  ParallelGradient parallel;

  @TearDown(Level.Trial)
  public void tearDown() {
    if (parallel != null) {
      parallel.close();
    }
  }

  /**
   * The native epoch computes what vlogit's kernels do: its loss sum and gradient against the
   * scalar reference's (double) on this workload, within an acceptance threshold of 1e−4 of the
   * largest: its float sums run over 256 examples before they are added in double (γ(256 + n/W) ≈
   * 2e−5 relative at worst for the sums here, n ≤ 1024) and libm's or libmvec's expf and log1pf err
   * by a few ulp.
   */
  private void checkNativeAgainstScalar() {
    GradientWorkspace ref = Kernels.scalar().newWorkspace(data.n);
    Kernels.scalar()
        .accumulateGradient(data.x, data.y, null, data.n, null, 0, data.m, data.w, data.b, ref);
    NativeEpoch.epoch(data.x, data.y, data.n, data.m, data.w, data.b, nativeOut, nativeAcc);
    double scale = Math.abs(ref.dzSum);
    double worst = Math.abs(nativeOut[data.n] - ref.dzSum);
    for (int i = 0; i < data.n; i++) {
      scale = Math.max(scale, Math.abs(ref.gradient[i]));
      worst = Math.max(worst, Math.abs(nativeOut[i] - ref.gradient[i]));
    }
    double lossError = Math.abs(nativeOut[data.n + 1] - ref.lossSum) / ref.lossSum;
    if (worst > 1e-4 * scale || lossError > 1e-4) {
      throw new IllegalStateException(
          "native-c computes something else on "
              + shape
              + ": gradient off by "
              + worst / scale
              + " of the largest, loss by "
              + lossError);
    }
    KernelNote.print("EpochBench", "native-c", NativeEpoch.describe());
  }

  @Benchmark
  public double epoch() {
    if (nativeOut != null) {
      NativeEpoch.epoch(data.x, data.y, data.n, data.m, data.w, data.b, nativeOut, nativeAcc);
      return nativeOut[data.n + 1];
    }
    if (parallel != null) {
      parallel.evaluate(set, 0, data.m, data.w, data.b, ws);
      return ws.lossSum + ws.dzSum;
    }
    if (kernel != null) {
      ws.clear();
      kernel.accumulateGradient(data.x, data.y, null, data.n, null, 0, data.m, data.w, data.b, ws);
      return ws.lossSum + ws.dzSum;
    }
    if (blas != null) {
      return blas.epoch(data.x, data.y, data.n, data.m, data.w, data.b, dw);
    }
    return SeedLoop.epoch(data.x, data.y, data.n, data.m, data.w, data.b, dw, db);
  }
}
