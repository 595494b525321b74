package io.vlogit;

import io.vlogit.internal.kernel.KernelSelection;
import io.vlogit.internal.kernel.LogisticKernel;
import io.vlogit.internal.kernel.RunKernel;
import io.vlogit.internal.train.Diverged;
import io.vlogit.internal.train.ExampleBlocks;
import io.vlogit.internal.train.ExampleWeights;
import io.vlogit.internal.train.Observer;
import io.vlogit.internal.train.Outcome;
import io.vlogit.internal.train.Settings;
import io.vlogit.internal.train.Split;
import io.vlogit.internal.train.TrainingLoop;
import io.vlogit.internal.train.TrainingSet;
import io.vlogit.internal.train.Validation;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link LogisticRegression#fit}: checks the options against the data, turns the dataset into the
 * engine's arrays (the split, the example weights), runs the training loop, and turns its outcome
 * and errors into the public types. The engine ({@code io.vlogit.internal.train}) trusts what it is
 * given: every check on the data is here.
 */
final class Fitting {
  private Fitting() {}

  static TrainingResult fit(TrainingOptions o, Dataset data) {
    Prepared run = prepare(o, o.solver(), data, 1);
    try {
      return run.result(run.loop.run());
    } catch (Diverged e) {
      throw new TrainingDivergedException(e.iteration(), e.what());
    }
  }

  /**
   * {@link LogisticRegression#fitPath}: one training loop, run once per λ₁ of the grid, each run
   * from where the last ended.
   */
  static RegularizationPath path(TrainingOptions o, Solver solver, Dataset data, int steps) {
    return path(prepare(o, solver, data, steps), steps);
  }

  /** The path of {@code steps} fits of a loop built for them. */
  static RegularizationPath path(Prepared run, int steps) {
    double max = run.loop.l1Max();
    List<RegularizationPath.Step> fits = new ArrayList<>();
    try {
      for (int k = 0; k < steps; k++) {
        double l1 = RegularizationPath.grid(max, steps, k);
        fits.add(new RegularizationPath.Step(l1, run.result(run.loop.run(l1))));
      }
    } catch (Diverged e) {
      throw new TrainingDivergedException(e.iteration(), e.what());
    }
    return new RegularizationPath(max, fits, run.validated);
  }

  /**
   * Refuses examples held outside a dataset (a stream's, summed ones) that training cannot start
   * from: no feature, no example, or a number of classes outside [2, {@link Dataset#MAX_CLASSES}].
   */
  static void requireShape(String description, int n, long m, int classes) {
    if (n < 1 || m < 1 || classes < 2 || classes > Dataset.MAX_CLASSES) {
      throw new InvalidDataException(
          description
              + ": training needs at least 1 feature, 1 example and 2 to "
              + Dataset.MAX_CLASSES
              + " classes (got n = "
              + n
              + ", m = "
              + m
              + ", "
              + classes
              + " classes)");
    }
  }

  /** A training loop ready to run, and what its outcomes need to become results. */
  record Prepared(
      TrainingLoop loop,
      Solver solver,
      String kernelReason,
      List<String> classNames,
      boolean validated) {
    TrainingResult result(Outcome outcome) {
      return new TrainingResult(outcome, solver, kernelReason, classNames);
    }
  }

  /**
   * Checks the options against the data and builds the loop of {@code solver}; {@code runs}: fits
   * it will make.
   */
  /**
   * The validation dataset's scoring, checked against training data of n features and these
   * classes, or null without one.
   */
  static Validation validationData(TrainingOptions o, int n, List<String> classNames) {
    Dataset v = o.validationData();
    if (v == null) {
      return null;
    }
    if (v.features() != n) {
      throw new DimensionMismatchException("validation dataset", n, v.features());
    }
    if (!v.classNames().equals(classNames)) {
      throw new InvalidDataException(
          "the validation dataset's classes "
              + v.classNames()
              + " are not the training data's "
              + classNames);
    }
    int from = v.firstExample();
    return new Validation(
        v.blocks(), v.yArray(), null, from, from + v.examples(), classNames.size());
  }

  private static Prepared prepare(TrainingOptions o, Solver solver, Dataset data, int runs) {
    int n = data.features();
    int classes = data.classes();
    Validation given = validationData(o, n, data.classNames());
    float[][] start = start(o, n, classes, data.classNames());
    ExampleBlocks x = data.blocks();
    float[] y = data.yArray();
    int first = data.firstExample();
    int m = data.examples();
    int[] rows = null;
    Validation validation = null;
    if (o.validationFraction() > 0) {
      int held = Split.heldOut(o.validationFraction(), m);
      if (held < 1 || held >= m) {
        throw new InvalidDataException(
            "a validation fraction of "
                + o.validationFraction()
                + " of "
                + m
                + " examples leaves "
                + held
                + " for validation and "
                + (m - held)
                + " for training; both need at least 1");
      }
      int[][] split = Split.holdOut(first, m, held, o.seed());
      validation = new Validation(x, y, split[0], 0, held, classes);
      rows = split[1];
    } else {
      validation = given;
    }
    int from = rows == null ? first : 0;
    int to = rows == null ? first + m : rows.length;
    float[] classWeights = classWeights(o, classes);
    TrainingSet set = new TrainingSet(x, y, data.weightArray(), n, rows, from, to, classes);
    if (o.balanced()) {
      classWeights = balanced(set.classCounts(), data.classNames());
    }
    if (classWeights != null) {
      float[] weights = ExampleWeights.combine(y, data.weightArray(), classWeights);
      set = new TrainingSet(x, y, weights, n, rows, from, to, classes);
    }
    if (!(set.weightSum() > 0)) {
      throw new InvalidDataException("every training example has weight 0");
    }
    return build(o, solver, set, validation, start, runs, data.classNames(), o.fitIntercept());
  }

  /** The class weights given, checked against K = {@code classes}, or null. */
  static float[] classWeights(TrainingOptions o, int classes) {
    float[] classWeights = o.classWeights();
    if (classWeights != null && classWeights.length != classes) {
      throw new InvalidDataException(
          "there are " + classWeights.length + " class weights for " + classes + " classes");
    }
    return classWeights;
  }

  /** Balanced class weights for the training examples' class counts; every class needs one. */
  static float[] balanced(long[] counts, List<String> classNames) {
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] == 0) {
        throw new InvalidDataException(
            "balanced class weights need every class among the training examples; class "
                + classNames.get(c)
                + " has none");
      }
    }
    return ExampleWeights.balanced(counts);
  }

  /**
   * The warm start's weights and biases, checked against the data ({@code n} features, the classes
   * named {@code classNames}), or nulls without one.
   */
  static float[][] start(TrainingOptions o, int n, int classes, List<String> classNames) {
    if (o.warmStart() != null) {
      LogisticModel start = o.warmStart();
      if (classes != 2) {
        throw new InvalidDataException(
            "a binary warm-start model cannot start training on data of " + classes + " classes");
      }
      if (start.features() != n) {
        throw new DimensionMismatchException("warm-start model", start.features(), n);
      }
      return new float[][] {start.weights(), {start.bias()}};
    } else if (o.multinomialWarmStart() != null) {
      MultinomialModel start = o.multinomialWarmStart();
      if (!start.classNames().equals(classNames)) {
        throw new InvalidDataException(
            "the warm-start model's classes "
                + start.classNames()
                + " are not the data's "
                + classNames);
      }
      if (start.features() != n) {
        throw new DimensionMismatchException("warm-start model", start.features(), n);
      }
      return new float[][] {start.flatWeights(), start.rawBiases()};
    }
    return new float[][] {null, null};
  }

  /**
   * The loop of {@code solver} over {@code set}, its kernel chosen for {@code runs} fits, fitting
   * the biases if {@code intercept}.
   */
  static Prepared build(
      TrainingOptions o,
      Solver solver,
      TrainingSet set,
      Validation validation,
      float[][] start,
      int runs,
      List<String> classNames,
      boolean intercept) {
    int n = set.features();
    int classes = set.classes();
    TrainingListener listener = o.listener();
    Observer observer =
        listener == null
            ? null
            : (k, cost, norm, vCost, vAccuracy, rate) ->
                listener.onIteration(new IterationStatus(k, cost, norm, vCost, vAccuracy, rate));
    LogisticKernel kernel = o.kernel();
    String kernelReason = "set by the caller";
    if (kernel == null) {
      int rowsOfWeights = TrainingSet.outputs(classes);
      KernelSelection chosen =
          RunKernel.forRun(
              featureReads((long) runs * o.maxIterations(), n * rowsOfWeights, set.size()));
      kernel = chosen.kernel();
      kernelReason = chosen.reason();
    }
    TrainingLoop loop =
        new TrainingLoop(
            kernel, set, validation, settings(o, solver, intercept), start[0], start[1], observer);
    return new Prepared(loop, solver, kernelReason, classNames, validation != null);
  }

  /**
   * The run's size before a stopping rule ends it early: iterations × features × training examples
   * (L-BFGS's line search adds a pass now and then, not counted), saturating at Long.MAX_VALUE; the
   * multinomial model's K rows of weights count as K·n features.
   */
  static long featureReads(long iterations, int n, int examples) {
    double reads = (double) iterations * n * examples;
    return reads >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) reads;
  }

  private static Settings settings(TrainingOptions o, Solver chosen, boolean intercept) {
    Settings.Solver solver;
    if (chosen instanceof Solver.Lbfgs lbfgs) {
      solver = new Settings.Lbfgs(lbfgs.memory());
    } else {
      Solver.GradientDescent gd = (Solver.GradientDescent) chosen;
      double alpha = gd.learningRate();
      LearningRateSchedule schedule = gd.schedule();
      solver =
          new Settings.Steps(
              t -> schedule.rate(alpha, t),
              gd.batchSize(),
              gd.momentum(),
              gd.nesterov(),
              gd.fista());
    }
    return new Settings(
        solver,
        o.maxIterations(),
        o.l1(),
        o.l2(),
        o.seed(),
        o.standardize(),
        intercept,
        o.gradientTolerance(),
        o.costTolerance(),
        o.costEvery(),
        o.patience(),
        o.maxNanos(),
        o.threads(),
        o.executor());
  }
}
