package io.vlogit.internal.train;

import io.vlogit.internal.kernel.LogisticKernel;

/**
 * One training run: iterations of a solver over a training set, with the stopping rules, the
 * validation and early stopping, the curves and the timings; and the model it ends with.
 *
 * <p>Parameters θ (n weights, then the bias) live in double in the space training works in: raw
 * features, or standardized ones ({@link FeatureScaling}); the model is folded back to raw features
 * for validation and at the end.
 */
public final class TrainingLoop {
  /**
   * A cost this many times the start's (or log K's, if the start was lower: the cost of a model
   * that knows nothing of K classes) is divergence: no useful step raises the cost, and gradient
   * descent whose step is too large for the data grows it geometrically.
   */
  static final double DIVERGENCE_FACTOR = 1000;

  private final LogisticKernel kernel;
  private final Settings settings;
  private final Validation validation;
  private final Observer observer;
  private final FeatureScaling scaling;
  private final TrainingSet data;
  private final double[] theta;
  private final float[] modelWeights;
  private final float[] modelBiases;
  private final double[] rawBiases;

  /**
   * @param validation the validation examples, or null
   * @param start the starting model's weights (K rows of n for the multinomial model; its biases in
   *     {@code startBiases}), or null for zero
   * @param observer told of every iteration, or null
   */
  public TrainingLoop(
      LogisticKernel kernel,
      TrainingSet data,
      Validation validation,
      Settings settings,
      float[] start,
      float[] startBiases,
      Observer observer) {
    this.kernel = kernel;
    this.settings = settings;
    this.validation = validation;
    this.observer = observer;
    TrainingSet set = data;
    if (!settings.standardize()) {
      this.scaling = FeatureScaling.none();
    } else if (data.stream != null) {
      this.scaling = data.stream.scaling(); // the stream standardizes each block as it is read
    } else {
      this.scaling = FeatureScaling.fit(data, settings.intercept());
      set = scaling.standardize(data);
    }
    if (settings.solver() instanceof Settings.Steps steps
        && !GradientSteps.fullBatch(steps.batchSize(), set.size())
        && set.stream == null) {
      set = set.withOwnRows(); // shuffled in place every epoch (a stream shuffles its blocks)
    }
    this.data = set;
    int outputs = data.outputs();
    this.theta = new double[outputs * (data.n + 1)];
    this.modelWeights = new float[outputs * data.n];
    this.modelBiases = new float[outputs];
    this.rawBiases = new double[outputs];
    if (start != null) {
      scaling.fromRaw(start, startBiases, theta);
    }
  }

  /**
   * Runs to a stopping rule. Interrupting the thread stops it after the current iteration (the
   * thread's interrupt flag is set again on return).
   *
   * @throws Diverged if the cost or a parameter stops being finite
   */
  public Outcome run() {
    return run(settings.l1());
  }

  /**
   * The L1 strength above which the optimum has every weight 0, in the space training works in:
   * λ_max = ‖∇_w f(0, b*)‖∞ with b* the best biases for zero weights. These make every example's
   * probabilities the class frequencies p_c = W_c/W (W_c the weight of class c's examples), so the
   * gradient has a closed form, (p_c·Σ_j s_j·x_j − Σ_{y_j=c} s_j·x_j)/W for row c (the binary
   * model's one row is class 1's): one pass over the examples in double, no kernel needed. Without
   * an intercept the biases stay 0, and p_c = 1/K.
   */
  public double l1Max() {
    int n = data.n;
    int classes = data.classes;
    double[][] sums = new double[classes][n];
    double[] classWeights = new double[classes];
    if (data.stream != null) {
      data.stream.forEachBlock((block, count) -> addClassSums(block, 0, count, sums, classWeights));
    } else {
      addClassSums(data, data.from, data.to, sums, classWeights);
    }
    double total = data.weightSum();
    double max = 0;
    double[] all = new double[n];
    for (double[] row : sums) {
      for (int i = 0; i < n; i++) {
        all[i] += row[i];
      }
    }
    int firstRow = data.outputs() == 1 ? 1 : 0;
    for (int c = firstRow; c < classes; c++) {
      double frequency = settings.intercept() ? classWeights[c] / total : 1.0 / classes;
      for (int i = 0; i < n; i++) {
        max = Math.max(max, Math.abs(frequency * all[i] - sums[c][i]) / total);
      }
    }
    return max;
  }

  /**
   * Adds Σ s_j·x_j over the examples of each class c at positions [from, to) of {@code set} to
   * {@code sums[c]}, and Σ s_j to {@code classWeights[c]}.
   */
  private static void addClassSums(
      TrainingSet set, int from, int to, double[][] sums, double[] classWeights) {
    int n = set.n;
    for (int p = from; p < to; p++) {
      int j = set.row(p);
      double s = set.weights == null ? 1 : set.weights[j];
      int c = (int) set.y[j];
      classWeights[c] += s;
      double[] row = sums[c];
      float[] x = set.x.array(set.x.blockOf(j));
      int offset = set.x.offset(j);
      for (int i = 0; i < n; i++) {
        row[i] += s * x[offset + i];
      }
    }
  }

  /**
   * Runs to a stopping rule with L1 strength {@code l1}, from where the last run ended (or the
   * start): a regularization path is a sequence of these, each warm-started from the last.
   */
  public Outcome run(double l1) {
    Curve costs = new Curve();
    Curve validationCosts = new Curve();
    Curve validationAccuracies = new Curve();
    Curve seconds = new Curve();
    int patience = settings.patience();
    double[] best = validation != null && patience > 0 ? new double[theta.length] : null;
    double bestCost = Double.POSITIVE_INFINITY;
    int bestIteration = -1;
    Stop stop = Stop.MAX_ITERATIONS;
    boolean interrupted = false;
    long start = System.nanoTime();
    long iterationStart = start;
    double previousCost = Double.NaN;
    double divergedAbove = Double.POSITIVE_INFINITY;
    int k = 0;
    try (Objective objective =
        new Objective(
            kernel,
            data,
            l1,
            settings.l2(),
            settings.intercept(),
            settings.threads(),
            settings.executor())) {
      Optimizer solver = solver(objective);
      for (; ; k++) {
        boolean costWanted = costWanted(k);
        solver.costWanted = costWanted;
        solver.measure(k);
        double cost = solver.cost;
        if (costWanted && !Double.isFinite(cost)) {
          throw new Diverged(k, "the cost is " + cost);
        }
        if (!Double.isFinite(solver.gradientNorm)) {
          throw new Diverged(k, "the gradient's norm is " + solver.gradientNorm);
        }
        if (k == 0) {
          divergedAbove = DIVERGENCE_FACTOR * Math.max(cost, Math.log(data.classes));
        }
        double validationCost = Double.NaN;
        double validationAccuracy = Double.NaN;
        if (validation != null) {
          scaling.toRaw(theta, modelWeights, rawBiases);
          for (int c = 0; c < rawBiases.length; c++) {
            modelBiases[c] = (float) rawBiases[c];
          }
          validation.evaluate(kernel, modelWeights, modelBiases);
          validationCost = validation.cost();
          validationAccuracy = validation.accuracy();
          validationCosts.add(validationCost);
          validationAccuracies.add(validationAccuracy);
        }
        costs.add(cost);
        long now = System.nanoTime();
        seconds.add((now - iterationStart) * 1e-9);
        iterationStart = now;

        if (cost > divergedAbove) {
          stop = Stop.DIVERGED;
          break;
        }
        if (observer != null
            && !observer.onIteration(
                k, cost, solver.gradientNorm, validationCost, validationAccuracy, solver.rate(k))) {
          stop = Stop.LISTENER;
          break;
        }
        if (Thread.interrupted()) {
          interrupted = true;
          stop = Stop.INTERRUPTED;
          break;
        }
        if (settings.gradientTolerance() > 0
            && solver.gradientNorm <= settings.gradientTolerance()) {
          stop = Stop.GRADIENT_TOLERANCE;
          break;
        }
        if (settings.costTolerance() > 0
            && k > 0
            && Math.abs(cost - previousCost)
                <= settings.costTolerance() * Math.max(Math.abs(cost), Double.MIN_NORMAL)) {
          stop = Stop.COST_TOLERANCE;
          break;
        }
        if (best != null) {
          if (validationCost < bestCost) {
            bestCost = validationCost;
            bestIteration = k;
            System.arraycopy(theta, 0, best, 0, theta.length);
          } else if (k - bestIteration >= patience) {
            System.arraycopy(best, 0, theta, 0, theta.length);
            stop = Stop.EARLY_STOPPING;
            break;
          }
        }
        if (now - start >= settings.maxNanos()) {
          stop = Stop.MAX_TIME;
          break;
        }
        if (k == settings.maxIterations()) {
          break;
        }
        previousCost = cost;
        if (!solver.advance(k)) {
          stop = Stop.NO_PROGRESS;
          break;
        }
      }
      // The returned model is θ. Its cost is known already unless the last measurement was
      // elsewhere: at a look-ahead point (Nesterov), over mini-batches, or before an early stop
      // restored the best parameters; or the last iteration did not compute it (costEvery).
      double finalCost = solver.cost;
      double finalNorm = solver.gradientNorm;
      if (!solver.measuresCurrentPoint()
          || stop == Stop.EARLY_STOPPING
          || Double.isNaN(finalCost)) {
        double[] grad = new double[theta.length];
        finalCost = objective.evaluate(theta, grad);
        finalNorm = objective.optimality(theta, grad);
      }
      double total = (System.nanoTime() - start) * 1e-9;
      float[] w = new float[modelWeights.length];
      float[] biases = new float[modelBiases.length];
      rawModel(k, w, biases);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return new Outcome(
          w,
          biases,
          costs.toArray(),
          validationCosts.toArray(),
          validationAccuracies.toArray(),
          k,
          stop,
          finalCost,
          finalNorm,
          bestIteration,
          seconds.median(),
          seconds.min(),
          total,
          objective.passes(),
          objective.penalty(theta),
          kernel.name(),
          objective.threads());
    }
  }

  /**
   * Whether iteration k computes the training cost: the first always (the divergence rule's
   * reference), every one under a cost tolerance, else every {@code costEvery}-th (none for 0).
   */
  private boolean costWanted(int k) {
    int every = settings.costEvery();
    return k == 0 || settings.costTolerance() > 0 || (every > 0 && k % every == 0);
  }

  private Optimizer solver(Objective objective) {
    if (settings.solver() instanceof Settings.Lbfgs lbfgs) {
      return new Lbfgs(objective, theta, lbfgs.memory());
    }
    Settings.Steps steps = (Settings.Steps) settings.solver();
    return new GradientSteps(
        objective,
        theta,
        steps.schedule(),
        steps.batchSize(),
        steps.momentum(),
        steps.nesterov(),
        steps.accelerated(),
        settings.seed());
  }

  /** θ as a model of raw features into w and biases. */
  private void rawModel(int iteration, float[] w, float[] biases) {
    scaling.toRaw(theta, w, rawBiases);
    int n = data.n;
    for (int i = 0; i < w.length; i++) {
      if (!Float.isFinite(w[i])) {
        throw new Diverged(iteration, Objective.parameterName(i, n, biases.length) + " is " + w[i]);
      }
    }
    for (int c = 0; c < biases.length; c++) {
      biases[c] = (float) rawBiases[c];
      if (!Float.isFinite(biases[c])) {
        throw new Diverged(
            iteration,
            Objective.parameterName(w.length + c, n, biases.length) + " is " + rawBiases[c]);
      }
    }
  }
}
