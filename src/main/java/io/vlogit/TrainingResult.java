package io.vlogit;

/**
 * What {@link GradientDescent#fit} returns: the model and how training went.
 *
 * <p>The cost curve has {@code epochsRun() + 1} entries: entry k is the cost of the model after k
 * epochs, so entry 0 is the cost of the zero model (log 2) and the last entry is the cost of the
 * returned model.
 */
public final class TrainingResult {
  private final LogisticModel model;
  private final double[] costCurve;
  private final int epochsRun;
  private final double secondsPerEpoch;
  private final double totalSeconds;
  private final String kernel;

  TrainingResult(LogisticModel model, double[] costCurve, int epochsRun, double secondsPerEpoch,
      double totalSeconds, String kernel) {
    this.model = model;
    this.costCurve = costCurve;
    this.epochsRun = epochsRun;
    this.secondsPerEpoch = secondsPerEpoch;
    this.totalSeconds = totalSeconds;
    this.kernel = kernel;
  }

  public LogisticModel model() {
    return model;
  }

  /** The cost after each epoch (a copy); entry 0 is before the first update. */
  public double[] costCurve() {
    return costCurve.clone();
  }

  /** The cost of the returned model. */
  public double finalCost() {
    return costCurve[epochsRun];
  }

  public int epochsRun() {
    return epochsRun;
  }

  /**
   * Median wall time of one epoch (a pass over the data and the update). The median, not the mean,
   * so that the first epochs, run before the JIT has compiled the kernel, do not dominate.
   */
  public double secondsPerEpoch() {
    return secondsPerEpoch;
  }

  /** Wall time of the whole run, including the first, slower epochs. */
  public double totalSeconds() {
    return totalSeconds;
  }

  /** Name of the kernel that ran, for example {@code vector-256} or {@code scalar}. */
  public String kernel() {
    return kernel;
  }

  @Override
  public String toString() {
    return "TrainingResult[epochs=" + epochsRun + ", finalCost=" + finalCost() + ", kernel=" + kernel + "]";
  }
}
