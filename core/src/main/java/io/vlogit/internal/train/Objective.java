package io.vlogit.internal.train;

import io.vlogit.internal.kernel.GradientWorkspace;
import io.vlogit.internal.kernel.LogisticKernel;
import java.util.concurrent.Executor;

/**
 * The objective and its gradient over a training set, each evaluation one fused pass of the kernel:
 *
 * <pre>
 *   J(θ) = (1/W) Σ s_j·(softplus(z_j) − y_j·z_j) + λ₁·‖w‖₁ + (λ₂/2)·‖w‖²,   z_j = w·x_j + b
 * </pre>
 *
 * with θ = (w, b) held as n + 1 doubles, the bias last and unpenalized (held at 0 for a model
 * without an intercept: its gradient entry is then 0), and W the sum of the example weights s over
 * the positions summed. The multinomial model's (K ≥ 3 classes) is
 *
 * <pre>
 *   J(θ) = (1/W) Σ s_j·(logsumexp(z_j) − z_j,y_j) + λ₁·‖W‖₁ + (λ₂/2)·‖W‖²,   z_j,c = w_c·x_j + b_c
 * </pre>
 *
 * with θ = K rows of n weights, then the K biases. The pass reads θ rounded to float, the precision
 * of the data and of the saved model; everything after it is in double.
 *
 * <p>The gradient it gives is that of the smooth part (the loss and the L2 term); the solvers
 * handle the L1 term, which has none at 0, through {@link #l1()}.
 */
final class Objective implements AutoCloseable {
  private final TrainingSet data;
  private final double l2;
  private final L1Penalty l1;
  private final ParallelGradient parallel;

  /** Threads the passes run on. */
  private final int threads;

  private final GradientWorkspace total;

  /** Whether the biases are fitted: if not, their gradient is 0, so no solver moves them. */
  private final boolean intercept;

  private final int outputs;
  private final float[] w;
  private final float[] biases;
  private long examplesRead;

  Objective(
      LogisticKernel kernel,
      TrainingSet data,
      double l1,
      double l2,
      boolean intercept,
      int threads,
      Executor executor) {
    this.data = data;
    this.l2 = l2;
    this.intercept = intercept;
    this.outputs = data.outputs();
    this.l1 = new L1Penalty(l1, outputs * data.n);
    // A stream's passes read as they sum: a second participant reads and sums while the first does
    // (what a reader thread beside one trainer thread would do, reading each byte once).
    this.threads = data.stream != null ? Math.max(2, threads) : threads;
    this.parallel = new ParallelGradient(kernel, data.n, outputs, this.threads, executor);
    this.total = outputs == 1 ? kernel.newWorkspace(data.n) : kernel.newWorkspace(data.n, outputs);
    this.w = new float[outputs * data.n];
    this.biases = new float[outputs];
  }

  /** Threads the passes run on: the settings', and at least two for a stream. */
  int threads() {
    return threads;
  }

  /** The L1 term, inactive for λ₁ = 0. */
  L1Penalty l1() {
    return l1;
  }

  /** Rows of weights: 1 for the binary model, K for the multinomial one. */
  int outputs() {
    return outputs;
  }

  /** Number of weights (θ's entries before the biases). */
  int weightCount() {
    return w.length;
  }

  /** What θ's entry i is, in an error message: "weight 3", "the bias", "class 2's weight 5"... */
  String parameterName(int i) {
    return parameterName(i, data.n, outputs);
  }

  /** The name of θ's entry i with n features and {@code outputs} rows of weights. */
  static String parameterName(int i, int n, int outputs) {
    int weights = outputs * n;
    if (outputs == 1) {
      return i == n ? "the bias" : "weight " + i;
    }
    return i >= weights
        ? "class " + (i - weights) + "'s bias"
        : "class " + i / n + "'s weight " + i % n;
  }

  TrainingSet data() {
    return data;
  }

  /**
   * J at θ = p over every training position; its gradient into {@code grad} (as many entries as θ).
   */
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
    return evaluate(data, p, lo, hi, weight, grad, withCost);
  }

  /**
   * The same over positions [lo, hi) of {@code on}: the training set, or (mini-batches of a stream)
   * a block of it by its shuffled row index.
   */
  double evaluate(
      TrainingSet on, double[] p, int lo, int hi, double weight, double[] grad, boolean withCost) {
    int count = w.length;
    for (int i = 0; i < count; i++) {
      w[i] = (float) p[i];
    }
    total.withLoss = withCost;
    if (on.remote != null) {
      for (int c = 0; c < outputs; c++) {
        biases[c] = (float) p[count + c];
      }
      total.clear();
      on.remote.sum(w, biases, total);
    } else if (on.stream != null) {
      for (int c = 0; c < outputs; c++) {
        biases[c] = (float) p[count + c];
      }
      parallel.evaluateStream(on.stream, w, biases[0], biases, total);
    } else if (outputs == 1) {
      parallel.evaluate(on, lo, hi, w, (float) p[count], total);
    } else {
      for (int c = 0; c < outputs; c++) {
        biases[c] = (float) p[count + c];
      }
      parallel.evaluateSoftmax(on, lo, hi, w, biases, total);
    }
    examplesRead += hi - lo;
    double[] g = total.gradient;
    for (int i = 0; i < count; i++) {
      grad[i] = g[i] / weight + l2 * p[i];
    }
    if (outputs == 1) {
      grad[count] = intercept ? total.dzSum / weight : 0;
    } else {
      for (int c = 0; c < outputs; c++) {
        grad[count + c] = intercept ? total.classDz[c] / weight : 0;
      }
    }
    return withCost ? total.lossSum / weight + penalty(p) : Double.NaN;
  }

  /**
   * How far θ = p is from the optimum, given the gradient g there: ‖g‖, or with an L1 term the norm
   * of the pseudo-gradient ({@link L1Penalty#pseudoGradientNorm}); 0 exactly at the optimum.
   */
  double optimality(double[] p, double[] g) {
    return l1.active() ? l1.pseudoGradientNorm(p, g) : Optimizer.norm(g);
  }

  /** λ₁·‖w‖₁ + (λ₂/2)·‖w‖², the biases left out. */
  double penalty(double[] p) {
    if (l2 == 0) {
      return l1.value(p);
    }
    double sq = 0;
    for (int i = 0; i < w.length; i++) {
      sq += p[i] * p[i];
    }
    return 0.5 * l2 * sq + l1.value(p);
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
