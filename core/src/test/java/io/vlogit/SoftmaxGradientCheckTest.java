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
 * The softmax gradient the scalar reference computes is the gradient of the multinomial cost: it
 * equals central finite differences of J, computed in double by independent test code ({@link
 * SoftmaxNewton#evaluate}). The error bound of a central difference is GradientCheckTest's: along
 * one weight w_ci, p_c is a logistic function of z_c (the other logits fixed), so the third
 * derivative of the loss, x_i³·p_c(1 − p_c)(1 − 2p_c), is bounded by max|x|³/(6√3) as σ's is.
 */
class SoftmaxGradientCheckTest {
  private static final LogisticKernel SCALAR = Kernels.scalar();

  record Problem(long seed, int n, int m, int k) {
    static Problem random(Random r) {
      return new Problem(r.nextLong(), 1 + r.nextInt(8), 1 + r.nextInt(60), 2 + r.nextInt(6));
    }
  }

  @TestFactory
  Stream<DynamicTest> gradientEqualsFiniteDifferences() {
    return Cases.check(40, Problem::random, SoftmaxGradientCheckTest::check);
  }

  private static void check(Problem p) {
    Dataset d = TestData.classes(p.seed, p.n, p.m, p.k, 1.0);
    int n = p.n;
    int k = p.k;
    Random r = new Random(p.seed + 1);
    float[] w = new float[k * n];
    float[] b = new float[k];
    double[] theta = new double[k * (n + 1)];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (r.nextGaussian() * 0.5);
      theta[i] = w[i];
    }
    for (int c = 0; c < k; c++) {
      b[c] = (float) (r.nextGaussian() * 0.5);
      theta[k * n + c] = b[c];
    }
    GradientWorkspace ws = SCALAR.newWorkspace(n, k);
    SCALAR.accumulateSoftmaxGradient(
        d.blocks().array(0), d.yArray(), null, n, k, null, 0, p.m, w, b, ws);
    double[] grad = new double[theta.length];
    for (int i = 0; i < k * n; i++) {
      grad[i] = ws.gradient[i] / p.m;
    }
    for (int c = 0; c < k; c++) {
      grad[k * n + c] = ws.classDz[c] / p.m;
    }
    double[] scratch = new double[theta.length];
    double cost = SoftmaxNewton.evaluate(d, theta, 0, null, scratch, null);
    double h = 1e-5;
    double fdError = GradientCheckTest.finiteDifferenceError(d, h, cost);
    for (double step : new double[] {1e-3, 3e-4, 1e-4, 3e-5}) {
      double e = GradientCheckTest.finiteDifferenceError(d, step, cost);
      if (e < fdError) {
        h = step;
        fdError = e;
      }
    }
    double maxGrad = 0;
    double maxDiff = 0;
    for (int i = 0; i < theta.length; i++) {
      double[] plus = theta.clone();
      double[] minus = theta.clone();
      plus[i] += h;
      minus[i] -= h;
      double fd =
          (SoftmaxNewton.evaluate(d, plus, 0, null, scratch, null)
                  - SoftmaxNewton.evaluate(d, minus, 0, null, scratch, null))
              / (2 * h);
      maxGrad = Math.max(maxGrad, Math.abs(grad[i]));
      maxDiff = Math.max(maxDiff, Math.abs(grad[i] - fd));
    }
    // Acceptance threshold as GradientCheckTest's: 1e−6 of the largest entry plus ten times the
    // difference's own error bound.
    assertTrue(
        maxDiff <= 1e-6 * maxGrad + 10 * fdError,
        "error " + maxDiff + " against max |g| " + maxGrad + ", bound " + fdError + "; " + p);
    // The reported loss is J at the same point: m losses of a few ulp each in double.
    assertEquals(cost, ws.lossSum / p.m, 1e-12 * Math.max(1, cost));
  }
}
