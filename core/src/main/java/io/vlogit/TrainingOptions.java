package io.vlogit;

import io.vlogit.internal.kernel.LogisticKernel;
import java.util.concurrent.Executor;

/**
 * The options of a {@link LogisticRegression}, as its builder checked them; {@code kernel} is null
 * unless a test set one (the run then chooses, see Kernels#forRun). {@code solver} is the one that
 * runs: the builder's, or the default for the objective when {@code solverGiven} is false.
 */
record TrainingOptions(
    Solver solver,
    boolean solverGiven,
    int maxIterations,
    double l1,
    double l2,
    long seed,
    double gradientTolerance,
    double costTolerance,
    int costEvery,
    double validationFraction,
    Dataset validationData,
    int patience,
    long maxNanos,
    LogisticModel warmStart,
    MultinomialModel multinomialWarmStart,
    TrainingListener listener,
    boolean standardize,
    boolean fitIntercept,
    float[] classWeights,
    boolean balanced,
    int threads,
    Executor executor,
    LogisticKernel kernel) {}
