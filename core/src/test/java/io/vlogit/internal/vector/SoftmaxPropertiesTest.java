package io.vlogit.internal.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.internal.kernel.GradientWorkspace;
import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.LogisticKernel;
import io.vlogit.testing.Cases;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Vector API softmax pass against the scalar reference: random K in 2..20 (with the edges 2, 3,
 * 4, 5, 16, 17, 20), n in 0..300 (with 1, L ± 1, 2L), m in 0..1200 (with the block and flush
 * edges), Gaussian and extreme logits (|z| up to 1e4), random labels, weights and example orders,
 * within bounds derived from the arithmetic (see {@link Bound}). Runs at every species width, like
 * VectorKernelPropertiesTest.
 */
class SoftmaxPropertiesTest {
  private static final LogisticKernel VECTOR = Kernels.vector();
  private static final LogisticKernel SCALAR = Kernels.scalar();
  private static final int L = Species.LANES;
  private static final double U = ErrorBound.U;
  private static final int TRIES = Species.NATIVE ? 200 : 100;

  record Case(
      float[] x,
      float[] y,
      float[] s,
      int n,
      int k,
      int[] rows,
      int from,
      int to,
      float[] w,
      float[] b,
      boolean large) {
    @Override
    public String toString() {
      return "n="
          + n
          + " K="
          + k
          + " positions="
          + from
          + ".."
          + to
          + (rows != null ? " by index" : "")
          + (s != null ? " weighted" : "")
          + (large ? " large logits" : "");
    }
  }

  static Case random(Random r) {
    int n = Cases.intWithEdges(r, 0, 300, List.of(0, 1, 2, L - 1, L, L + 1, 2 * L, 2 * L + 1, 300));
    int k = Cases.intWithEdges(r, 2, 20, List.of(2, 3, 4, 5, 16, 17, 20));
    return random(r, n, k);
  }

  /** A random case of n features and K classes, as {@link #random(Random)} draws the rest. */
  static Case random(Random r, int n, int k) {
    int m = Cases.intWithEdges(r, 0, 1200, List.of(0, 1, 15, 16, 17, 255, 256, 257, 1200));
    boolean large = r.nextInt(4) == 0;
    boolean weighted = r.nextBoolean();
    float[] x = new float[n * m];
    float[] y = new float[m];
    float[] s = weighted ? new float[m] : null;
    float[] w = new float[k * n];
    float[] b = new float[k];
    double wScale = (large ? 1e3 : 1) / Math.sqrt(Math.max(n, 1));
    for (int i = 0; i < w.length; i++) {
      w[i] = r.nextInt(10) == 0 ? 0f : (float) (r.nextGaussian() * wScale);
    }
    for (int c = 0; c < k; c++) {
      b[c] = (float) (r.nextGaussian() * (large ? 1e3 : 1));
    }
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    for (int j = 0; j < m; j++) {
      y[j] = r.nextInt(k);
      if (s != null) {
        s[j] = r.nextInt(4) == 0 ? 0f : (float) (r.nextDouble() * 10);
      }
    }
    int[] rows = null;
    int from = m == 0 ? 0 : r.nextInt(Math.min(m, 40) + 1);
    int to = m;
    if (m > 0 && r.nextBoolean()) {
      rows = new int[r.nextInt(2 * m + 1)];
      for (int q = 0; q < rows.length; q++) {
        rows[q] = r.nextInt(m);
      }
      from = 0;
      to = rows.length;
    }
    return new Case(x, y, s, n, k, rows, from, to, w, b, large);
  }

  /**
   * Bounds on |vector − scalar|, per example, from the vector pass's arithmetic (the scalar
   * reference, in double, errs by far less; 2^−40 relative is added for it):
   *
   * <ul>
   *   <li>a logit errs by Δ_c = γ(depth)·(Σ|w_c·x| + |b_c|) (ErrorBound.logit) plus u·|z_c| for its
   *       float store; Δ is the largest over the classes;
   *   <li>e_c = exp(z_c − max) errs relatively by 2Δ (z_c and max) + u·|z_c − max| (the
   *       subtraction) + 2u (the polynomial, 2e−9, and its roundings), and absolutely by 2^−140
   *       where it underflows (the exponent is clamped at −104);
   *   <li>S = Σ e_c relatively by Σ e_c·rel(e_c)/S + K·u; p_c = e_c/S by rel(e_c) + rel(S) + 2u;
   *   <li>dz_c = s·(p_c − [y = c]) by s·(δp_c + 2u·|p_c − [y = c]|);
   *   <li>sums over examples in float for at most FLUSH examples: γ(FLUSH + log2 L + 2) times the
   *       sum of the terms' magnitudes;
   *   <li>the loss (max − z_y) + log S by 2Δ + u·|max − z_y| + rel(S) + 6u·log S (the lanes' log,
   *       LaneMath#logAtLeastOne: 3.39 u of its log1p and two roundings, about 5.4 u) + 2^−40·(loss
   *       + 1).
   * </ul>
   */
  static final class Bound {
    final double[] gradient;
    final double[] dz;
    double loss;

    Bound(Case c) {
      int n = c.n;
      int k = c.k;
      gradient = new double[k * n];
      dz = new double[k];
      double[] z = new double[k];
      double[] delta = new double[k];
      double[] e = new double[k];
      double[] rel = new double[k];
      double sumGamma =
          ErrorBound.gamma(VectorKernel.FLUSH + Integer.numberOfTrailingZeros(L) + 2, U) + 0x1p-40;
      for (int p = c.from; p < c.to; p++) {
        int j = c.rows == null ? p : c.rows[p];
        int o = j * n;
        int label = (int) c.y[j];
        double s = c.s == null ? 1 : c.s[j];
        double max = Double.NEGATIVE_INFINITY;
        double bigDelta = 0;
        for (int q = 0; q < k; q++) {
          float[] row = java.util.Arrays.copyOfRange(c.w, q * n, q * n + n);
          z[q] = c.b[q];
          for (int i = 0; i < n; i++) {
            z[q] += (double) row[i] * c.x[o + i];
          }
          delta[q] = ErrorBound.logit(row, c.b[q], c.x, o, n) + U * Math.abs(z[q]);
          bigDelta = Math.max(bigDelta, delta[q]);
          max = Math.max(max, z[q]);
        }
        double sum = 0;
        double relSum = 0;
        for (int q = 0; q < k; q++) {
          e[q] = Math.exp(z[q] - max);
          rel[q] = 2 * bigDelta + U * Math.abs(z[q] - max) + 2 * U;
          sum += e[q];
          relSum += e[q] * rel[q];
        }
        double relS = relSum / sum + k * U;
        for (int q = 0; q < k; q++) {
          double prob = e[q] / sum;
          double exact = prob - (q == label ? 1 : 0);
          double dp = prob * (rel[q] + relS + 2 * U) + 0x1p-140;
          double ddz = s * (dp + 2 * U * Math.abs(exact)) + 0x1p-40 * s * Math.abs(exact);
          dz[q] += ddz + sumGamma * s * Math.abs(exact);
          for (int i = 0; i < n; i++) {
            double xi = Math.abs(c.x[o + i]);
            gradient[q * n + i] += ddz * xi + sumGamma * s * Math.abs(exact) * xi;
          }
        }
        double l = (max - z[label]) + Math.log(sum);
        loss +=
            s
                    * (2 * bigDelta
                        + U * Math.abs(max - z[label])
                        + relS
                        + 6 * U * Math.log(sum)
                        + 0x1p-40 * (l + 1))
                + 0x1p-50 * s * l;
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> softmaxPassAgreesWithTheScalarReference() {
    return Cases.check(
        TRIES,
        SoftmaxPropertiesTest::random,
        c -> {
          GradientWorkspace v = VECTOR.newWorkspace(c.n, c.k);
          GradientWorkspace s = SCALAR.newWorkspace(c.n, c.k);
          VECTOR.accumulateSoftmaxGradient(
              c.x, c.y, c.s, c.n, c.k, c.rows, c.from, c.to, c.w, c.b, v);
          SCALAR.accumulateSoftmaxGradient(
              c.x, c.y, c.s, c.n, c.k, c.rows, c.from, c.to, c.w, c.b, s);
          Bound bound = new Bound(c);
          for (int i = 0; i < c.k * c.n; i++) {
            double diff = Math.abs(v.gradient[i] - s.gradient[i]);
            assertTrue(
                diff <= bound.gradient[i],
                "class "
                    + i / Math.max(1, c.n)
                    + " feature "
                    + i % Math.max(1, c.n)
                    + ": vector "
                    + v.gradient[i]
                    + ", scalar "
                    + s.gradient[i]
                    + ", bound "
                    + bound.gradient[i]
                    + "; "
                    + c);
          }
          for (int q = 0; q < c.k; q++) {
            assertTrue(
                Math.abs(v.classDz[q] - s.classDz[q]) <= bound.dz[q],
                "Σdz of class "
                    + q
                    + ": "
                    + v.classDz[q]
                    + " vs "
                    + s.classDz[q]
                    + ", bound "
                    + bound.dz[q]
                    + "; "
                    + c);
          }
          assertTrue(
              Math.abs(v.lossSum - s.lossSum) <= bound.loss,
              "Σloss: " + v.lossSum + " vs " + s.lossSum + ", bound " + bound.loss + "; " + c);
          assertTrue(Double.isFinite(v.lossSum));

          // Clean workspace: a second pass adds the same bits again; without the loss, the
          // gradient keeps its bits.
          double[] first = v.gradient.clone();
          double[] firstDz = v.classDz.clone();
          double firstLoss = v.lossSum;
          v.clear();
          v.withLoss = false;
          VECTOR.accumulateSoftmaxGradient(
              c.x, c.y, c.s, c.n, c.k, c.rows, c.from, c.to, c.w, c.b, v);
          assertArrayEquals(first, v.gradient);
          assertArrayEquals(firstDz, v.classDz);
          assertEquals(0.0, v.lossSum);
          v.clear();
          v.withLoss = true;
          VECTOR.accumulateSoftmaxGradient(
              c.x, c.y, c.s, c.n, c.k, c.rows, c.from, c.to, c.w, c.b, v);
          assertEquals(firstLoss, v.lossSum);
        });
  }

  /**
   * A last group of one or two real classes (K mod 4 = 1 or 2) goes through both passes as a pair
   * ({@link SoftmaxPairLogits#dot8}, {@link SoftmaxBackward#twoClasses}): the same bits as through
   * a group of four, since each of the pair's sums takes the same terms in the same order either
   * way, and the forward pass folds them as dot16 does. Rows of L features to a few strips of four
   * vectors, so that the loops of two and four vectors, their vectors one at a time and the last
   * vector at n − L all run; against the scalar reference by the test above.
   */
  @TestFactory
  Stream<DynamicTest> lastClassesAsAPairAsInAGroupOfFour() {
    return Cases.check(
        Species.NATIVE ? 40 : 12,
        r -> {
          List<Integer> ks = List.of(2, 5, 6, 9, 10, 17, 18);
          int k = ks.get(r.nextInt(ks.size()));
          int n = Cases.intWithEdges(r, L, 12 * L + 3, List.of(L, L + 1, 4 * L, 4 * L + 1, 9 * L));
          return random(r, n, k);
        },
        c -> {
          SoftmaxWorkspace pair = (SoftmaxWorkspace) VECTOR.newWorkspace(c.n, c.k);
          SoftmaxWorkspace four = (SoftmaxWorkspace) VECTOR.newWorkspace(c.n, c.k);
          assertTrue(pair.lastPair, "the pair is the default; " + c);
          four.lastPair = false;
          VECTOR.accumulateSoftmaxGradient(
              c.x, c.y, c.s, c.n, c.k, c.rows, c.from, c.to, c.w, c.b, pair);
          VECTOR.accumulateSoftmaxGradient(
              c.x, c.y, c.s, c.n, c.k, c.rows, c.from, c.to, c.w, c.b, four);
          assertArrayEquals(four.gradient, pair.gradient, "gradient bits; " + c);
          assertArrayEquals(four.classDz, pair.classDz, "Σdz bits; " + c);
          assertEquals(four.lossSum, pair.lossSum, "loss bits; " + c);
        });
  }

  /**
   * Scoring's K logits against the scalar reference within ErrorBound.logit (plus the float store's
   * u·|z|), and the same bits for an example alone as in a batch.
   */
  @TestFactory
  Stream<DynamicTest> classLogitsAgreeWithTheScalarReference() {
    return Cases.check(
        TRIES,
        SoftmaxPropertiesTest::random,
        c -> {
          int m = c.x.length / Math.max(1, c.n);
          if (c.n == 0 || m == 0) {
            return;
          }
          int count = Math.min(m, 9);
          float[] v = new float[count * c.k + 2];
          float[] s = new float[count * c.k + 2];
          VECTOR.classLogits(c.w, c.b, c.k, c.x, 0, count, v, 1);
          SCALAR.classLogits(c.w, c.b, c.k, c.x, 0, count, s, 1);
          assertEquals(0f, v[0]);
          assertEquals(0f, v[count * c.k + 1], "wrote past the range");
          float[] alone = new float[c.k];
          for (int e = 0; e < count; e++) {
            VECTOR.classLogits(c.w, c.b, c.k, c.x, e * c.n, 1, alone, 0);
            for (int q = 0; q < c.k; q++) {
              float[] row = java.util.Arrays.copyOfRange(c.w, q * c.n, q * c.n + c.n);
              double bound =
                  ErrorBound.logit(row, c.b[q], c.x, e * c.n, c.n)
                      + 2 * U * Math.abs(s[1 + e * c.k + q])
                      + 0x1p-149;
              float got = v[1 + e * c.k + q];
              assertTrue(
                  Math.abs(got - s[1 + e * c.k + q]) <= bound,
                  "example "
                      + e
                      + " class "
                      + q
                      + ": "
                      + got
                      + " vs "
                      + s[1 + e * c.k + q]
                      + "; "
                      + c);
              assertEquals(
                  Float.floatToRawIntBits(got),
                  Float.floatToRawIntBits(alone[q]),
                  "alone and in a batch; " + c);
            }
          }
        });
  }
}
