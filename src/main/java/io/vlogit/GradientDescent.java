package io.vlogit;

import io.vlogit.internal.kernel.GradientWorkspace;
import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.LogisticKernel;
import java.util.Objects;

/**
 * Full-batch gradient descent for logistic regression, from w = 0, b = 0:
 *
 * <pre>
 *   z = w·x + b,  a = σ(z),  dz = a − y
 *   dw = (1/m) Σ dz·x,  db = (1/m) Σ dz
 *   w −= α·dw,  b −= α·db
 *   J = (1/m) Σ softplus(z) − y·z      (= −(y log a + (1−y) log(1−a)), but finite when a rounds)
 * </pre>
 *
 * <p>Each epoch is one fused pass of the kernel over X. The weights live in double between epochs
 * (an update smaller than a float's ulp still counts); each pass reads them rounded to float, the
 * precision of the data and of the returned model. Nothing is allocated per epoch.
 *
 * <pre>{@code
 * TrainingResult r = GradientDescent.builder().learningRate(0.1).epochs(1000).build().fit(data);
 * }</pre>
 */
public final class GradientDescent {
  private final double learningRate;
  private final int epochs;
  private final LogisticKernel kernel;
  private final TrainingListener listener;

  private GradientDescent(Builder b) {
    this.learningRate = b.learningRate;
    this.epochs = b.epochs;
    this.kernel = b.kernel != null ? b.kernel : Kernels.selected();
    this.listener = b.listener;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Trains on {@code data}.
   *
   * @throws TrainingDivergedException if the cost or a weight stops being finite
   */
  public TrainingResult fit(Dataset data) {
    Objects.requireNonNull(data, "data");
    int n = data.features();
    int m = data.examples();
    float[] x = data.xArray();
    float[] y = data.yArray();
    int from = data.firstExample();
    int to = from + m;

    double[] w = new double[n];
    double b = 0;
    float[] wf = new float[n];
    GradientWorkspace ws = kernel.newWorkspace(n);
    double[] costs = new double[epochs + 1];
    double alphaOverM = learningRate / m;
    long[] nanos = new long[epochs + 1];

    long start = System.nanoTime();
    long epochStart = start;
    int epoch = 0;
    for (; ; epoch++) {
      for (int i = 0; i < n; i++) {
        wf[i] = (float) w[i];
      }
      float bf = (float) b;
      ws.clear();
      kernel.accumulateGradient(x, y, null, n, from, to, wf, bf, ws);
      double cost = ws.lossSum / m;
      if (!Double.isFinite(cost)) {
        throw new TrainingDivergedException(epoch, "the cost is " + cost);
      }
      costs[epoch] = cost;
      long now = System.nanoTime();
      nanos[epoch] = now - epochStart;
      epochStart = now;
      double[] g = ws.gradient;
      boolean goOn = listener == null || listener.onEpoch(new EpochStatus(epoch, cost, gradientNorm(g, ws.dzSum, m)));
      if (epoch == epochs || !goOn) {
        break;
      }
      for (int i = 0; i < n; i++) {
        w[i] -= alphaOverM * g[i];
      }
      b -= alphaOverM * ws.dzSum;
      checkFinite(w, b, epoch + 1);
    }
    double seconds = (System.nanoTime() - start) * 1e-9;
    LogisticModel model = new LogisticModel(toFloat(w), (float) b);
    return new TrainingResult(model, java.util.Arrays.copyOf(costs, epoch + 1), epoch,
        median(nanos, epoch + 1) * 1e-9, seconds, kernel.name());
  }

  private static double median(long[] values, int count) {
    long[] sorted = java.util.Arrays.copyOf(values, count);
    java.util.Arrays.sort(sorted);
    return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2.0;
  }

  /** ‖(dw, db)‖₂ with dw = g/m, db = dzSum/m. */
  private static double gradientNorm(double[] g, double dzSum, int m) {
    double sum = dzSum * dzSum;
    for (double v : g) {
      sum += v * v;
    }
    return Math.sqrt(sum) / m;
  }

  private static void checkFinite(double[] w, double b, int epoch) {
    for (int i = 0; i < w.length; i++) {
      // A weight beyond float's range would become infinite in the model.
      if (!(Math.abs(w[i]) <= Float.MAX_VALUE)) {
        throw new TrainingDivergedException(epoch, "weight " + i + " is " + w[i]);
      }
    }
    if (!(Math.abs(b) <= Float.MAX_VALUE)) {
      throw new TrainingDivergedException(epoch, "the bias is " + b);
    }
  }

  private static float[] toFloat(double[] w) {
    float[] f = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      f[i] = (float) w[i];
    }
    return f;
  }

  public double learningRate() {
    return learningRate;
  }

  public int epochs() {
    return epochs;
  }

  public LogisticKernel kernel() {
    return kernel;
  }

  /** Options of {@link GradientDescent}; every setter checks its value at once. */
  public static final class Builder {
    private double learningRate = 0.1;
    private int epochs = 1000;
    private LogisticKernel kernel;
    private TrainingListener listener;

    private Builder() {}

    /** Called after every epoch; may stop training early (see {@link TrainingListener}). */
    public Builder listener(TrainingListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Step size α, finite and positive (default 0.1). */
    public Builder learningRate(double alpha) {
      if (!(alpha > 0) || !Double.isFinite(alpha)) {
        throw new InvalidOptionException("learningRate", alpha, "must be a finite number > 0");
      }
      this.learningRate = alpha;
      return this;
    }

    /** Number of passes over the data, ≥ 0 (default 1000). */
    public Builder epochs(int epochs) {
      if (epochs < 0) {
        throw new InvalidOptionException("epochs", epochs, "must be >= 0");
      }
      this.epochs = epochs;
      return this;
    }

    /** The kernel to run (default: the one chosen at start-up); for tests and benchmarks. */
    public Builder kernel(LogisticKernel kernel) {
      this.kernel = Objects.requireNonNull(kernel, "kernel");
      return this;
    }

    public GradientDescent build() {
      return new GradientDescent(this);
    }
  }
}
