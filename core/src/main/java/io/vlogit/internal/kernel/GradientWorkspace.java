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
  /**
   * Σ s·dz·x, one entry per feature; for the softmax, one row of n entries per class (class c's at
   * {@code [c·n, c·n + n)}).
   */
  public final double[] gradient;

  /** Σ s·dz: the bias gradient before dividing by Σ s (binary). */
  public double dzSum;

  /** Softmax: Σ s·dz_c per class, the biases' gradient before dividing by Σ s; empty if binary. */
  public final double[] classDz;

  /** Softmax: one example's logits, then its exps (scratch for a kernel); empty if binary. */
  public final double[] classScratch;

  /** Σ s·(softplus(z) − y·z): the cost before dividing by Σ s. */
  public double lossSum;

  /**
   * Whether the kernel forms the loss: when false it skips it (a log per example, as much work as σ
   * on narrow data) and leaves {@link #lossSum} as it is; the gradient and {@link #dzSum} keep
   * their bits. True unless a caller that does not read the cost says otherwise.
   */
  public boolean withLoss = true;

  /**
   * Examples of the whole pass the next calls are parts of, when a caller splits one pass into
   * several calls (see {@link LogisticKernel#FLUSH}); 0 when each call is a pass of its own. A
   * kernel that chooses how to read by the size of the pass reads it here, so that the parts choose
   * as the whole would have, and add the same bits.
   */
  public int passExamples;

  /** A workspace of the binary model with n features. */
  public GradientWorkspace(int n) {
    this(n, 1);
  }

  /**
   * A workspace with n features and {@code classes} rows of weights: 1 for the binary model (one
   * logit per example), K ≥ 2 for the softmax.
   */
  public GradientWorkspace(int n, int classes) {
    if (n < 0 || classes < 1) {
      throw new IllegalArgumentException(
          "n must be >= 0 and classes >= 1 (got " + n + ", " + classes + ")");
    }
    this.features = n;
    this.gradient = new double[Math.multiplyExact(n, classes)];
    this.classDz = new double[classes == 1 ? 0 : classes];
    this.classScratch = new double[classes == 1 ? 0 : 2 * classes];
  }

  private final int features;

  /** Number of features this workspace was made for. */
  public final int features() {
    return features;
  }

  /** Rows of weights: 1 for the binary model, K for the softmax. */
  public final int classes() {
    return classDz.length == 0 ? 1 : classDz.length;
  }

  /** Zeroes the sums. */
  public void clear() {
    java.util.Arrays.fill(gradient, 0.0);
    java.util.Arrays.fill(classDz, 0.0);
    dzSum = 0.0;
    lossSum = 0.0;
  }

  /** Adds this workspace's sums into {@code total} (used to reduce per-block partials in order). */
  public final void addTo(GradientWorkspace total) {
    double[] g = total.gradient;
    for (int i = 0; i < gradient.length; i++) {
      g[i] += gradient[i];
    }
    for (int c = 0; c < classDz.length; c++) {
      total.classDz[c] += classDz[c];
    }
    total.dzSum += dzSum;
    total.lossSum += lossSum;
  }
}
