package io.vlogit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.LogisticKernel;
import io.vlogit.io.BundledData;
import io.vlogit.testing.Cases;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The trainer on the float32 scalar kernel against the textbook per-example loop in float64.
 *
 * <p><b>The bound.</b> The two differ because vlogit's forward pass reads the weights rounded to
 * float each epoch (its master copy stays in double) and the model it returns is rounded to float.
 * Write u_t for vlogit's (w, b) after t epochs, v_t for the float64 loop's, e_t = ‖u_t − v_t‖₂ and
 * T(u) = u − α∇J(u). J is convex with an L-Lipschitz gradient, L = λ_max(X̃ᵀX̃)/(4m) ≤ ‖X̃‖_F²/(4m)
 * (X̃ is X with a row of ones for the bias; σ' ≤ 1/4), so for α ≤ 2/L the map T is nonexpansive and
 *
 * <pre>
 *   e_{t+1} ≤ ‖T(u_t) − T(v_t)‖ + α‖∇J(fl32(u_t)) − ∇J(u_t)‖ + 2αη_t
 *           ≤ e_t + α·L·2^−24·(‖v_t‖ + e_t) + 2αη_t
 * </pre>
 *
 * where η_t bounds the double rounding of one gradient evaluation (both sides): per component (1/m)
 * Σ_j |x̃_ij|·(γ(n+1)·‖x̃_j‖·(‖v_t‖ + e_t)/4 + 6u + γ(m)) with u = 2^−53, γ(k) = ku/(1 − ku), times
 * √(n+1) for the 2-norm (z_j errs by γ(n+1)·Σ|w x|, σ' ≤ 1/4, σ and dz err by ≤ 5u, the product by
 * u, the sum by γ(m)). The returned model adds a rounding of 2^−24·|u_T,i| per weight, and J is
 * Lipschitz in (w, b) with constant (1/m) Σ_j ‖x̃_j‖₂, which bounds the difference of the costs
 * (plus both sides' double rounding of J).
 */
class Float64AgreementTest {

  @TestFactory
  Stream<DynamicTest> scalarKernelMatchesFloat64LoopWithinDerivedBound() {
    return Cases.check(
        12,
        Random::nextLong,
        seed -> {
          Dataset d = TestData.gaussian(seed, 10, 200, 1.0);
          Bound bound = check(d, 0.3, 100, Kernels.scalar());
          // Acceptance threshold on the bound itself: looser than the agreement the main job's
          // six digits need, it would pass whatever the kernel did.
          assertTrue(
              bound.relative < 1e-5, "the bound is too loose to mean anything: " + bound.relative);
        });
  }

  @Test
  void breastCancerScalarWithinDerivedBound() {
    check(BundledData.breastCancer().data(), 0.1, 1000, Kernels.scalar());
  }

  /**
   * 1000 epochs at α = 0.1 from zero, on every kernel: the cost curve within 1e−5, always finite.
   * An acceptance threshold, the agreement the main job's six printed digits need; the derived
   * bounds are the one above (scalar) and BreastCancerCurvesTest's (vector), both far tighter.
   */
  @Test
  void breastCancerCostCurveWithin1e5OnEveryKernel() {
    Dataset d = BundledData.breastCancer().data();
    Float64Reference ref = Float64Reference.train(d, 0.1, 1000);
    for (LogisticKernel kernel : new LogisticKernel[] {Kernels.scalar(), Kernels.selected()}) {
      TrainingResult r =
          LogisticRegression.builder()
              .solver(Solver.gradientDescent().learningRate(0.1))
              .maxIterations(1000)
              .kernel(kernel)
              .build()
              .fit(d);
      double[] curve = r.costCurve();
      assertEquals(1001, curve.length);
      for (int t = 0; t <= 1000; t++) {
        assertTrue(Double.isFinite(curve[t]), kernel.name() + " epoch " + t);
        assertEquals(ref.costs[t], curve[t], 1e-5, kernel.name() + " epoch " + t);
      }
    }
  }

  private record Bound(double relative) {}

  private static Bound check(Dataset d, double alpha, int epochs, LogisticKernel kernel) {
    int n = d.features();
    int m = d.examples();
    double u = 0x1p-53;
    double frob2 = m; // the bias row of ones
    double[] rowNorm = new double[m];
    double[] colAbs = new double[n + 1];
    colAbs[n] = m;
    for (int j = 0; j < m; j++) {
      double sq = 1;
      for (int i = 0; i < n; i++) {
        double x = d.value(j, i);
        sq += x * x;
        colAbs[i] += Math.abs(x);
      }
      frob2 += sq - 1;
      rowNorm[j] = Math.sqrt(sq);
    }
    double lipschitzGrad = frob2 / (4.0 * m);
    assertTrue(
        alpha <= 2 / lipschitzGrad, "α must be ≤ 2/L for the bound (L = " + lipschitzGrad + ")");
    double lipschitzCost = 0;
    double maxRow = 0;
    for (double r : rowNorm) {
      lipschitzCost += r / m;
      maxRow = Math.max(maxRow, r);
    }
    double maxColAbs = 0;
    for (double c : colAbs) {
      maxColAbs = Math.max(maxColAbs, c / m);
    }
    double gammaN = gamma(n + 1, u);
    double gammaM = gamma(m, u);

    Float64Reference ref = Float64Reference.train(d, alpha, epochs);
    TrainingResult ours =
        LogisticRegression.builder()
            .solver(Solver.gradientDescent().learningRate(alpha))
            .maxIterations(epochs)
            .kernel(kernel)
            .build()
            .fit(d);
    double[] curve = ours.costCurve();

    double e = 0;
    for (int t = 0; t <= epochs; t++) {
      double reach = ref.norms[t] + e;
      // The cost after t epochs: vlogit evaluates J at fl32(u_t).
      // Plus both sides' double rounding of J: z errs by γ(n+1)·‖x̃‖·‖(w, b)‖, the loss is
      // 1-Lipschitz
      // in z, and the loss and the sum of m terms add (m + 10)·u relative.
      double costRounding = 2 * (gammaN * maxRow * reach + (m + 10) * u * ref.costs[t]);
      double costBound = lipschitzCost * (e + 0x1p-24 * reach) + costRounding;
      assertEquals(ref.costs[t], curve[t], costBound, "cost after " + t + " epochs");
      if (t == epochs) {
        break;
      }
      double eta = Math.sqrt(n + 1) * maxColAbs * (gammaN * maxRow * reach / 4 + 6 * u + gammaM);
      e += alpha * (lipschitzGrad * 0x1p-24 * reach + 2 * eta);
    }
    LogisticModel model = ours.model();
    for (int i = 0; i <= n; i++) {
      double theirs = i < n ? ref.w[i] : ref.b;
      double mine = i < n ? model.weight(i) : model.bias();
      double tolerance = e + 0x1p-24 * (Math.abs(theirs) + e);
      assertEquals(theirs, mine, tolerance, "coordinate " + i + " after " + epochs + " epochs");
    }
    return new Bound(e / ref.norms[epochs]);
  }

  private static double gamma(int k, double u) {
    return k * u / (1 - k * u);
  }
}
