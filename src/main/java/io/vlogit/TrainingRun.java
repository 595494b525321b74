package io.vlogit;

import io.vlogit.internal.kernel.GradientWorkspace;
import io.vlogit.internal.kernel.LogisticKernel;
import io.vlogit.internal.kernel.ScalarMath;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One call of {@link GradientDescent#fit}: the training loop and its state.
 *
 * <p>Parameters (v, c) live in the space training works in: raw features, or standardized ones
 * ((x − μ)/σ) with {@link GradientDescent.Builder#standardize}, which trains on a standardized float
 * copy of the data and folds the model back (w = v/σ, b = c − Σ v·μ/σ, in double) at the end.
 * Folding the standardization into the kernel's weights instead, which would save the copy, was
 * tried: with a feature whose mean is thousands of standard deviations from 0, the float forward
 * pass then cancels (z errs by about 2^−24·|μ/σ|·|v|) and training stalls far from the optimum,
 * on exactly the data that standardization is for.
 */
final class TrainingRun {
  private final GradientDescent o;
  private final LogisticKernel kernel;
  private final int n;
  /** The data the kernel reads: the dataset's arrays, or a standardized copy of its examples. */
  private final float[] x;
  private final float[] y;
  /** The dataset's own arrays, for validation (which scores the raw model on raw features). */
  private final float[] rawX;
  private final float[] rawY;
  /** Example weights indexed like y (sample × class weights), or null for all 1. */
  private final float[] s;

  // Training positions: rows[from, to), or the examples [from, to) when rows is null.
  private final int[] rows;
  private final int from;
  private final int to;
  private final double weightSum;

  // Validation examples: valRows, or valData's range.
  private final int[] valRows;
  private final Dataset valData;

  private final double[] mean;
  private final double[] scale;

  private final double[] v;
  private double c;
  private final double[] velocity;
  private double velocityC;
  private final double[] point;
  private final double[] grad;
  private double gradC;
  private final float[] wf;
  private float bf;
  private final GradientWorkspace total;
  private final float[] valLogits = new float[4096];
  private final float[] valW;
  private final double[] meanGrad;
  // L-BFGS (lbfgsMemory > 0): the last steps s_k = x_{k+1} − x_k and gradient changes y_k, each of
  // n + 1 entries (the bias last), in a ring; the search direction; the gradient before a step.
  private final double[][] lbfgsS;
  private final double[][] lbfgsY;
  private final double[] lbfgsRho;
  private final double[] lbfgsAlpha;
  private final double[] direction;
  private final double[] previousGrad;
  private int lbfgsCount;
  private int lbfgsNext;
  /** The step the last L-BFGS line search took (reported as the epoch's rate). */
  private double lbfgsStep;
  // Results of the last miniBatchEpoch and validate calls (fields, so epochs allocate nothing).
  private double epochCost;
  private double epochNorm;
  private double valCost;
  private double valAccuracy;
  private int epoch;

  TrainingRun(GradientDescent options, Dataset data) {
    this.o = options;
    this.kernel = options.kernel;
    this.n = data.features();
    this.rawX = data.xArray();
    this.rawY = data.yArray();
    int first = data.firstExample();
    int m = data.examples();

    // Validation: a held-out fraction drawn with the seed, or a dataset of its own. Positions here
    // are indices into the dataset's arrays.
    boolean shuffled = options.batchSize > 0 && options.batchSize < m;
    int[] trainRows;
    if (options.validationFraction > 0) {
      int[] order = identity(first, m);
      shuffle(order, new SplittableRandom(options.seed ^ 0x5DEECE66DL));
      int held = (int) Math.round(options.validationFraction * m);
      if (held < 1 || held >= m) {
        throw new InvalidDataException("a validation fraction of " + options.validationFraction + " of " + m
            + " examples leaves " + held + " for validation and " + (m - held) + " for training; both need at least 1");
      }
      this.valRows = Arrays.copyOfRange(order, 0, held);
      trainRows = Arrays.copyOfRange(order, held, m);
      Arrays.sort(valRows);
      Arrays.sort(trainRows); // full batch reads the training rows in memory order
      this.valData = null;
    } else {
      this.valRows = null;
      this.valData = options.validationData;
      if (valData != null && valData.features() != n) {
        throw new DimensionMismatchException("validation dataset", n, valData.features());
      }
      trainRows = shuffled ? identity(first, m) : null;
    }

    // Standardization: statistics over the training examples, then a standardized copy of the
    // dataset's examples (the copy starts at index 0, so positions shift by −first).
    Dataset base = data;
    if (options.standardize) {
      Standardization st = trainRows == null
          ? Standardization.fit(rawX, n, null, first, first + m)
          : Standardization.fit(rawX, n, trainRows, 0, trainRows.length);
      this.mean = new double[n];
      this.scale = new double[n];
      for (int i = 0; i < n; i++) {
        mean[i] = st.mean(i);
        scale[i] = st.scale(i);
      }
      base = st.apply(data);
      if (data.hasSampleWeights()) {
        float[] w = new float[m];
        for (int j = 0; j < m; j++) {
          w[j] = data.sampleWeight(j);
        }
        base = base.withSampleWeights(w);
      }
      if (trainRows != null) {
        for (int k = 0; k < trainRows.length; k++) {
          trainRows[k] -= first;
        }
      }
      first = 0;
    } else {
      this.mean = null;
      this.scale = null;
    }
    this.x = base.xArray();
    this.y = base.yArray();
    this.rows = trainRows;
    this.from = trainRows == null ? first : 0;
    this.to = trainRows == null ? first + m : trainRows.length;

    this.s = weights(options, base);
    double sum = 0;
    for (int p = from; p < to; p++) {
      sum += s == null ? 1 : s[row(p)];
    }
    if (!(sum > 0)) {
      throw new InvalidDataException("every training example has weight 0");
    }
    this.weightSum = sum;

    this.v = new double[n];
    this.velocity = new double[n];
    this.point = new double[n];
    this.grad = new double[n];
    this.wf = new float[n];
    this.valW = new float[n];
    this.meanGrad = new double[n + 1];
    int memory = options.lbfgsMemory;
    this.lbfgsS = new double[memory][n + 1];
    this.lbfgsY = new double[memory][n + 1];
    this.lbfgsRho = new double[memory];
    this.lbfgsAlpha = new double[memory];
    this.direction = new double[memory > 0 ? n + 1 : 0];
    this.previousGrad = new double[memory > 0 ? n + 1 : 0];
    this.total = kernel.newWorkspace(n);
    if (options.warmStart != null) {
      LogisticModel start = options.warmStart;
      if (start.features() != n) {
        throw new DimensionMismatchException("warm-start model", start.features(), n);
      }
      double bias = start.bias();
      for (int i = 0; i < n; i++) {
        // Raw weights into the training space: v = w·σ, c = b + Σ w·μ.
        v[i] = scale == null ? start.weight(i) : start.weight(i) * scale[i];
        bias += mean == null ? 0 : start.weight(i) * mean[i];
      }
      this.c = bias;
    }
  }

  private int row(int position) {
    return rows == null ? position : rows[position];
  }

  /** Sample weights times class weights, as one array indexed like y; null if all are 1. */
  private float[] weights(GradientDescent options, Dataset data) {
    float[] sample = data.weightArray();
    float[] cw = options.classWeights;
    if (options.balancedClassWeights) {
      long positives = 0;
      long count = to - from;
      for (int p = from; p < to; p++) {
        positives += (long) y[row(p)];
      }
      if (positives == 0 || positives == count) {
        throw new InvalidDataException("balanced class weights need both classes among the training examples");
      }
      cw = new float[] {(float) (count / (2.0 * (count - positives))), (float) (count / (2.0 * positives))};
    }
    if (cw == null) {
      return sample;
    }
    float[] combined = new float[y.length];
    for (int j = 0; j < y.length; j++) {
      combined[j] = (sample == null ? 1f : sample[j]) * cw[(int) y[j]];
    }
    return combined;
  }

  TrainingResult train() {
    DoubleList costs = new DoubleList();
    DoubleList valCosts = new DoubleList();
    DoubleList valAccuracies = new DoubleList();
    LongList epochNanos = new LongList();
    boolean fullBatch = o.batchSize == 0 || o.batchSize >= to - from;
    boolean validating = valRows != null || valData != null;
    double[] best = validating && o.patience > 0 ? new double[n + 1] : null;
    double bestCost = Double.POSITIVE_INFINITY;
    int bestEpoch = -1;
    SplittableRandom random = new SplittableRandom(o.seed);
    StopReason reason = StopReason.MAX_EPOCHS;
    boolean interrupted = false;
    long start = System.nanoTime();
    long epochStart = start;
    double previousCost = Double.NaN;
    double gradNorm;
    double cost;
    epoch = 0;

    try (ParallelGradient parallel = new ParallelGradient(kernel, n, o.threads, o.executor)) {
      if (!fullBatch) {
        cost = evaluate(parallel, v, c, from, to, weightSum);
        gradNorm = gradientNorm();
      } else {
        cost = Double.NaN;
        gradNorm = Double.NaN;
      }
      boolean lbfgs = o.lbfgsMemory > 0;
      for (; ; epoch++) {
        double rate = lbfgs ? lbfgsStep : o.schedule.rate(o.learningRate, Math.max(0, fullBatch ? epoch : epoch - 1));
        if (lbfgs && epoch > 0) {
          // The line search left the cost and the gradient at the accepted point.
          gradNorm = gradientNorm();
        } else if (fullBatch) {
          cost = evaluate(parallel, lookAhead(), lookAheadC(), from, to, weightSum);
          gradNorm = gradientNorm();
        } else if (epoch > 0) {
          miniBatchEpoch(parallel, random, rate);
          cost = epochCost;
          gradNorm = epochNorm;
        }
        if (!Double.isFinite(cost)) {
          throw new TrainingDivergedException(epoch, "the cost is " + cost);
        }
        valCost = Double.NaN;
        valAccuracy = Double.NaN;
        if (validating) {
          validate();
          valCosts.add(valCost);
          valAccuracies.add(valAccuracy);
        }
        costs.add(cost);
        long now = System.nanoTime();
        epochNanos.add(now - epochStart);
        epochStart = now;

        if (o.listener != null
            && !o.listener.onEpoch(new EpochStatus(epoch, cost, gradNorm, valCost, valAccuracy, rate))) {
          reason = StopReason.LISTENER;
          break;
        }
        if (Thread.interrupted()) {
          interrupted = true;
          reason = StopReason.INTERRUPTED;
          break;
        }
        if (o.gradientTolerance > 0 && gradNorm <= o.gradientTolerance) {
          reason = StopReason.GRADIENT_TOLERANCE;
          break;
        }
        if (o.costTolerance > 0 && epoch > 0
            && Math.abs(cost - previousCost) <= o.costTolerance * Math.max(Math.abs(cost), Double.MIN_NORMAL)) {
          reason = StopReason.COST_TOLERANCE;
          break;
        }
        if (best != null) {
          if (valCost < bestCost) {
            bestCost = valCost;
            bestEpoch = epoch;
            System.arraycopy(v, 0, best, 0, n);
            best[n] = c;
          } else if (epoch - bestEpoch >= o.patience) {
            System.arraycopy(best, 0, v, 0, n);
            c = best[n];
            reason = StopReason.EARLY_STOPPING;
            break;
          }
        }
        if (now - start >= o.maxNanos) {
          reason = StopReason.MAX_TIME;
          break;
        }
        if (epoch == o.epochs) {
          break;
        }
        previousCost = cost;
        if (lbfgs) {
          double next = lbfgsStep(parallel, cost);
          if (Double.isNaN(next)) {
            reason = StopReason.NO_PROGRESS;
            break;
          }
          cost = next;
        } else if (fullBatch) {
          step(rate);
        }
      }
      // The returned model is (v, c). Its cost is known already unless the last evaluation was
      // elsewhere: at a look-ahead point (Nesterov), during a mini-batch epoch, or before an
      // early stop restored the best model.
      boolean exact = fullBatch && !o.nesterov && reason != StopReason.EARLY_STOPPING;
      double finalCost = cost;
      double finalNorm = gradNorm;
      if (!exact) {
        finalCost = evaluate(parallel, v, c, from, to, weightSum);
        finalNorm = gradientNorm();
      }
      double seconds = (System.nanoTime() - start) * 1e-9;
      LogisticModel model = rawModel(epoch);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return new TrainingResult(model, costs.toArray(), valCosts.toArray(), valAccuracies.toArray(), epoch,
          reason, finalCost, finalNorm, bestEpoch, epochNanos.median() * 1e-9, epochNanos.min() * 1e-9, seconds,
          kernel.name(),
          o.threads);
    }
  }

  /**
   * One epoch of mini-batches in a fresh shuffled order; leaves the mean batch cost in epochCost
   * and the norm of the mean batch gradient in epochNorm.
   */
  private void miniBatchEpoch(ParallelGradient parallel, SplittableRandom random, double rate) {
    shuffle(rows, random);
    int size = o.batchSize;
    double lossSum = 0;
    double weightTotal = 0;
    Arrays.fill(meanGrad, 0.0);
    for (int start = from; start < to; start += size) {
      int end = Math.min(to, start + size);
      double batchWeight = 0;
      for (int p = start; p < end; p++) {
        batchWeight += s == null ? 1 : s[rows[p]];
      }
      if (batchWeight == 0) {
        continue; // every example of this batch has weight 0: nothing to learn from it
      }
      double batchCost = evaluate(parallel, lookAhead(), lookAheadC(), start, end, batchWeight);
      lossSum += (batchCost - penalty(point)) * batchWeight;
      weightTotal += batchWeight;
      for (int i = 0; i < n; i++) {
        meanGrad[i] += grad[i] * batchWeight;
      }
      meanGrad[n] += gradC * batchWeight;
      step(rate);
    }
    double norm = 0;
    for (double g : meanGrad) {
      norm += (g / weightTotal) * (g / weightTotal);
    }
    epochCost = lossSum / weightTotal + penalty(v);
    epochNorm = Math.sqrt(norm);
  }

  /**
   * One L-BFGS iteration from (v, c), whose cost is {@code cost} and whose gradient is in grad and
   * gradC: the two-loop recursion gives the direction d ≈ −H⁻¹g from the stored steps, then
   * backtracking from step 1 (1/‖g‖ on the first iteration, when there is no curvature yet) halves
   * the step until the Armijo condition J(x + t·d) ≤ J(x) + 10⁻⁴·t·g·d holds (and J decreases), or
   * the approximate Wolfe conditions do (below). Each trial is one
   * fused pass and leaves its gradient in grad; the accepted point becomes (v, c) and its (s, y)
   * pair is stored when s·y > 0 (so that the implied Hessian stays positive definite). Returns the
   * new cost, or NaN when 40 halvings, or halving down to steps that no longer change the float
   * weights, found no acceptable point (v, c and the gradient are then those of the old point).
   */
  private double lbfgsStep(ParallelGradient parallel, double cost) {
    int memory = lbfgsS.length;
    double[] d = direction;
    for (int i = 0; i < n; i++) {
      previousGrad[i] = grad[i];
      d[i] = -grad[i];
    }
    previousGrad[n] = gradC;
    d[n] = -gradC;
    // Two-loop recursion over the stored pairs, newest first, then oldest first.
    for (int k = 0; k < lbfgsCount; k++) {
      int at = Math.floorMod(lbfgsNext - 1 - k, memory);
      double a = lbfgsRho[at] * dot(lbfgsS[at], d);
      lbfgsAlpha[at] = a;
      axpy(-a, lbfgsY[at], d);
    }
    double first = 1;
    if (lbfgsCount > 0) {
      int newest = Math.floorMod(lbfgsNext - 1, memory);
      double[] sy = lbfgsY[newest];
      scale(dot(lbfgsS[newest], sy) / dot(sy, sy), d); // H0 = (s·y / y·y)·I
    } else {
      first = 1 / Math.max(Math.sqrt(dot(previousGrad, previousGrad)), Double.MIN_NORMAL);
    }
    for (int k = lbfgsCount - 1; k >= 0; k--) {
      int at = Math.floorMod(lbfgsNext - 1 - k, memory);
      double b = lbfgsRho[at] * dot(lbfgsY[at], d);
      axpy(lbfgsAlpha[at] - b, lbfgsS[at], d);
    }
    double slope = dot(previousGrad, d);
    if (!(slope < 0)) {
      // Not a descent direction (stale curvature): forget it and go down the gradient.
      lbfgsCount = 0;
      for (int i = 0; i <= n; i++) {
        d[i] = -previousGrad[i];
      }
      slope = dot(previousGrad, d);
      first = 1 / Math.max(Math.sqrt(-slope), Double.MIN_NORMAL);
    }
    for (int i = 0; i < n; i++) {
      point[i] = v[i];
    }
    double pointC = c;
    double t = first;
    for (int trial = 0; trial < 40; trial++, t *= 0.5) {
      for (int i = 0; i < n; i++) {
        v[i] = point[i] + t * d[i];
      }
      c = pointC + t * d[n];
      if (!withinFloat()) {
        continue; // a weight beyond float's range: shorter
      }
      if (sameFloats(point, pointC)) {
        break; // shorter steps would not change the float weights the passes read
      }
      double trialCost = evaluate(parallel, v, c, from, to, weightSum);
      // Armijo, and strictly lower: near the optimum cost + 10⁻⁴·t·slope rounds to cost. Or, where
      // the cost differences drown in the float passes' rounding (about 10⁻⁷ of the cost with the
      // vector kernel), Hager and Zhang's approximate Wolfe conditions, which judge the step by
      // the slope along d at the trial point (exact to the gradient's accuracy) instead:
      // (2δ − 1)·φ'(0) ≥ φ'(t) ≥ σ·φ'(0) and φ(t) ≤ φ(0) + ε·|φ(0)| (CG_DESCENT, 2005).
      double trialSlope = 0;
      for (int i = 0; i < n; i++) {
        trialSlope += grad[i] * d[i];
      }
      trialSlope += gradC * d[n];
      boolean armijo = trialCost < cost && trialCost <= cost + 1e-4 * t * slope;
      boolean approximateWolfe = trialCost <= cost + 1e-6 * Math.abs(cost)
          && trialSlope <= (2e-4 - 1) * slope && trialSlope >= 0.9 * slope;
      if (armijo || approximateWolfe) {
        double[] sNew = lbfgsS[lbfgsNext];
        double[] yNew = lbfgsY[lbfgsNext];
        for (int i = 0; i < n; i++) {
          sNew[i] = v[i] - point[i];
          yNew[i] = grad[i] - previousGrad[i];
        }
        sNew[n] = c - pointC;
        yNew[n] = gradC - previousGrad[n];
        double sy = dot(sNew, yNew);
        if (sy > 1e-12 * Math.sqrt(dot(sNew, sNew) * dot(yNew, yNew))) {
          lbfgsRho[lbfgsNext] = 1 / sy;
          lbfgsNext = (lbfgsNext + 1) % memory;
          lbfgsCount = Math.min(lbfgsCount + 1, memory);
        }
        lbfgsStep = t;
        return trialCost;
      }
    }
    // No decrease: back to the old point and its gradient.
    for (int i = 0; i < n; i++) {
      v[i] = point[i];
      grad[i] = previousGrad[i];
    }
    c = pointC;
    gradC = previousGrad[n];
    return Double.NaN;
  }

  /** True if (v, c) and (p, pc) round to the same floats. */
  private boolean sameFloats(double[] p, double pc) {
    for (int i = 0; i < n; i++) {
      if ((float) v[i] != (float) p[i]) {
        return false;
      }
    }
    return (float) c == (float) pc;
  }

  private boolean withinFloat() {
    for (int i = 0; i < n; i++) {
      if (!(Math.abs(v[i]) <= Float.MAX_VALUE)) {
        return false;
      }
    }
    return Math.abs(c) <= Float.MAX_VALUE;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static void scale(double a, double[] x) {
    for (int i = 0; i < x.length; i++) {
      x[i] *= a;
    }
  }

  /** The point the gradient is taken at: v, or v + μ·velocity with Nesterov momentum. */
  private double[] lookAhead() {
    for (int i = 0; i < n; i++) {
      point[i] = o.nesterov ? v[i] + o.momentum * velocity[i] : v[i];
    }
    return point;
  }

  private double lookAheadC() {
    return o.nesterov ? c + o.momentum * velocityC : c;
  }

  /** One update from grad: plain, or with (Nesterov) momentum. */
  private void step(double rate) {
    for (int i = 0; i < n; i++) {
      velocity[i] = o.momentum * velocity[i] - rate * grad[i];
      v[i] += velocity[i];
    }
    velocityC = o.momentum * velocityC - rate * gradC;
    c += velocityC;
    for (int i = 0; i < n; i++) {
      // A weight beyond float's range would become infinite in the model.
      if (!(Math.abs(v[i]) <= Float.MAX_VALUE)) {
        throw new TrainingDivergedException(epoch + 1, "weight " + i + " is " + v[i]);
      }
    }
    if (!(Math.abs(c) <= Float.MAX_VALUE)) {
      throw new TrainingDivergedException(epoch + 1, "the bias is " + c);
    }
  }

  /**
   * The objective at (p, pc) over positions [lo, hi) with total weight {@code weight}; leaves its
   * gradient in grad and gradC.
   */
  private double evaluate(ParallelGradient parallel, double[] p, double pc, int lo, int hi, double weight) {
    for (int i = 0; i < n; i++) {
      wf[i] = (float) p[i];
    }
    bf = (float) pc;
    parallel.evaluate(x, y, s, rows, lo, hi, wf, bf, total);
    double[] g = total.gradient;
    for (int i = 0; i < n; i++) {
      grad[i] = g[i] / weight + o.l2 * p[i];
    }
    gradC = total.dzSum / weight;
    return total.lossSum / weight + penalty(p);
  }

  private double penalty(double[] p) {
    if (o.l2 == 0) {
      return 0;
    }
    double sq = 0;
    for (double pi : p) {
      sq += pi * pi;
    }
    return 0.5 * o.l2 * sq;
  }

  private double gradientNorm() {
    double sq = gradC * gradC;
    for (double g : grad) {
      sq += g * g;
    }
    return Math.sqrt(sq);
  }

  /** Log-loss and accuracy of the current model (v, c) on the validation examples, into fields. */
  private void validate() {
    float[] w = valW;
    double bias = c;
    for (int i = 0; i < n; i++) {
      double wi = scale == null ? v[i] : v[i] / scale[i];
      w[i] = (float) wi;
      bias -= mean == null ? 0 : wi * mean[i];
    }
    float b = (float) bias;
    double loss = 0;
    long correct = 0;
    long count;
    if (valRows != null) {
      count = valRows.length;
      for (int j : valRows) {
        float z = kernel.logit(w, b, rawX, j * n);
        loss += ScalarMath.loss(z, rawY[j]);
        correct += (z >= 0) == (rawY[j] == 1f) ? 1 : 0;
      }
    } else {
      count = valData.examples();
      float[] vx = valData.xArray();
      float[] vy = valData.yArray();
      int first = valData.firstExample();
      for (int done = 0; done < count; done += valLogits.length) {
        int k = (int) Math.min(valLogits.length, count - done);
        kernel.logits(w, b, vx, (first + done) * n, k, valLogits, 0);
        for (int q = 0; q < k; q++) {
          float label = vy[first + done + q];
          loss += ScalarMath.loss(valLogits[q], label);
          correct += (valLogits[q] >= 0) == (label == 1f) ? 1 : 0;
        }
      }
    }
    valCost = loss / count;
    valAccuracy = (double) correct / count;
  }

  /** The current parameters as a model of raw features. */
  private LogisticModel rawModel(int epoch) {
    float[] w = new float[n];
    double bias = c;
    for (int i = 0; i < n; i++) {
      double wi = scale == null ? v[i] : v[i] / scale[i];
      w[i] = (float) wi;
      bias -= mean == null ? 0 : wi * mean[i];
      if (!Float.isFinite(w[i])) {
        throw new TrainingDivergedException(epoch, "weight " + i + " is " + wi);
      }
    }
    if (!Float.isFinite((float) bias)) {
      throw new TrainingDivergedException(epoch, "the bias is " + bias);
    }
    return new LogisticModel(w, (float) bias);
  }

  private static int[] identity(int first, int m) {
    int[] order = new int[m];
    for (int k = 0; k < m; k++) {
      order[k] = first + k;
    }
    return order;
  }

  /** Fisher–Yates, in place. */
  private static void shuffle(int[] a, SplittableRandom random) {
    for (int k = a.length - 1; k > 0; k--) {
      int r = random.nextInt(k + 1);
      int t = a[k];
      a[k] = a[r];
      a[r] = t;
    }
  }

  /** A growable list of doubles (one entry per epoch; epochs may be many). */
  static final class DoubleList {
    private double[] a = new double[64];
    private int size;

    void add(double v) {
      if (size == a.length) {
        a = Arrays.copyOf(a, size * 2);
      }
      a[size++] = v;
    }

    double[] toArray() {
      return Arrays.copyOf(a, size);
    }
  }

  /** A growable list of longs, with its median and minimum. */
  static final class LongList {
    private long[] a = new long[64];
    private int size;

    void add(long v) {
      if (size == a.length) {
        a = Arrays.copyOf(a, size * 2);
      }
      a[size++] = v;
    }

    long min() {
      long m = size == 0 ? 0 : a[0];
      for (int i = 1; i < size; i++) {
        m = Math.min(m, a[i]);
      }
      return m;
    }

    double median() {
      if (size == 0) {
        return 0;
      }
      long[] sorted = Arrays.copyOf(a, size);
      Arrays.sort(sorted);
      return size % 2 == 1 ? sorted[size / 2] : (sorted[size / 2 - 1] + sorted[size / 2]) / 2.0;
    }
  }
}
