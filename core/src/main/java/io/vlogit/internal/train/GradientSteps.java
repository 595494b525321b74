package io.vlogit.internal.train;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

/**
 * Gradient descent: full batch (each iteration one pass and one step, the textbook algorithm) or
 * shuffled mini-batches (each iteration an epoch of steps), with optional momentum {@code v = μ·v −
 * α·g, θ += v}, Nesterov's taking g at the look-ahead point θ + μ·v.
 *
 * <p>With an L1 term every step is proximal: {@code θ' = shrink(θ + μ·v − α·g, α·λ₁)}, {@code v =
 * θ' − θ}, soft-thresholding the weights so that the ones the data do not support become exactly 0
 * (with μ = 0 the proximal gradient method; with Nesterov's look-ahead the accelerated one). The
 * accelerated option is FISTA (Beck and Teboulle, 2009): μ_k = (t_k − 1)/t_{k+1}, t_{k+1} = (1 +
 * √(1 + 4t_k²))/2, restarted at t = 1 whenever the step turns against the last one, (y − θ')·(θ' −
 * θ) > 0 with y the look-ahead point (O'Donoghue and Candès' gradient restart, 2015).
 */
final class GradientSteps extends Optimizer {
  private final Objective objective;
  private final double[] theta;
  private final IntToDoubleFunction schedule;
  private final int batchSize;
  private final double momentum;
  private final boolean nesterov;
  private final boolean accelerated;
  private final L1Penalty l1;
  private final boolean fullBatch;
  private final SplittableRandom random;
  private final double[] velocity;
  private final double[] lookAhead;
  private final double[] grad;
  private final double[] meanGrad;

  /** The momentum of the next step: μ, or FISTA's μ_k. */
  private double mu;

  /** FISTA's t_k. */
  private double t = 1;

  /**
   * @param batchSize examples per step; 0, or at least the training set's size, for full batch
   * @param schedule the learning rate of each epoch, counted from 0
   * @param accelerated FISTA's momentum sequence and restart (full batch; momentum 0, no nesterov)
   */
  GradientSteps(
      Objective objective,
      double[] theta,
      IntToDoubleFunction schedule,
      int batchSize,
      double momentum,
      boolean nesterov,
      boolean accelerated,
      long seed) {
    this.objective = objective;
    this.theta = theta;
    this.schedule = schedule;
    this.fullBatch = fullBatch(batchSize, objective.data().size());
    this.batchSize = batchSize;
    this.momentum = momentum;
    this.nesterov = nesterov || accelerated;
    this.accelerated = accelerated;
    this.mu = accelerated ? 0 : momentum;
    this.l1 = objective.l1();
    this.random = new SplittableRandom(seed);
    int length = theta.length;
    this.velocity = new double[length];
    this.lookAhead = new double[length];
    this.grad = new double[length];
    this.meanGrad = new double[length];
  }

  /** True when each iteration is one full-batch step (no shuffled order is needed). */
  static boolean fullBatch(int batchSize, int examples) {
    return batchSize == 0 || batchSize >= examples;
  }

  @Override
  double rate(int k) {
    return schedule.applyAsDouble(fullBatch ? k : Math.max(0, k - 1));
  }

  @Override
  void measure(int k) {
    if (fullBatch) {
      double[] at = point();
      cost = objective.evaluate(at, grad, costWanted);
      gradientNorm = objective.optimality(at, grad);
    } else if (k == 0) {
      cost = objective.evaluate(theta, grad, costWanted);
      gradientNorm = objective.optimality(theta, grad);
    } else {
      miniBatchEpoch(rate(k), k);
    }
  }

  @Override
  boolean advance(int k) {
    if (fullBatch) {
      step(rate(k), k + 1);
    }
    return true; // a mini-batch epoch steps while it is measured
  }

  @Override
  boolean measuresCurrentPoint() {
    return fullBatch && !nesterov;
  }

  /** Where the gradient is taken: θ, or θ + μ·v with Nesterov momentum. */
  private double[] point() {
    if (!nesterov) {
      return theta;
    }
    for (int i = 0; i < theta.length; i++) {
      lookAhead[i] = theta[i] + mu * velocity[i];
    }
    return lookAhead;
  }

  /** One update from grad; iteration names the update in a divergence error. */
  private void step(double rate, int iteration) {
    if (l1.active() || accelerated) {
      proximalStep(rate);
    } else {
      for (int i = 0; i < theta.length; i++) {
        velocity[i] = momentum * velocity[i] - rate * grad[i];
        theta[i] += velocity[i];
      }
    }
    for (int i = 0; i < theta.length; i++) {
      // A parameter beyond float's range would become infinite in the model.
      if (!(Math.abs(theta[i]) <= Float.MAX_VALUE)) {
        throw new Diverged(iteration, objective.parameterName(i) + " is " + theta[i]);
      }
    }
  }

  /** θ' = shrink(θ + μ·v − α·g) and v = θ' − θ (see above); FISTA's next μ. */
  private void proximalStep(double rate) {
    double turn = 0;
    for (int i = 0; i < theta.length; i++) {
      double target = theta[i] + mu * velocity[i] - rate * grad[i];
      double next = l1.penalizes(i) ? l1.shrink(target, rate) : target;
      double v = next - theta[i];
      turn += (mu * velocity[i] - v) * v;
      velocity[i] = v;
      theta[i] = next;
    }
    if (accelerated) {
      if (turn > 0) {
        t = 1;
        mu = 0;
      } else {
        double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
        mu = (t - 1) / tNext;
        t = tNext;
      }
    }
  }

  /**
   * One epoch of mini-batches in a fresh shuffled order; reports the mean batch cost (each taken
   * before its batch's step; NaN unless wanted) and the norm of the mean batch gradient.
   */
  private void miniBatchEpoch(double rate, int k) {
    TrainingSet data = objective.data();
    lossSum = 0;
    weightTotal = 0;
    Arrays.fill(meanGrad, 0.0);
    if (data.stream != null) {
      // A stream's epoch: its blocks in shuffled order, each block's examples in shuffled order,
      // batches that do not cross blocks (a block's last batch may be smaller).
      BlockStream stream = data.stream;
      stream.beginShuffledPass(random);
      for (int b = 0; b < stream.blocks(); b++) {
        TrainingSet block = stream.nextShuffled(random);
        batches(block, 0, stream.count(), rate, k);
        stream.release();
      }
    } else {
      Split.shuffle(data.rows, random);
      batches(data, data.from, data.to, rate, k);
    }
    for (int i = 0; i < meanGrad.length; i++) {
      meanGrad[i] /= weightTotal;
    }
    cost = costWanted ? lossSum / weightTotal + objective.penalty(theta) : Double.NaN;
    gradientNorm = objective.optimality(theta, meanGrad);
  }

  /** The epoch's sums so far: Σ batch loss × batch weight, and Σ batch weight. */
  private double lossSum;

  private double weightTotal;

  /** A step per batch of positions [from, to) of {@code set}, in order. */
  private void batches(TrainingSet set, int from, int to, double rate, int k) {
    for (int start = from; start < to; start += batchSize) {
      int end = Math.min(to, start + batchSize);
      double batchWeight = 0;
      for (int p = start; p < end; p++) {
        batchWeight += set.weights == null ? 1 : set.weights[set.rows[p]];
      }
      if (batchWeight == 0) {
        continue; // every example of this batch has weight 0: nothing to learn from it
      }
      double[] at = point();
      double batchCost = objective.evaluate(set, at, start, end, batchWeight, grad, costWanted);
      lossSum += (batchCost - objective.penalty(at)) * batchWeight;
      weightTotal += batchWeight;
      for (int i = 0; i < grad.length; i++) {
        meanGrad[i] += grad[i] * batchWeight;
      }
      step(rate, k);
    }
  }
}
