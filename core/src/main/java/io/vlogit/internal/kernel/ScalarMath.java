package io.vlogit.internal.kernel;

/**
 * The logistic functions in double, accurate over the whole range: shared by the scalar kernel, by
 * scoring and by the tests' float64 references.
 *
 * <p>Everything goes through {@code e = exp(−|z|)}, which lies in [0, 1] and so never overflows:
 * {@code σ(z) = 1/(1+e)} for {@code z ≥ 0} and {@code e/(1+e)} for {@code z < 0}, each a correctly
 * rounded exp followed by two roundings, so a few ulp of double even where σ is tiny (z = −700) or
 * rounds to 1. The loss {@code softplus(z) − y·z} is rewritten as {@code max(s, 0) + log1p(e)} with
 * {@code s = z} for y = 0 and {@code s = −z} for y = 1: no cancellation, and finite wherever z is
 * finite, where {@code −(y log a + (1−y) log(1−a))} gives infinity as soon as a rounds to 0 or 1.
 */
public final class ScalarMath {
  private ScalarMath() {}

  /** σ(z) = 1 / (1 + exp(−z)), in [0, 1], never NaN for non-NaN z. */
  public static double sigmoid(double z) {
    double e = Math.exp(-Math.abs(z));
    double r = 1.0 / (1.0 + e);
    return z >= 0 ? r : e * r;
  }

  /**
   * log(1 + t) for t ≥ 0, to a few ulp. Math.log1p is not a JIT intrinsic (it is a plain Java or
   * native fdlibm call) while Math.log is; the correction {@code t/(u−1)} recovers what rounding
   * {@code u = 1+t} lost (Goldberg 1991, "What every computer scientist should know about
   * floating-point arithmetic", theorem 4).
   */
  public static double log1p(double t) {
    double u = 1.0 + t;
    if (u == 1.0) {
      return t;
    }
    return Math.log(u) * (t / (u - 1.0));
  }

  /**
   * The logistic loss of logit z for label y ∈ {0, 1}: {@code softplus(z) − y·z}, which equals
   * {@code −(y log σ(z) + (1−y) log(1−σ(z)))}.
   */
  public static double loss(double z, double y) {
    double s = y == 1.0 ? -z : z;
    return Math.max(s, 0.0) + log1p(Math.exp(-Math.abs(z)));
  }

  /** Values checked between early exits by {@link #firstNonFinite}. */
  private static final int FINITE_RUN = 1024;

  /** {@link LogisticKernel#firstNonFinite} in plain Java: the scalar kernel's, and the tails'. */
  public static int firstNonFinite(float[] x, int from, int to) {
    for (int start = from; start < to; start += FINITE_RUN) {
      int end = Math.min(to, start + FINITE_RUN);
      // v − v is 0 for a finite v and NaN for ±∞ and NaN: a loop without an early exit, which C2
      // vectorizes (one that returns at the first bad value stays scalar, ~4× slower).
      boolean bad = false;
      for (int k = start; k < end; k++) {
        bad |= x[k] - x[k] != 0f;
      }
      if (bad) {
        for (int k = start; k < end; k++) {
          if (!Float.isFinite(x[k])) {
            return k;
          }
        }
      }
    }
    return -1;
  }

  /** {@link LogisticKernel#firstNonClass} in plain Java: the scalar kernel's, and the tails'. */
  public static int firstNonClass(float[] y, int from, int to, int classes) {
    for (int k = from; k < to; k++) {
      float v = y[k];
      if (!(v >= 0f && v < classes && v == (int) v)) {
        return k;
      }
    }
    return -1;
  }
}
