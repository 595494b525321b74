package io.vlogit.internal.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.Dataset;
import io.vlogit.TestData;
import io.vlogit.internal.kernel.GradientWorkspace;
import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.LogisticKernel;
import io.vlogit.internal.train.Settings;
import io.vlogit.internal.train.TrainingLoop;
import io.vlogit.internal.train.TrainingSet;
import io.vlogit.io.BundledData;
import org.junit.jupiter.api.Test;

/**
 * 1000 epochs at α = 0.1 on the bundled breast-cancer data through the vector kernel (this JVM's
 * width) and through the scalar reference: the cost curves agree within a bound derived epoch by
 * epoch.
 *
 * <p>Both runs keep (w, b) in double and read them rounded to float. With u_t, v_t the vector and
 * scalar runs' parameters, e_t = ‖u_t − v_t‖₂, T(u) = u − α∇J(u) nonexpansive for α ≤ 2/L (L ≤
 * ‖X̃‖_F²/(4m), checked), and δ_t the vector gradient's error bounded by {@link ErrorBound} at
 * fl32(u_t):
 *
 * <pre>
 *   e_{t+1} ≤ e_t + α·L·2^−24·(‖u_t‖ + ‖v_t‖) + α·‖δ_t‖/m
 *   |J_vec(t) − J_scalar(t)| ≤ Lip_J·(e_t + 2^−24·(‖u_t‖ + ‖v_t‖)) + Σloss error bound / m
 * </pre>
 *
 * with Lip_J = (1/m) Σ_j ‖x̃_j‖. The test replays the trainer's arithmetic to get u_t (and checks
 * the replay equals the training loop's curve bit for bit), then checks every epoch against the
 * bound.
 */
class BreastCancerCurvesTest {
  private static final double ALPHA = 0.1;
  private static final int EPOCHS = 1000;

  @Test
  void vectorAndScalarCostCurvesAgreeWithinTheDerivedBound() {
    Dataset d = BundledData.breastCancer().data();
    int n = d.features();
    int m = d.examples();
    float[] x = TestData.features(d);
    float[] y = TestData.labels(d);
    LogisticKernel vector = Kernels.vector();
    LogisticKernel scalar = Kernels.scalar();

    double frob2 = m;
    double lipCost = 0;
    for (int j = 0; j < m; j++) {
      double sq = 1;
      for (int i = 0; i < n; i++) {
        sq += (double) x[j * n + i] * x[j * n + i];
      }
      frob2 += sq - 1;
      lipCost += Math.sqrt(sq) / m;
    }
    double lipGrad = frob2 / (4.0 * m);
    assertTrue(ALPHA <= 2 / lipGrad);

    Run u = new Run(vector, n);
    Run v = new Run(scalar, n);
    double e = 0;
    double worst = 0;
    double[] curve = new double[EPOCHS + 1];
    for (int t = 0; t <= EPOCHS; t++) {
      u.pass(x, y, m);
      v.pass(x, y, m);
      curve[t] = u.cost;
      ErrorBound delta = ErrorBound.of(x, y, null, n, 0, m, u.wf, u.bf);
      double reach = u.norm() + v.norm();
      double costBound = lipCost * (e + 0x1p-24 * reach) + delta.lossSum / m;
      double diff = Math.abs(u.cost - v.cost);
      assertTrue(diff <= costBound, "epoch " + t + ": |Δcost| " + diff + " > bound " + costBound);
      worst = Math.max(worst, diff);
      double gradError = delta.dzSum * delta.dzSum;
      for (double g : delta.gradient) {
        gradError += g * g;
      }
      e += ALPHA * (lipGrad * 0x1p-24 * reach + Math.sqrt(gradError) / m);
      u.update(m);
      v.update(m);
    }
    System.out.printf(
        "breast cancer, %d epochs, %s vs scalar: max |Δcost| %.3g, final bound %.3g%n",
        EPOCHS, vector.name(), worst, e);
    // The replay is the trainer's arithmetic exactly.
    Settings settings =
        new Settings(
            new Settings.Steps(k -> ALPHA, 0, 0, false, false),
            EPOCHS,
            0,
            0,
            0,
            false,
            true,
            0,
            0,
            1,
            0,
            Long.MAX_VALUE,
            1,
            null);
    double[] trainer =
        new TrainingLoop(
                vector,
                new TrainingSet(x, y, null, n, null, 0, m),
                null,
                settings,
                null,
                null,
                null)
            .run()
            .costs();
    assertArrayEquals(trainer, curve);
  }

  /** The trainer's loop: double master weights, float copies for the pass. */
  private static final class Run {
    final LogisticKernel kernel;
    final GradientWorkspace ws;
    final double[] w;
    double b;
    final float[] wf;
    float bf;
    double cost;

    Run(LogisticKernel kernel, int n) {
      this.kernel = kernel;
      this.ws = kernel.newWorkspace(n);
      this.w = new double[n];
      this.wf = new float[n];
    }

    void pass(float[] x, float[] y, int m) {
      for (int i = 0; i < w.length; i++) {
        wf[i] = (float) w[i];
      }
      bf = (float) b;
      ws.clear();
      kernel.accumulateGradient(x, y, null, w.length, null, 0, m, wf, bf, ws);
      cost = ws.lossSum / m;
    }

    void update(int m) {
      double step = ALPHA / m;
      for (int i = 0; i < w.length; i++) {
        w[i] -= step * ws.gradient[i];
      }
      b -= step * ws.dzSum;
    }

    double norm() {
      double s = b * b;
      for (double v : w) {
        s += v * v;
      }
      return Math.sqrt(s);
    }
  }
}
