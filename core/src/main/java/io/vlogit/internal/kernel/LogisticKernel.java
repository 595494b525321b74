package io.vlogit.internal.kernel;

/**
 * A compute kernel for logistic regression on column-major data: example {@code j}'s {@code n}
 * features are {@code x[j*n .. j*n+n)}. Binary (one logit, σ) and multinomial (K logits, softmax).
 *
 * <p>Kernels are stateless and thread-safe; per-thread scratch lives in the {@link
 * GradientWorkspace} a kernel creates. No method allocates.
 */
public interface LogisticKernel {

  /**
   * Examples summed before partial sums go into the workspace's double sums. Calls over consecutive
   * ranges of positions into one workspace, split at multiples of FLUSH counted from the first
   * call's {@code from}, add the same bits as one call over the whole range: what lets a pass over
   * data in several arrays ({@code io.vlogit.internal.train.ExampleBlocks}) give the bits of a pass
   * over one.
   */
  int FLUSH = 256;

  /** Short name for logs and reports, for example {@code scalar} or {@code vector-256}. */
  String name();

  /** A workspace for {@link #accumulateGradient} with {@code n} features; one per thread. */
  GradientWorkspace newWorkspace(int n);

  /**
   * One fused pass over the examples {@code j} for positions {@code [from, to)}: {@code j} is the
   * position itself, or {@code rows[position]} when {@code rows} is given (a shuffled order, a
   * held-out split). For each example, the forward pass ({@code z = w·x + b}, {@code a = σ(z)}) and
   * the backward pass ({@code dz = a − y}) while the example is in registers or L1. Adds into
   * {@code ws}: {@code Σ s·dz·x} (the gradient, one entry per feature), {@code Σ s·dz} and {@code Σ
   * s·(softplus(z) − y·z)}, where {@code s} is the example's weight ({@code weights[j]}, or 1 when
   * {@code weights} is null). Nothing is divided by m here: the caller owns the normalization, so
   * partial sums over ranges add up exactly as one sum would.
   *
   * @param rows example indices, or null for the examples {@code [from, to)} themselves
   * @param w the n weights ({@code w.length} may exceed n; only the first n are read)
   */
  void accumulateGradient(
      float[] x,
      float[] y,
      float[] weights,
      int n,
      int[] rows,
      int from,
      int to,
      float[] w,
      float b,
      GradientWorkspace ws);

  /** {@code w·x + b} for the example at {@code x[offset .. offset+w.length)}. */
  float logit(float[] w, float b, float[] x, int offset);

  /** Logits of {@code count} consecutive examples (n = w.length) into {@code out[outOffset..]}. */
  void logits(float[] w, float b, float[] x, int offset, int count, float[] out, int outOffset);

  /**
   * σ(z) in [0, 1] (0 and 1 at ±∞), with the same bits as {@link #sigmoid(float[], int, int)} gives
   * that value.
   */
  float sigmoid(float z);

  /** σ of {@code z[offset .. offset+count)}, in place: each in [0, 1] (0 and 1 at ±∞). */
  void sigmoid(float[] z, int offset, int count);

  /**
   * σ(logit) of {@code count} consecutive examples into {@code out[outOffset..]}, each in [0, 1].
   */
  void probabilities(
      float[] w, float b, float[] x, int offset, int count, float[] out, int outOffset);

  /**
   * A workspace for {@link #accumulateSoftmaxGradient} with {@code n} features and {@code classes}
   * ≥ 2 classes; one per thread.
   */
  GradientWorkspace newWorkspace(int n, int classes);

  /**
   * The softmax's fused pass over positions [from, to) (as in {@link #accumulateGradient}): for
   * each example, {@code z_c = w_c·x + b_c} for the K classes ({@code w_c} the n weights at {@code
   * w[c·n ..]}), {@code p = softmax(z)} and {@code dz_c = p_c − [y = c]}. Adds into {@code ws}:
   * {@code Σ s·dz_c·x} into gradient row c, {@code Σ s·dz_c} into {@code classDz[c]} and {@code Σ
   * s·(logsumexp(z) − z_y)} into {@code lossSum} (when {@code ws.withLoss}). Labels are class
   * indices 0..K−1, held as floats. Nothing is divided by Σ s.
   */
  void accumulateSoftmaxGradient(
      float[] x,
      float[] y,
      float[] weights,
      int n,
      int classes,
      int[] rows,
      int from,
      int to,
      float[] w,
      float[] b,
      GradientWorkspace ws);

  /**
   * The K = {@code classes} logits {@code w_c·x + b_c} of {@code count} consecutive examples (n =
   * w.length / K): example k's class c into {@code out[outOffset + k·K + c]}.
   */
  void classLogits(
      float[] w,
      float[] b,
      int classes,
      float[] x,
      int offset,
      int count,
      float[] out,
      int outOffset);

  /**
   * Softmax in place over {@code count} consecutive groups of K = {@code classes} logits: each
   * value in [0, 1] (exactly 0 where the logit is more than ~104 below the group's largest), their
   * sum 1 within a few float roundings; finite for finite logits.
   */
  void softmax(float[] z, int offset, int count, int classes);

  /**
   * The index of the first value in x[from, to) that is NaN or infinite, or −1 if every one is
   * finite: the check of data as it arrives, at the speed of a pass over it.
   */
  int firstNonFinite(float[] x, int from, int to);

  /**
   * The index of the first label in y[from, to) that is not a class index, a whole number 0 ≤ v
   * &lt; {@code classes} (NaN is not), or −1 if every one is: the check of labels as they arrive.
   * {@code classes} is at most 2²⁴, so that every class index is a float exactly.
   */
  int firstNonClass(float[] y, int from, int to, int classes);
}
