package io.vlogit.bench;

import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import io.vlogit.internal.kernel.GradientWorkspace;
import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.LogisticKernel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * One multinomial epoch's gradient and cost (K classes) over a whole workload, single thread:
 * vlogit's fused softmax pass on the Vector API ({@code vlogit-vector}) and its scalar reference,
 * against the two-sgemm epoch ({@link BlasSoftmaxEpoch}) on netlib's JavaBLAS (VectorBLAS where the
 * Vector API module is loaded) and NativeBLAS (the system's OpenBLAS), and against the native fused
 * epoch in C ({@code native-c}, fused_softmax.c, built for this CPU; see {@link NativeEpoch}). The
 * setup checks that every implementation computes the scalar reference's gradient and cost. An
 * epoch is 4·K·n·m flops ({@link SoftmaxWorkload#flops}): divide by the time for the rate, and
 * compare with RooflineBench.fmaPeak.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
public class SoftmaxEpochBench {
  @Param({"784x60000x10", "128x100000x4", "30x5000x3"})
  public String shape;

  @Param({"vlogit-vector", "vlogit-scalar", "netlib-java", "netlib-native", "native-c"})
  public String impl;

  /**
   * What the JVM ran before the measured epochs: {@code none}, or {@code by-index}, vlogit's
   * softmax pass on the same data through a row index (every example, in order) for two seconds, as
   * {@link EpochBench#before} does for the binary pass.
   */
  @Param({"none"})
  public String before;

  SoftmaxWorkload data;
  LogisticKernel kernel;
  GradientWorkspace ws;
  BlasSoftmaxEpoch blas;
  float[] g;

  @Setup(Level.Trial)
  public void setup() {
    data = SoftmaxWorkload.of(shape);
    g = new float[data.k * data.n];
    switch (impl) {
      case "vlogit-vector" -> kernel = Kernels.vector();
      case "vlogit-scalar" -> kernel = Kernels.scalar();
      case "netlib-java" -> blas = new BlasSoftmaxEpoch(JavaBLAS.getInstance(), data.k, data.m);
      case "netlib-native" -> blas = new BlasSoftmaxEpoch(NativeBLAS.getInstance(), data.k, data.m);
      case "native-c" -> {
        if (NativeEpoch.problem() != null) {
          throw new IllegalStateException("native-c not run: " + NativeEpoch.problem());
        }
        nativeOut = new double[data.k * data.n + data.k + 1];
        KernelNote.print("SoftmaxEpochBench", "native-c", NativeEpoch.describe());
      }
      default -> throw new IllegalArgumentException(impl);
    }
    if (kernel != null) {
      ws = kernel.newWorkspace(data.n, data.k);
      KernelNote.print("SoftmaxEpochBench", impl, kernel);
    }
    checkAgainstScalar();
    Before.run(
        before,
        impl,
        data.m,
        kernel == null
            ? null
            : rows -> {
              ws.clear();
              kernel.accumulateSoftmaxGradient(
                  data.x, data.y, null, data.n, data.k, rows, 0, data.m, data.w, data.b, ws);
            });
  }

  /**
   * Every implementation's gradient and cost against the scalar reference (double) within an
   * acceptance threshold of 1e−4 of the largest entry and of the cost: float sums over a whole
   * epoch (sgemm's, up to m terms) and float logits err by well under that here.
   */
  private void checkAgainstScalar() {
    GradientWorkspace ref = Kernels.scalar().newWorkspace(data.n, data.k);
    Kernels.scalar()
        .accumulateSoftmaxGradient(
            data.x, data.y, null, data.n, data.k, null, 0, data.m, data.w, data.b, ref);
    double cost = epoch();
    double[] got = new double[g.length];
    if (ws != null) {
      System.arraycopy(ws.gradient, 0, got, 0, got.length);
    } else if (nativeOut != null) {
      System.arraycopy(nativeOut, 0, got, 0, got.length);
    } else {
      for (int c = 0; c < data.k; c++) {
        for (int i = 0; i < data.n; i++) {
          got[c * data.n + i] = g[c * data.n + i]; // sgemm's G is n × K, column-major: rows
        }
      }
    }
    double scale = 0;
    double worst = 0;
    for (int i = 0; i < got.length; i++) {
      scale = Math.max(scale, Math.abs(ref.gradient[i]));
      worst = Math.max(worst, Math.abs(got[i] - ref.gradient[i]));
    }
    double costError = Math.abs(cost - ref.lossSum) / ref.lossSum;
    if (worst > 1e-4 * scale || costError > 1e-4) {
      throw new IllegalStateException(
          impl
              + " computes something else on "
              + shape
              + ": gradient off by "
              + worst / scale
              + " of the largest, cost by "
              + costError);
    }
  }

  double[] nativeOut;

  @Benchmark
  public double epoch() {
    if (nativeOut != null) {
      NativeEpoch.softmaxEpoch(data.x, data.y, data.n, data.m, data.k, data.w, data.b, nativeOut);
      return nativeOut[data.k * data.n + data.k];
    }
    if (kernel != null) {
      ws.clear();
      kernel.accumulateSoftmaxGradient(
          data.x, data.y, null, data.n, data.k, null, 0, data.m, data.w, data.b, ws);
      return ws.lossSum;
    }
    return blas.epoch(data.x, data.y, data.n, data.m, data.k, data.w, data.b, g);
  }
}
