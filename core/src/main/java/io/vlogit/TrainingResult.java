package io.vlogit;

import io.vlogit.internal.train.Outcome;
import java.util.List;

/**
 * What {@link LogisticRegression#fit} returns: the model and how training went.
 *
 * <p>The cost curve has {@code iterations() + 1} entries: entry k is the cost of the model after k
 * iterations (entry 0 is the starting model's, log 2 from zero). With mini-batches, entry k ≥ 1 is
 * instead the mean of epoch k's batch costs, each taken before its batch's update. An entry is NaN
 * on an iteration that did not compute the cost ({@link LogisticRegression.Builder#costEvery}). The
 * validation curves, if there was validation, have one entry per cost entry.
 */
public final class TrainingResult {
  private final Outcome outcome;
  private final LogisticModel model;
  private final MultinomialModel multinomialModel;
  private final Solver solver;
  private final String kernelReason;

  TrainingResult(Outcome outcome, Solver solver, String kernelReason, List<String> classNames) {
    this.outcome = outcome;
    this.kernelReason = kernelReason;
    float[] biases = outcome.biases();
    if (biases.length == 1) {
      this.model = new LogisticModel(outcome.weights(), biases[0]);
      this.multinomialModel = null;
    } else {
      this.model = null;
      this.multinomialModel =
          new MultinomialModel(
              outcome.weights(), biases, outcome.weights().length / biases.length, classNames);
    }
    this.solver = solver;
  }

  /**
   * The binary model (two classes).
   *
   * @throws IllegalStateException if the data had more classes: see {@link #multinomialModel()}
   */
  public LogisticModel model() {
    if (model == null) {
      throw new IllegalStateException(
          "the data had "
              + classes()
              + " classes: the model is a MultinomialModel, from multinomialModel()");
    }
    return model;
  }

  /**
   * The multinomial model (three classes or more).
   *
   * @throws IllegalStateException if the data had two classes: see {@link #model()}
   */
  public MultinomialModel multinomialModel() {
    if (multinomialModel == null) {
      throw new IllegalStateException(
          "the data had 2 classes: the model is a binary LogisticModel, from model()");
    }
    return multinomialModel;
  }

  /** Number of classes the model tells apart: 2 for the binary model. */
  public int classes() {
    return model != null ? 2 : multinomialModel.classes();
  }

  /**
   * Weights of the model that are not 0 (biases not counted), out of n, or K·n for the multinomial
   * model: with {@link LogisticRegression.Builder#l1} the features the model kept.
   */
  public int nonZeroWeights() {
    return model != null ? model.nonZeroWeights() : multinomialModel.nonZeroWeights();
  }

  /**
   * Number of weights of the model (biases not counted): n for the binary model, K·n for the
   * multinomial one; what {@link #nonZeroWeights()} counts out of.
   */
  public int weightCount() {
    return model != null
        ? model.features()
        : multinomialModel.classes() * multinomialModel.features();
  }

  /** The solver that trained the model. */
  public Solver solver() {
    return solver;
  }

  /** The training cost per iteration (a copy); see the class comment. */
  public double[] costCurve() {
    return outcome.costs().clone();
  }

  /** The validation log-loss per iteration (a copy), empty without validation. */
  public double[] validationCostCurve() {
    return outcome.validationCosts().clone();
  }

  /** The validation accuracy per iteration (a copy), empty without validation. */
  public double[] validationAccuracyCurve() {
    return outcome.validationAccuracies().clone();
  }

  /**
   * The data term of {@link #finalCost()}: the weighted training log-loss of the returned model,
   * without the L1 and L2 penalties.
   */
  public double finalLoss() {
    return outcome.finalCost() - outcome.penalty();
  }

  /** The training cost (objective) of the returned model. */
  public double finalCost() {
    return outcome.finalCost();
  }

  /**
   * The norm of the objective's gradient at the returned model (in the space training used); with
   * an L1 term, of its pseudo-gradient (the steepest one-sided slope of each weight; 0 exactly at
   * the optimum).
   */
  public double finalGradientNorm() {
    return outcome.finalGradientNorm();
  }

  /** Iterations run: epochs for gradient descent, quasi-Newton steps for L-BFGS. */
  public int iterations() {
    return outcome.iterations();
  }

  /**
   * Passes over the training examples the kernel made, fractions included: one per gradient descent
   * epoch, one per L-BFGS line-search trial, and the evaluations of the start and, where needed, of
   * the returned model.
   */
  public double dataPasses() {
    return outcome.passes();
  }

  /** Why training stopped. */
  public StopReason stopReason() {
    return StopReason.valueOf(outcome.stop().name());
  }

  /** True if training stopped because a tolerance was met. */
  public boolean converged() {
    return stopReason().converged();
  }

  /**
   * The iteration of the best validation cost (the returned model, after early stopping), or −1.
   */
  public int bestIteration() {
    return outcome.bestIteration();
  }

  /**
   * Median wall time of one iteration. The median, not the mean, so that the first iterations, run
   * before the JIT has compiled the kernel, do not dominate.
   */
  public double secondsPerIteration() {
    return outcome.medianSeconds();
  }

  /**
   * Wall time of the fastest iteration: what one costs once the JIT has compiled the kernel. A
   * short run (the bundled data: 1000 epochs of 569 examples, about a second) spends most of its
   * iterations before that, so its median is mostly warm-up.
   */
  public double fastestSecondsPerIteration() {
    return outcome.fastestSeconds();
  }

  /** Wall time of the whole run, including the first, slower iterations. */
  public double totalSeconds() {
    return outcome.totalSeconds();
  }

  /** Name of the kernel that ran, for example {@code vector-256} or {@code scalar}. */
  public String kernel() {
    return outcome.kernel();
  }

  /**
   * Why the run used {@link #kernel()}: the JVM's selection (for example {@code
   * jdk.incubator.vector present, C2 JIT, FMA, 8 float lanes}), or why a short run took the scalar
   * kernel instead (see {@link LogisticRegression}, "Kernel").
   */
  public String kernelReason() {
    return kernelReason;
  }

  /** Threads the run's passes used: the trainer's, and at least two from a stream. */
  public int threads() {
    return outcome.threads();
  }

  @Override
  public String toString() {
    return "TrainingResult[iterations="
        + iterations()
        + ", finalCost="
        + finalCost()
        + ", stop="
        + stopReason()
        + ", solver="
        + solver.name()
        + ", kernel="
        + kernel()
        + "]";
  }
}
