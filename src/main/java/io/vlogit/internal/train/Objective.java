package io.vlogit.internal.train;

import io.vlogit.internal.kernel.GradientWorkspace;
import io.vlogit.internal.kernel.LogisticKernel;
import java.util.concurrent.Executor;

/**
 * The objective and its gradient over a training set, each evaluation one fused pass of the kernel:
 *
 * <pre>
 *   J(θ) = (1/W) Σ s_j·(softplus(z_j) − y_j·z_j) + (λ/2)·‖w‖²,   z_j = w·x_j + b
 * </pre>
 *
 * with θ = (w, b) held as n + 1 doubles, the bias last and unpenalized, and W the sum of the
 * example weights s over the positions summed. The pass reads θ rounded to float, the precision of
 * the data and of the saved model; everything after it is in double.
 */
final class Objective implements AutoCloseable {
  private final TrainingSet data;
  private final double l2;
  private final ParallelGradient parallel;
  private final GradientWorkspace total;
  private final float[] w;
  private long examplesRead;

  Objective(LogisticKernel kernel, TrainingSet data, double l2, int threads, Executor executor) {
    this.data = data;
    this.l2 = l2;
    this.parallel = new ParallelGradient(kernel, data.n, threads, executor);
    this.total = kernel.newWorkspace(data.n);
    this.w = new float[data.n];
  }

  TrainingSet data() {
    return data;
  }

  /** J at θ = p over every training position; its gradient into {@code grad} (n + 1 entries). */
  double evaluate(double[] p, double[] grad) {
    return evaluate(p, grad, true);
  }

  /** The same, the cost computed only {@code withCost} (NaN otherwise; see below). */
  double evaluate(double[] p, double[] grad, boolean withCost) {
    return evaluate(p, data.from, data.to, data.weightSum(), grad, withCost);
  }

  /**
   * The objective over positions [lo, hi), whose weights sum to {@code weight}; see above. Without
   * {@code withCost} the pass skips the loss and NaN is returned; the gradient is the same.
   */
  double evaluate(double[] p, int lo, int hi, double weight, double[] grad, boolean withCost) {
    int n = data.n;
    for (int i = 0; i < n; i++) {
      w[i] = (float) p[i];
    }
    total.withLoss = withCost;
    parallel.evaluate(data.x, data.y, data.weights, data.rows, lo, hi, w, (float) p[n], total);
    examplesRead += hi - lo;
    double[] g = total.gradient;
    for (int i = 0; i < n; i++) {
      grad[i] = g[i] / weight + l2 * p[i];
    }
    grad[n] = total.dzSum / weight;
    return withCost ? total.lossSum / weight + penalty(p) : Double.NaN;
  }

  /** (λ/2)·‖w‖², the bias left out. */
  double penalty(double[] p) {
    if (l2 == 0) {
      return 0;
    }
    double sq = 0;
    for (int i = 0; i < data.n; i++) {
      sq += p[i] * p[i];
    }
    return 0.5 * l2 * sq;
  }

  /** Passes over the training set so far: examples read by the kernel ÷ training examples. */
  double passes() {
    return (double) examplesRead / data.size();
  }

  @Override
  public void close() {
    parallel.close();
  }
}
