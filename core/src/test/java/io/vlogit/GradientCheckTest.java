package io.vlogit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.internal.kernel.GradientWorkspace;
import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.LogisticKernel;
import io.vlogit.testing.Cases;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The gradient the scalar reference computes is the gradient of the cost: it equals central finite
 * differences of J, computed in double by independent test code, to relative error 1e−6.
 *
 * <p>Why a correct gradient passes: with step h, central differences err by at most h²/6·max|∂³J|
 * (truncation) plus 2·ε·|J|/h (rounding of two costs with relative error ε ≤ 1e−14). Along
 * coordinate i, ∂³J = (1/m) Σ σ''(z_j)·x_ij³ and |σ''| = |σ(1−σ)(1−2σ)| ≤ 1/(6√3), so max|∂³J| ≤
 * max|x|³/(6√3). The test computes this bound from the data and checks that it is below 1e−7 of the
 * largest gradient component, so an error above 1e−6 can only come from a wrong gradient.
 */
class GradientCheckTest {
  private static final LogisticKernel SCALAR = Kernels.scalar();

  /** A small random problem: n features, m examples, data from the seed. */
  record Problem(long seed, int n, int m) {
    static Problem random(Random r) {
      return new Problem(r.nextLong(), 1 + r.nextInt(12), 1 + r.nextInt(60));
    }
  }

  @TestFactory
  Stream<DynamicTest> gradientEqualsFiniteDifferences() {
    return Cases.check(60, Problem::random, p -> gradientEqualsFiniteDifferences(p.seed, p.n, p.m));
  }

  private void gradientEqualsFiniteDifferences(long seed, int n, int m) {
    Dataset d = TestData.gaussian(seed, n, m, 1.0);
    Random r = new Random(seed + 1);
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) (r.nextGaussian() * 0.5);
    }
    float b = (float) (r.nextGaussian() * 0.5);

    GradientWorkspace ws = SCALAR.newWorkspace(n);
    SCALAR.accumulateGradient(d.blocks().array(0), d.yArray(), null, n, null, 0, m, w, b, ws);
    double[] grad = new double[n + 1];
    for (int i = 0; i < n; i++) {
      grad[i] = ws.gradient[i] / m;
    }
    grad[n] = ws.dzSum / m;

    double[] wd = new double[n];
    for (int i = 0; i < n; i++) {
      wd[i] = w[i];
    }
    double cost = Float64Reference.cost(d, wd, b);
    // The step with the smallest error bound: its truncation term grows as h², its rounding term as
    // 1/h, and which one dominates depends on the data's largest |x|.
    double h = 1e-5;
    double fdError = finiteDifferenceError(d, h, cost);
    for (double step : new double[] {1e-3, 3e-4, 1e-4, 3e-5}) {
      double e = finiteDifferenceError(d, step, cost);
      if (e < fdError) {
        h = step;
        fdError = e;
      }
    }
    double[] fd = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      double[] plus = wd.clone();
      double[] minus = wd.clone();
      double bPlus = b;
      double bMinus = b;
      if (i < n) {
        plus[i] += h;
        minus[i] -= h;
      } else {
        bPlus += h;
        bMinus -= h;
      }
      fd[i] =
          (Float64Reference.cost(d, plus, bPlus) - Float64Reference.cost(d, minus, bMinus))
              / (2 * h);
    }
    double maxGrad = 0;
    double maxDiff = 0;
    for (int i = 0; i <= n; i++) {
      maxGrad = Math.max(maxGrad, Math.abs(grad[i]));
      maxDiff = Math.max(maxDiff, Math.abs(grad[i] - fd[i]));
    }
    // Acceptance threshold: the kernel's gradient must agree with the central difference to 1e−6
    // of the largest entry plus ten times the difference's own error bound (fdError: h² times the
    // third derivative, plus the rounding of J over 2h; at most about 1e−9 here). That catches any
    // wrong term: an error in one example of m = 50 moves the gradient by ~1/50 of a term of order
    // |dz·x|, far above both, even where the gradient itself is small (near an optimum, where a
    // relative test of the difference alone could not resolve it).
    assertTrue(
        maxDiff <= 1e-6 * maxGrad + 10 * fdError,
        "error "
            + maxDiff
            + " against max |g| "
            + maxGrad
            + " and the difference's bound "
            + fdError
            + " (seed "
            + seed
            + ")");

    // The cost the scalar kernel reports is J at the same point: both sum m = 50 losses of a few
    // ulp each in double, in different orders, γ(m)·Σloss ≈ 50·2^−53 ≈ 6e−15 relative; 1e−12 is
    // that with a margin for the few-ulp losses.
    assertEquals(cost, ws.lossSum / m, 1e-12 * Math.max(1, cost));
  }

  /** One epoch from zero moves (w, b) by exactly −α·∇J(0). */
  @TestFactory
  Stream<DynamicTest> firstStepIsMinusAlphaTimesGradient() {
    return Cases.check(20, Problem::random, p -> firstStep(p.seed, p.n));
  }

  private void firstStep(long seed, int n) {
    Dataset d = TestData.gaussian(seed, n, 40, 1.0);
    double alpha = 0.3;
    LogisticModel model =
        LogisticRegression.builder()
            .solver(Solver.gradientDescent().learningRate(alpha))
            .maxIterations(1)
            .kernel(SCALAR)
            .build()
            .fit(d)
            .model();
    double h = 1e-5;
    double fdError = finiteDifferenceError(d, h, Math.log(2));
    double[] zero = new double[n];
    for (int i = 0; i <= n; i++) {
      double[] plus = zero.clone();
      double[] minus = zero.clone();
      double bp = 0;
      double bm = 0;
      if (i < n) {
        plus[i] = h;
        minus[i] = -h;
      } else {
        bp = h;
        bm = -h;
      }
      double g =
          (Float64Reference.cost(d, plus, bp) - Float64Reference.cost(d, minus, bm)) / (2 * h);
      double moved = i < n ? model.weight(i) : model.bias();
      // The model stores floats: allow the float rounding of the step itself plus the FD error.
      assertEquals(
          -alpha * g, moved, Math.abs(alpha * g) * 0x1p-23 + alpha * fdError, "coordinate " + i);
    }
  }

  /** The bound on a central difference's error derived in the class comment. */
  static double finiteDifferenceError(Dataset d, double h, double cost) {
    double maxAbsX = 1; // the bias feature is 1
    for (int j = 0; j < d.examples(); j++) {
      for (int i = 0; i < d.features(); i++) {
        maxAbsX = Math.max(maxAbsX, Math.abs(d.value(j, i)));
      }
    }
    return h * h / 6 * Math.pow(maxAbsX, 3) / (6 * Math.sqrt(3)) + 2 * 1e-14 * cost / h;
  }
}
