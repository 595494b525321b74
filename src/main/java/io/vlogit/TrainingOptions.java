package io.vlogit;

import io.vlogit.internal.kernel.LogisticKernel;
import java.util.concurrent.Executor;

/** The options of a {@link LogisticRegression}, as its builder checked them. */
record TrainingOptions(
    Solver solver,
    int maxIterations,
    double l2,
    long seed,
    double gradientTolerance,
    double costTolerance,
    double validationFraction,
    Dataset validationData,
    int patience,
    long maxNanos,
    LogisticModel warmStart,
    TrainingListener listener,
    boolean standardize,
    float[] classWeights,
    boolean balanced,
    int threads,
    Executor executor,
    LogisticKernel kernel) {}
