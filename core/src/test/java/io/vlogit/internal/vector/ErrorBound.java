package io.vlogit.internal.vector;

/**
 * How far the float Vector API kernel may be from the scalar reference (double arithmetic on the
 * same float inputs), derived from the arithmetic, per example, from the data.
 *
 * <p>Notation: u = 2^−24 (float), γ(k) = k·u/(1 − k·u); a sum of terms t computed through any tree
 * of depth k errs by at most γ(k)·Σ|t| (Higham, Accuracy and Stability of Numerical Algorithms,
 * §4.2), plus 2^−150 per operation where a result underflows (subnormal inputs). FMA rounds once,
 * so a chain of k FMAs is a depth-k sum of exact products.
 *
 * <ul>
 *   <li><b>Logit.</b> Wide path: each lane accumulates its products in two chains (even and odd
 *       vectors, ⌈n/L⌉ in all; the overlapping tail adds exact zeros), then the two chains are
 *       added, then the log2(L) levels of the lane tree, then + b: depth ⌈n/L⌉ + log2 L + 2. Narrow
 *       path: two chains of ⌈n/2⌉ + 1 then their sum: depth ⌈n/2⌉ + 2. So with Z = Σ|w_i x_i| +
 *       |b|, |ẑ − z| ≤ γ(kz)·Z + kz·2^−150, kz = max of the two.
 *   <li><b>σ.</b> σ is ¼-Lipschitz, and the lanes' σ errs by ≤ {@link LaneMathTest#SIGMOID_ERROR}
 *       relative (or 2^−148 absolute where σ is subnormal): |â − a| ≤ |ẑ − z|/4 + ε_σ·a + 2^−148.
 *   <li><b>dz = s·(a − y).</b> Plus one rounding for the subtraction and one for the weight: |d̂z −
 *       dz| ≤ s·|â − a| + 2u·|dz|.
 *   <li><b>Loss = max(z(1−2y), 0) + log1p(e).</b> softplus(z) − yz is 1-Lipschitz in z; log1p(e)
 *       errs by ≤ (ε_log1p + 2ε_exp)·log1p(e) (d log1p(e)/de ≤ 1, e errs by ε_exp·e, and e ≤
 *       log1p(e)/ln 2 on [0, 1]); the max and z(1−2y) are exact; two more roundings (the add and
 *       ·s): |l̂ − l| ≤ s·(|ẑ − z| + (ε_log1p + 2ε_exp)·log1p(e) + 2u·l).
 *   <li><b>Sums over examples</b> (gradient, Σdz, Σloss): the kernel sums at most FLUSH examples in
 *       float per lane (then the lane tree) before adding into double: depth FLUSH + log2 L + 1, so
 *       each sum errs by Σ_j |error of term j| + γ(FLUSH + log2 L + 1)·Σ_j |term j| (terms taken
 *       with their own error bound added) + the double accumulation, (m/FLUSH + 2)·2^−53 relative.
 *   <li><b>The reference</b> errs by γ₅₃(n+2)·Z in z and γ₅₃(m)·Σ|term| in its sums; added as well.
 * </ul>
 */
final class ErrorBound {
  static final double U = 0x1p-24;
  static final double U53 = 0x1p-53;
  static final double TINY = 0x1p-148;

  final double[] gradient;
  final double dzSum;
  final double lossSum;

  private ErrorBound(double[] gradient, double dzSum, double lossSum) {
    this.gradient = gradient;
    this.dzSum = dzSum;
    this.lossSum = lossSum;
  }

  static double gamma(double k, double unit) {
    return k * unit / (1 - k * unit);
  }

  /** Depth of the logit's sum in the vector kernel for n features. */
  static int logitDepth(int n) {
    int lanes = Species.LANES;
    int log2 = Integer.numberOfTrailingZeros(lanes);
    int wide = (n + lanes - 1) / lanes + log2 + 2;
    int narrow = (n + 1) / 2 + 2;
    return Math.max(wide, narrow);
  }

  /** Bound on |ẑ − z| for one example. */
  static double logit(float[] w, float b, float[] x, int offset, int n) {
    double z = Math.abs(b);
    for (int i = 0; i < n; i++) {
      z += Math.abs((double) w[i] * x[offset + i]);
    }
    int depth = logitDepth(n);
    return gamma(depth, U) * z + depth * 0x1p-150 + gamma(n + 2, U53) * z;
  }

  /** Bound on |σ̂(ẑ) − σ(z)| given the logit's bound dz and the exact σ. */
  static double probability(double logitError, double a) {
    return logitError / 4 + LaneMathTest.SIGMOID_ERROR * a + TINY;
  }

  static ErrorBound of(
      float[] x, float[] y, float[] s, int n, int from, int to, float[] w, float b) {
    return of(x, y, s, n, null, from, to, w, b);
  }

  /** The bound for the examples at positions [from, to): the position, or rows[position]. */
  static ErrorBound of(
      float[] x, float[] y, float[] s, int n, int[] rows, int from, int to, float[] w, float b) {
    double[] gradError = new double[n];
    double[] gradAbs = new double[n];
    double dzError = 0;
    double dzAbs = 0;
    double lossError = 0;
    double lossAbs = 0;
    for (int p = from; p < to; p++) {
      int j = rows == null ? p : rows[p];
      int o = j * n;
      double zErr = logit(w, b, x, o, n);
      double z = b;
      for (int i = 0; i < n; i++) {
        z += (double) w[i] * x[o + i];
      }
      double e = Math.exp(-Math.abs(z));
      double a = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      double weight = s == null ? 1 : s[j];
      double dz = weight * (a - y[j]);
      double dzErr = weight * probability(zErr, a) + 2 * U * Math.abs(dz);
      double log1p = Math.log1p(e);
      double loss = Math.max(y[j] == 1 ? -z : z, 0) + log1p;
      double lossErr =
          weight
              * (zErr
                  + (LaneMathTest.LOG1P_ERROR + 2 * LaneMathTest.EXP_ERROR) * log1p
                  + 2 * U * loss
                  + TINY);
      dzError += dzErr;
      dzAbs += Math.abs(dz) + dzErr;
      lossError += lossErr;
      lossAbs += weight * loss + lossErr;
      for (int i = 0; i < n; i++) {
        double xi = Math.abs(x[o + i]);
        gradError[i] += dzErr * xi;
        gradAbs[i] += (Math.abs(dz) + dzErr) * xi;
      }
    }
    int m = to - from;
    double sumDepth = VectorKernel.FLUSH + Integer.numberOfTrailingZeros(Species.LANES) + 1;
    double sumError =
        gamma(sumDepth, U) + (m / (double) VectorKernel.FLUSH + 2) * U53 + gamma(m + 1, U53);
    double underflow = (m + sumDepth) * 0x1p-150;
    for (int i = 0; i < n; i++) {
      gradError[i] += sumError * gradAbs[i] + underflow;
    }
    return new ErrorBound(
        gradError,
        dzError + sumError * dzAbs + underflow,
        lossError + sumError * lossAbs + underflow);
  }
}
