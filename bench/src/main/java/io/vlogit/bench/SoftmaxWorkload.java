package io.vlogit.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * A K-class workload, named "NxMxK" (generated: x = μ_y + N(0, 1), each class's centre μ_c of norm
 * about 2, labels uniform, so the classes overlap) or "fashion-mnist-10" (the real 60 000 training
 * images and their 10 classes, pixels / 255, when Debian's dataset-fashion-mnist is installed);
 * with a fixed model W, b (the centres / 2) so that the logits are in a realistic range.
 */
final class SoftmaxWorkload {
  final int n;
  final int m;
  final int k;
  final float[] x;
  final float[] y;
  final float[] w;
  final float[] b;

  private SoftmaxWorkload(int n, int m, int k, float[] x, float[] y, float[] w, float[] b) {
    this.n = n;
    this.m = m;
    this.k = k;
    this.x = x;
    this.y = y;
    this.w = w;
    this.b = b;
  }

  static SoftmaxWorkload of(String shape) {
    if (shape.equals("fashion-mnist-10")) {
      return fashionMnist();
    }
    String[] p = shape.split("x");
    return generate(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
  }

  static SoftmaxWorkload generate(int n, int m, int k) {
    SplittableRandom r = new SplittableRandom(((long) n << 40) ^ ((long) m << 8) ^ k);
    float[] centres = new float[k * n];
    for (int i = 0; i < centres.length; i++) {
      centres[i] = (float) (gaussian(r) * 2 / Math.sqrt(n));
    }
    float[] x = new float[n * m];
    float[] y = new float[m];
    for (int j = 0; j < m; j++) {
      int c = r.nextInt(k);
      y[j] = c;
      for (int i = 0; i < n; i++) {
        x[j * n + i] = (float) (centres[c * n + i] + gaussian(r));
      }
    }
    float[] w = new float[k * n];
    for (int i = 0; i < w.length; i++) {
      w[i] = centres[i] / 2;
    }
    return new SoftmaxWorkload(n, m, k, x, y, w, new float[k]);
  }

  private static SoftmaxWorkload fashionMnist() {
    try {
      byte[] images = gunzip("train-images-idx3-ubyte.gz");
      byte[] labels = gunzip("train-labels-idx1-ubyte.gz");
      ByteBuffer ib = ByteBuffer.wrap(images);
      ib.position(16);
      int m = 60_000;
      int n = 784;
      float[] x = new float[n * m];
      for (int q = 0; q < x.length; q++) {
        x[q] = (ib.get() & 0xff) / 255f;
      }
      float[] y = new float[m];
      for (int j = 0; j < m; j++) {
        y[j] = labels[8 + j] & 0xff;
      }
      float[] w = new float[10 * n];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (0.01 * Math.sin(i));
      }
      return new SoftmaxWorkload(n, m, 10, x, y, w, new float[10]);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "fashion-mnist-10 needs Debian's dataset-fashion-mnist in " + Workload.FASHION, e);
    }
  }

  private static byte[] gunzip(String name) throws IOException {
    try (InputStream in =
        new GZIPInputStream(Files.newInputStream(Workload.FASHION.resolve(name)), 1 << 16)) {
      return in.readAllBytes();
    }
  }

  /** Floating-point operations of one epoch's two products: 2·K·n·m each way. */
  double flops() {
    return 4.0 * k * n * m;
  }

  private static double gaussian(SplittableRandom r) {
    double u1 = 1 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
