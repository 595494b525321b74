package io.vlogit.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Without the loss a pass gives the gradient and Σ dz with the same bits, and no loss. */
class LossOnDemandTest {
  @Test
  void skippingTheLossKeepsTheGradientsBits() {
    SplittableRandom r = new SplittableRandom(5);
    for (LogisticKernel kernel : new LogisticKernel[] {Kernels.selected(), Kernels.scalar()}) {
      for (int n : new int[] {1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 40, 300}) {
        for (int m : new int[] {1, 17, 1000}) {
          float[] x = new float[n * m];
          float[] y = new float[m];
          float[] s = new float[m];
          int[] rows = new int[m];
          for (int k = 0; k < x.length; k++) {
            x[k] = (float) r.nextGaussian();
          }
          for (int j = 0; j < m; j++) {
            y[j] = r.nextBoolean() ? 1f : 0f;
            s[j] = (float) r.nextDouble(0, 2);
            rows[j] = m - 1 - j;
          }
          float[] w = new float[n];
          for (int i = 0; i < n; i++) {
            w[i] = (float) r.nextGaussian();
          }
          for (boolean indexed : new boolean[] {false, true}) {
            float[] weights = indexed ? s : null;
            int[] order = indexed ? rows : null;
            GradientWorkspace with = kernel.newWorkspace(n);
            kernel.accumulateGradient(x, y, weights, n, order, 0, m, w, 0.3f, with);
            GradientWorkspace without = kernel.newWorkspace(n);
            without.withLoss = false;
            kernel.accumulateGradient(x, y, weights, n, order, 0, m, w, 0.3f, without);
            String where = kernel.name() + ", n " + n + ", m " + m + ", indexed " + indexed;
            assertArrayEquals(with.gradient, without.gradient, where);
            assertEquals(with.dzSum, without.dzSum, where);
            assertEquals(0.0, without.lossSum, where);
          }
        }
      }
    }
  }
}
