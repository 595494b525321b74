package io.vlogit.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.vlogit.InvalidDataException;
import io.vlogit.InvalidOptionException;
import io.vlogit.MultinomialModel;
import io.vlogit.Solver;
import io.vlogit.TrainingResult;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LogisticRegression#fit}: a pass over the rows that checks them and gathers what training
 * needs (the summary), a second that converts each partition into cached float blocks, then
 * vlogit's solver on the driver over the partitions' sums, and the model folded back to raw
 * features.
 */
final class SparkFitting {
  private static final Logger LOG = LoggerFactory.getLogger(LogisticRegression.class);

  private SparkFitting() {}

  static LogisticRegressionModel fit(LogisticRegression e, Dataset<?> dataset) {
    StorageLevel level;
    try {
      level = StorageLevel.fromString(e.getStorageLevel());
    } catch (IllegalArgumentException bad) {
      throw new InvalidOptionException(
          "storageLevel", e.getStorageLevel(), "is not a Spark storage level: " + bad.getMessage());
    }
    String weightCol = e.getWeightCol();
    boolean weighted = !weightCol.isEmpty();
    Column weight = weighted ? col(weightCol).cast("double") : lit(1.0);
    JavaRDD<Row> rows =
        dataset
            .select(col(e.getFeaturesCol()), col(e.getLabelCol()).cast("double"), weight)
            .toJavaRDD();
    boolean standardize = e.getStandardization();

    PartitionSummary all = summary(rows, standardize);
    int n = all.features;
    int classes = classes(e.getFamily(), all.maxLabel + 1);
    double[] mean = null;
    double[] scale = null;
    boolean intercept = e.getFitIntercept();
    if (standardize) {
      // Without an intercept the features are only scaled, as MLlib does: centring them would
      // need the intercept that absorbs the means.
      mean = intercept ? all.mean : new double[n];
      scale = new double[n];
      for (int i = 0; i < n; i++) {
        double std = all.std(i);
        scale[i] = std > 0 ? std : 1.0; // a constant feature is centred to 0: its weight stays 0
      }
    }

    double[] m = mean;
    double[] s = scale;
    JavaRDD<PartitionBlocks> blocks =
        rows.mapPartitions(
                it -> List.of(PartitionBlocks.of(it, n, classes, weighted, m, s)).iterator(), true)
            .persist(level);
    try {
      JavaSparkContext sc =
          JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
      SparkPasses passes =
          new SparkPasses(sc, blocks, n, classes, all.examples, all.weightSum, intercept);
      double reg = e.getRegParam();
      double alpha = e.getElasticNetParam();
      TrainingResult result =
          io.vlogit.LogisticRegression.builder()
              .solver(Solver.lbfgs(10))
              .l1(reg * alpha)
              .l2(reg * (1 - alpha))
              .maxIterations(e.getMaxIter())
              .costTolerance(e.getTol())
              .build()
              .fit(passes);
      if (passes.kernels().contains("scalar")) {
        LOG.warn(
            "vlogit: partitions were summed on the scalar kernel ({}): their JVMs lack the Vector"
                + " API module (Spark 4 starts them with --add-modules=jdk.incubator.vector) or"
                + " were told to (-Dvlogit.kernel=scalar)",
            passes.kernels());
      }
      return model(e.uid(), result, n, classes, mean, scale, passes);
    } finally {
      blocks.unpersist(false);
    }
  }

  /** The partitions' summaries merged in partition order, checked. */
  private static PartitionSummary summary(JavaRDD<Row> rows, boolean standardize) {
    List<PartitionSummary> parts =
        rows.mapPartitionsWithIndex(
                (index, it) -> List.of(PartitionSummary.of(index, it, standardize)).iterator(),
                true)
            .collect();
    PartitionSummary all = new PartitionSummary();
    for (PartitionSummary part : parts) {
      all.merge(part);
    }
    if (all.problem != null) {
      throw new InvalidDataException("the training rows: " + all.problem);
    }
    if (all.examples == 0 || all.features < 1) {
      throw new InvalidDataException(
          "the training rows: none, or no features (" + all.examples + " rows)");
    }
    if (!(all.weightSum > 0)) {
      throw new InvalidDataException("the training rows: every weight is 0");
    }
    return all;
  }

  /** The number of classes the model has, from the family and the labels' count. */
  private static int classes(String family, int labels) {
    if (labels < 2) {
      throw new InvalidDataException(
          "the training rows have one class (label 0): a classifier needs two");
    }
    if (family.equals("binomial") && labels > 2) {
      throw new InvalidOptionException(
          "family", family, "needs labels 0 and 1; the rows have labels up to " + (labels - 1));
    }
    if (family.equals("multinomial") && labels == 2) {
      throw new InvalidOptionException(
          "family",
          family,
          "trains vlogit's multinomial model, which needs 3 or more classes; 2 classes train the"
              + " binary model (family auto or binomial)");
    }
    return labels;
  }

  /** The trained model, folded back to raw features if it was trained on standardized ones. */
  private static LogisticRegressionModel model(
      String uid,
      TrainingResult result,
      int n,
      int classes,
      double[] mean,
      double[] scale,
      SparkPasses passes) {
    int rows = classes == 2 ? 1 : classes;
    float[] w = new float[rows * n];
    float[] b = new float[rows];
    if (classes == 2) {
      System.arraycopy(result.model().weights(), 0, w, 0, n);
      b[0] = result.model().bias();
    } else {
      MultinomialModel mm = result.multinomialModel();
      for (int c = 0; c < rows; c++) {
        System.arraycopy(mm.weights()[c], 0, w, c * n, n);
      }
      System.arraycopy(mm.biases(), 0, b, 0, rows);
    }
    if (mean != null) {
      // Weights v of standardized features (x − mean)/scale score raw x as w = v/scale with the
      // bias c − Σ w·mean; folded in double from the trained float model.
      for (int r = 0; r < rows; r++) {
        double bias = b[r];
        for (int i = 0; i < n; i++) {
          double raw = w[r * n + i] / scale[i];
          w[r * n + i] = (float) raw;
          bias -= raw * mean[i];
        }
        b[r] = (float) bias;
      }
    }
    return new LogisticRegressionModel(
        uid,
        n,
        classes,
        w,
        b,
        new LogisticRegressionModel.Training(
            result.costCurve(),
            result.iterations(),
            result.stopReason().toString(),
            passes.passes(),
            passes.kernels()));
  }
}
