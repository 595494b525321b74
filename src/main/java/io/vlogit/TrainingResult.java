package io.vlogit;

/**
 * What {@link GradientDescent#fit} returns: the model and how training went.
 *
 * <p>Full batch: the cost curve has {@code epochsRun() + 1} entries, entry k the cost of the model
 * after k epochs (entry 0 is the starting model's, log 2 from zero). Mini-batch: entry 0 is the
 * starting model's cost and entry k the mean of epoch k's batch costs, each taken before its
 * batch's update. The validation curves, if there was validation, have one entry per cost entry.
 */
public final class TrainingResult {
  private final LogisticModel model;
  private final double[] costCurve;
  private final double[] validationCostCurve;
  private final double[] validationAccuracyCurve;
  private final int epochsRun;
  private final StopReason stopReason;
  private final double finalCost;
  private final double finalGradientNorm;
  private final int bestEpoch;
  private final double secondsPerEpoch;
  private final double fastestSecondsPerEpoch;
  private final double totalSeconds;
  private final String kernel;
  private final int threads;

  TrainingResult(LogisticModel model, double[] costCurve, double[] validationCostCurve,
      double[] validationAccuracyCurve, int epochsRun, StopReason stopReason, double finalCost,
      double finalGradientNorm, int bestEpoch, double secondsPerEpoch, double fastestSecondsPerEpoch,
      double totalSeconds, String kernel, int threads) {
    this.model = model;
    this.costCurve = costCurve;
    this.validationCostCurve = validationCostCurve;
    this.validationAccuracyCurve = validationAccuracyCurve;
    this.epochsRun = epochsRun;
    this.stopReason = stopReason;
    this.finalCost = finalCost;
    this.finalGradientNorm = finalGradientNorm;
    this.bestEpoch = bestEpoch;
    this.secondsPerEpoch = secondsPerEpoch;
    this.fastestSecondsPerEpoch = fastestSecondsPerEpoch;
    this.totalSeconds = totalSeconds;
    this.kernel = kernel;
    this.threads = threads;
  }

  public LogisticModel model() {
    return model;
  }

  /** The training cost per epoch (a copy); see the class comment. */
  public double[] costCurve() {
    return costCurve.clone();
  }

  /** The validation log-loss per epoch (a copy), empty without validation. */
  public double[] validationCostCurve() {
    return validationCostCurve.clone();
  }

  /** The validation accuracy per epoch (a copy), empty without validation. */
  public double[] validationAccuracyCurve() {
    return validationAccuracyCurve.clone();
  }

  /** The training cost (objective) of the returned model. */
  public double finalCost() {
    return finalCost;
  }

  /** The norm of the objective's gradient at the returned model (in the space training used). */
  public double finalGradientNorm() {
    return finalGradientNorm;
  }

  /** Epochs run (updates, for full batch). */
  public int epochsRun() {
    return epochsRun;
  }

  /** Why training stopped. */
  public StopReason stopReason() {
    return stopReason;
  }

  /** True if training stopped because a tolerance was met. */
  public boolean converged() {
    return stopReason.converged();
  }

  /** The epoch of the best validation cost (the returned model, after early stopping), or −1. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /**
   * Median wall time of one epoch. The median, not the mean, so that the first epochs, run before
   * the JIT has compiled the kernel, do not dominate.
   */
  public double secondsPerEpoch() {
    return secondsPerEpoch;
  }

  /**
   * Wall time of the fastest epoch: what an epoch costs once the JIT has compiled the kernel. A
   * short run (the bundled data: 1000 epochs of 569 examples, about a second) spends most of its
   * epochs before that, so its median is mostly warm-up.
   */
  public double fastestSecondsPerEpoch() {
    return fastestSecondsPerEpoch;
  }

  /** Wall time of the whole run, including the first, slower epochs. */
  public double totalSeconds() {
    return totalSeconds;
  }

  /** Name of the kernel that ran, for example {@code vector-256} or {@code scalar}. */
  public String kernel() {
    return kernel;
  }

  /** Threads the run used. */
  public int threads() {
    return threads;
  }

  @Override
  public String toString() {
    return "TrainingResult[epochs=" + epochsRun + ", finalCost=" + finalCost + ", stop=" + stopReason
        + ", kernel=" + kernel + "]";
  }
}
