package io.vlogit.bench;

import io.vlogit.io.NpyFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * A benchmark data set, generated deterministically: x ~ N(0, 1), labels drawn from a fixed true
 * model (so the data is not separable and training does not run off to infinity), and a set of
 * weights and bias from the middle of training (the true model, halved) so that z is realistic.
 * Same shape, same bytes, on every machine and in every fork.
 */
public final class Workload {
  public final int n;
  public final int m;

  /** Column-major: example j's features at x[j*n .. j*n+n). */
  public final float[] x;

  public final float[] y;
  public final float[] w;
  public final float b;

  private Workload(int n, int m, float[] x, float[] y, float[] w, float b) {
    this.n = n;
    this.m = m;
    this.x = x;
    this.y = y;
    this.w = w;
    this.b = b;
  }

  /**
   * Where Debian's dataset-fashion-mnist package puts the data (-Dvlogit.bench.fashion overrides).
   */
  static final Path FASHION =
      Path.of(System.getProperty("vlogit.bench.fashion", "/usr/share/datasets/fashion-mnist"));

  /**
   * A workload by name, as the benchmarks' shape parameter spells it: "NxM" (generated),
   * "fashion-mnist" (the real training set, if installed), or "npy:X.npy,y.npy" (your data, X of
   * shape (examples, features)).
   */
  public static Workload of(String shape) {
    try {
      if (shape.equals("fashion-mnist")) {
        return fashionMnist(FASHION);
      }
      if (shape.startsWith("npy:")) {
        String[] files = shape.substring(4).split(",");
        NpyFile.Matrix x =
            NpyFile.readMatrix(Path.of(files[0]), NpyFile.Orientation.EXAMPLES_BY_FEATURES);
        return real(x.values(), NpyFile.readLabels(Path.of(files[1])), x.features());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String[] p = shape.split("x");
    return generate(Integer.parseInt(p[0]), Integer.parseInt(p[1]), 20261123L);
  }

  /** True if the Fashion-MNIST training set is where {@link #FASHION} says. */
  public static boolean fashionMnistInstalled() {
    return Files.isReadable(FASHION.resolve("train-images-idx3-ubyte.gz"))
        && Files.isReadable(FASHION.resolve("train-labels-idx1-ubyte.gz"));
  }

  /** n·m of a workload name, without loading it. */
  public static long floats(String shape) {
    if (shape.equals("fashion-mnist")) {
      return 784L * 60000;
    }
    String[] nm = shape.split("x");
    return Long.parseLong(nm[0]) * Long.parseLong(nm[1]);
  }

  /**
   * Fashion-MNIST's 60 000 training images (IDX files, gzipped): pixels / 255 as 784 features,
   * label 1 for classes 5, 7 and 9 (sandal, sneaker, ankle boot: footwear), 0 otherwise.
   */
  static Workload fashionMnist(Path dir) throws IOException {
    byte[] images = gunzip(dir.resolve("train-images-idx3-ubyte.gz"));
    byte[] labels = gunzip(dir.resolve("train-labels-idx1-ubyte.gz"));
    ByteBuffer ib = ByteBuffer.wrap(images);
    ByteBuffer lb = ByteBuffer.wrap(labels);
    if (ib.getInt() != 0x803 || lb.getInt() != 0x801) {
      throw new IOException(dir + ": not the IDX files of Fashion-MNIST");
    }
    int m = ib.getInt();
    int n = ib.getInt() * ib.getInt();
    if (lb.getInt() != m) {
      throw new IOException(dir + ": images and labels differ in count");
    }
    float[] x = new float[n * m];
    for (int k = 0; k < x.length; k++) {
      x[k] = (ib.get() & 0xff) / 255f;
    }
    float[] y = new float[m];
    for (int j = 0; j < m; j++) {
      int c = lb.get() & 0xff;
      y[j] = c == 5 || c == 7 || c == 9 ? 1f : 0f;
    }
    return real(x, y, n);
  }

  /** Real data with a small, fixed model (so z is in a realistic range). */
  private static Workload real(float[] x, float[] y, int n) {
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) (0.01 * Math.sin(i));
    }
    return new Workload(n, y.length, x, y, w, 0f);
  }

  private static byte[] gunzip(Path p) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(p), 1 << 16)) {
      return in.readAllBytes();
    }
  }

  public static Workload generate(int n, int m, long seed) {
    SplittableRandom r = new SplittableRandom(seed ^ ((long) n << 32) ^ m);
    float[] truth = new float[n];
    for (int i = 0; i < n; i++) {
      truth[i] = (float) (gaussian(r) * 2 / Math.sqrt(n));
    }
    float bias = 0.25f;
    float[] x = new float[n * m];
    float[] y = new float[m];
    for (int j = 0; j < m; j++) {
      double z = bias;
      for (int i = 0; i < n; i++) {
        float v = (float) gaussian(r);
        x[j * n + i] = v;
        z += truth[i] * v;
      }
      y[j] = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1f : 0f;
    }
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = truth[i] / 2;
    }
    return new Workload(n, m, x, y, w, bias / 2);
  }

  /** Bytes of X read by one pass. */
  public long bytes() {
    return 4L * n * m;
  }

  private static double gaussian(SplittableRandom r) {
    // Box–Muller; SplittableRandom has no nextGaussian on JDK 17.
    double u1 = 1 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
