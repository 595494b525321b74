package io.vlogit;

import java.util.List;

/**
 * What {@link LogisticRegression#fitPath} returns: one fit per L1 strength of a log grid from
 * λ_max, where every weight is 0 (the first fit is a hair above it, λ_max·(1 + 10⁻⁴), so that float
 * rounding cannot leave a weight off 0 there), down to λ_max·10⁻³, each fit started from the one
 * before (as glmnet does): the models from the sparsest to the densest, with their sizes and
 * losses, to choose λ₁ from.
 */
public final class RegularizationPath {
  /** The grid ends at λ_max times this. */
  static final double LAST_FRACTION = 1e-3;

  private final double l1Max;
  private final List<Step> steps;
  private final boolean validated;

  RegularizationPath(double l1Max, List<Step> steps, boolean validated) {
    this.l1Max = l1Max;
    this.steps = List.copyOf(steps);
    this.validated = validated;
  }

  /**
   * The first fit's λ₁ is λ_max raised by this, relative: the passes compute the gradient in float
   * (and at the bias rounded to float), about 10⁻⁶ relative off the double λ_max, which could
   * otherwise leave the largest weight a rounding's worth away from 0 at λ_max itself.
   */
  static final double TOP_MARGIN = 1e-4;

  /**
   * λ₁ of step k of {@code count}: λ_max·10^(−3k/(count − 1)), except λ_max·(1 + 10⁻⁴) for k = 0
   * (see {@link #TOP_MARGIN}).
   */
  static double grid(double l1Max, int count, int k) {
    return k == 0
        ? l1Max * (1 + TOP_MARGIN)
        : l1Max * Math.pow(LAST_FRACTION, (double) k / (count - 1));
  }

  /**
   * One fit of the path.
   *
   * @param l1 its L1 strength λ₁
   * @param result the fit: its model, {@link TrainingResult#nonZeroWeights()}, {@link
   *     TrainingResult#finalLoss()} (the training log-loss) and its curves
   */
  public record Step(double l1, TrainingResult result) {
    /** Weights of the fit's model that are not 0. */
    public int nonZeroWeights() {
      return result.nonZeroWeights();
    }

    /** The training log-loss of the fit's model, the penalties left out. */
    public double trainingLoss() {
      return result.finalLoss();
    }

    /**
     * The validation log-loss of the fit's model (at its best iteration under early stopping), or
     * NaN without validation.
     */
    public double validationLoss() {
      double[] curve = result.validationCostCurve();
      if (curve.length == 0) {
        return Double.NaN;
      }
      int best = result.bestIteration();
      return curve[best >= 0 ? best : curve.length - 1];
    }
  }

  /**
   * λ_max = ‖∇_w loss(0, b*)‖∞, the least L1 strength at which every weight is 0 (b* the best
   * biases for zero weights); in the standardized space when the trainer standardizes.
   */
  public double l1Max() {
    return l1Max;
  }

  /** The fits, from λ_max down. */
  public List<Step> steps() {
    return steps;
  }

  /**
   * The fit of least validation log-loss (the earliest, sparser one on a tie).
   *
   * @throws IllegalStateException if the trainer had no validation
   */
  public Step bestByValidation() {
    if (!validated) {
      throw new IllegalStateException(
          "choosing by validation needs validation: a validationFraction or a validation dataset");
    }
    Step best = steps.get(0);
    for (Step s : steps) {
      if (s.validationLoss() < best.validationLoss()) {
        best = s;
      }
    }
    return best;
  }

  /** The last fit, of the least λ₁: the densest model. */
  public Step last() {
    return steps.get(steps.size() - 1);
  }
}
