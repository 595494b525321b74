package io.vlogit;

import io.vlogit.internal.train.Diverged;
import io.vlogit.internal.train.RemotePasses;
import io.vlogit.internal.train.TrainingSet;
import io.vlogit.internal.train.Validation;

/**
 * {@link LogisticRegression#fit(SummedExamples)}: the solver runs here, each pass is the source's
 * sums. What needs the examples at hand (standardization, class weights, a validation fraction,
 * mini-batches) is the source's to do, and refused here.
 */
final class SummedFitting {
  private SummedFitting() {}

  static TrainingResult fit(TrainingOptions o, SummedExamples source) {
    int n = source.features();
    int classes = source.classes();
    long m = source.examples();
    double weightSum = source.weightSum();
    Fitting.requireShape(source.description(), n, m, classes);
    if (!(weightSum > 0) || !Double.isFinite(weightSum)) {
      throw new InvalidDataException(
          source.description() + ": the examples' weights sum to " + weightSum);
    }
    refuse(o.standardize(), "standardize", true, "standardize them");
    refuse(
        o.validationFraction() > 0,
        "validationFraction",
        o.validationFraction(),
        "hold some out (or give a validation dataset)");
    refuse(o.balanced(), "classWeights", "balanced", "weight them by class");
    refuse(o.classWeights() != null, "classWeights", "given", "weight them by class");
    if (o.solver() instanceof Solver.GradientDescent gd
        && gd.batchSize() != 0
        && gd.batchSize() < m) {
      throw new InvalidOptionException(
          "batchSize",
          gd.batchSize(),
          "mini-batches need the examples at hand: train summed examples with full passes"
              + " (L-BFGS, OWL-QN or full-batch gradient descent)");
    }
    float[][] start = Fitting.start(o, n, classes, source.classNames());
    Validation validation = Fitting.validationData(o, n, source.classNames());
    if (!source.intercept() && (o.warmStart() != null || o.multinomialWarmStart() != null)) {
      throw new InvalidOptionException(
          "warmStart", "a model", "is not applied to summed examples without an intercept");
    }
    RemotePasses passes =
        (w, biases, into) -> {
          PassSums sums = source.sums(w, biases, into.withLoss);
          if (sums.features() != n || sums.classes() != classes) {
            throw new DimensionMismatchException(
                source.description() + "'s sums of " + sums.classes() + " classes, features",
                n,
                sums.features());
          }
          sums.copyTo(into);
        };
    int positions = (int) Math.min(m, Integer.MAX_VALUE);
    TrainingSet set = new TrainingSet(passes, n, classes, positions, weightSum);
    Fitting.Prepared run =
        Fitting.build(
            o,
            o.solver(),
            set,
            validation,
            start,
            1,
            source.classNames(),
            source.intercept() && o.fitIntercept());
    try {
      return run.result(run.loop().run());
    } catch (Diverged e) {
      throw new TrainingDivergedException(e.iteration(), e.what());
    }
  }

  /** Refuses {@code option} if {@code set}: the source must {@code what} where it holds them. */
  private static void refuse(boolean set, String option, Object value, String what) {
    if (set) {
      throw new InvalidOptionException(
          option,
          value,
          "is not applied to summed examples: their source must " + what + " where it holds them");
    }
  }
}
