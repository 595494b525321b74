package io.vlogit.bench;

import java.util.SplittableRandom;

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

  /** Parses "NxM", as the benchmarks' shape parameter spells it. */
  public static Workload of(String shape) {
    String[] p = shape.split("x");
    return generate(Integer.parseInt(p[0]), Integer.parseInt(p[1]), 20261123L);
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
