package io.vlogit.internal.kernel;

/**
 * What {@link LogisticKernel#accumulateGradient} adds into, plus whatever scratch a kernel needs.
 * Sums are kept in double so that sums over many examples (and over many partial ranges) keep a
 * rounding error that can be bounded: kernels may accumulate a bounded number of examples in float
 * before adding the partial sum here (see each kernel for its bound).
 *
 * <p>Not thread-safe: one workspace per thread.
 */
public class GradientWorkspace {
  /** Σ s·dz·x, one entry per feature. */
  public final double[] gradient;

  /** Σ s·dz: the bias gradient before dividing by Σ s. */
  public double dzSum;

  /** Σ s·(softplus(z) − y·z): the cost before dividing by Σ s. */
  public double lossSum;

  /**
   * Whether the kernel forms the loss: when false it skips it (a log per example, as much work as σ
   * on narrow data) and leaves {@link #lossSum} as it is; the gradient and {@link #dzSum} keep
   * their bits. True unless a caller that does not read the cost says otherwise.
   */
  public boolean withLoss = true;

  public GradientWorkspace(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0 (got " + n + ")");
    }
    this.gradient = new double[n];
  }

  /** Number of features this workspace was made for. */
  public final int features() {
    return gradient.length;
  }

  /** Zeroes the sums. */
  public void clear() {
    java.util.Arrays.fill(gradient, 0.0);
    dzSum = 0.0;
    lossSum = 0.0;
  }

  /** Adds this workspace's sums into {@code total} (used to reduce per-block partials in order). */
  public final void addTo(GradientWorkspace total) {
    double[] g = total.gradient;
    for (int i = 0; i < gradient.length; i++) {
      g[i] += gradient[i];
    }
    total.dzSum += dzSum;
    total.lossSum += lossSum;
  }
}
