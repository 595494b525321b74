package io.vlogit;

/**
 * The learning rate of epoch t (counted from 0) as a function of the base rate α. Applied per
 * epoch: every update of an epoch uses the same rate.
 */
public sealed interface LearningRateSchedule {

  /** The rate for epoch {@code epoch} given the base rate. */
  double rate(double base, int epoch);

  /** α every epoch (the default). */
  static LearningRateSchedule constant() {
    return Constant.INSTANCE;
  }

  /** {@code α / (1 + decay·t)}, decay ≥ 0. */
  static LearningRateSchedule inverseTime(double decay) {
    if (!(decay >= 0) || !Double.isFinite(decay)) {
      throw new InvalidOptionException(
          "schedule inverse-time decay", decay, "must be a finite number >= 0");
    }
    return new InverseTime(decay);
  }

  /**
   * {@code α · factor^⌊t / every⌋}: multiplied by {@code factor} (in (0, 1]) every {@code every}
   * epochs.
   */
  static LearningRateSchedule step(int every, double factor) {
    if (every < 1) {
      throw new InvalidOptionException("schedule step interval", every, "must be >= 1 epoch");
    }
    if (!(factor > 0 && factor <= 1)) {
      throw new InvalidOptionException("schedule step factor", factor, "must be in (0, 1]");
    }
    return new Step(every, factor);
  }

  /** The constant schedule. */
  enum Constant implements LearningRateSchedule {
    INSTANCE;

    @Override
    public double rate(double base, int epoch) {
      return base;
    }

    @Override
    public String toString() {
      return "constant";
    }
  }

  /** See {@link #inverseTime(double)}. */
  record InverseTime(double decay) implements LearningRateSchedule {
    @Override
    public double rate(double base, int epoch) {
      return base / (1 + decay * epoch);
    }

    @Override
    public String toString() {
      return "inverse-time:" + decay;
    }
  }

  /** See {@link #step(int, double)}. */
  record Step(int every, double factor) implements LearningRateSchedule {
    @Override
    public double rate(double base, int epoch) {
      return base * Math.pow(factor, epoch / every);
    }

    @Override
    public String toString() {
      return "step:" + every + ":" + factor;
    }
  }
}
