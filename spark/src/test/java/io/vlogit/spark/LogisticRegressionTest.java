package io.vlogit.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.Dataset;
import io.vlogit.InvalidDataException;
import io.vlogit.InvalidOptionException;
import io.vlogit.LogisticModel;
import io.vlogit.MultinomialModel;
import io.vlogit.Solver;
import io.vlogit.io.BundledData;
import io.vlogit.testing.OptimumDistance;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The estimator in local[2] against vlogit on one machine (the same optimum, and the same bits on
 * one partition) and against Spark MLlib's LogisticRegression on the same DataFrame (the same
 * objective), with weights, dense and sparse rows, both families, and the errors it gives.
 */
class LogisticRegressionTest {
  /** The bundled breast-cancer data, z-scored: 569 × 30. */
  static final Dataset CANCER = BundledData.breastCancer().data();

  /** The same as measured: features from 0.001 to 4254, the case standardization is for. */
  static final Dataset RAW_CANCER = BundledData.rawBreastCancer().data();

  /** Sample weights 0.5, 1, 1.5, 2, in turn. */
  static float[] weights(int m) {
    float[] s = new float[m];
    for (int j = 0; j < m; j++) {
      s[j] = 0.5f + (j % 4) * 0.5f;
    }
    return s;
  }

  /** Three classes in 5 features, each class a shifted Gaussian: 600 examples. */
  static Dataset threeClasses() {
    Random r = new Random(17);
    int n = 5;
    int m = 600;
    float[] x = new float[n * m];
    float[] y = new float[m];
    for (int j = 0; j < m; j++) {
      int c = j % 3;
      y[j] = c;
      for (int i = 0; i < n; i++) {
        x[j * n + i] = (float) (r.nextGaussian() + (i == c ? 1.5 : 0));
      }
    }
    return Dataset.of(x, y, n, 3);
  }

  private static LogisticRegression vlogit() {
    return new LogisticRegression().setWeightCol("weight").setMaxIter(300).setTol(1e-12);
  }

  private static io.vlogit.LogisticRegression.Builder core(double l2) {
    return io.vlogit.LogisticRegression.builder()
        .solver(Solver.lbfgs(10))
        .l2(l2)
        .maxIterations(300)
        .costTolerance(1e-12);
  }

  @Test
  void onePartitionIsSingleMachineVlogitBitForBit() {
    float[] s = weights(CANCER.examples());
    LogisticRegressionModel spark =
        vlogit()
            .setRegParam(0.01)
            .setStandardization(false)
            .fit(LocalSpark.frame(CANCER, s, 1, false));
    LogisticModel one = core(0.01).build().fit(CANCER.withSampleWeights(s)).model();
    assertArrayEquals(one.weights(), spark.weights());
    assertEquals(one.bias(), spark.biases()[0]);

    Dataset classes = threeClasses();
    LogisticRegressionModel softmax =
        vlogit()
            .setRegParam(0.01)
            .setStandardization(false)
            .fit(LocalSpark.frame(classes, null, 1, false));
    MultinomialModel mm = core(0.01).build().fit(classes).multinomialModel();
    assertEquals(3, softmax.numClasses());
    for (int c = 0; c < 3; c++) {
      float[] row = java.util.Arrays.copyOfRange(softmax.weights(), c * 5, c * 5 + 5);
      assertArrayEquals(mm.weights()[c], row, "class " + c);
    }
    assertArrayEquals(mm.biases(), softmax.biases());
  }

  /**
   * Several partitions add the sums in another grouping, so the fit stops at another point near the
   * optimum: within {@link OptimumDistance#bound} of the single-machine fit.
   */
  @Test
  void partitionsReachTheSingleMachineOptimum() {
    float[] s = weights(CANCER.examples());
    Dataset weighted = CANCER.withSampleWeights(s);
    LogisticRegressionModel spark =
        vlogit()
            .setRegParam(0.01)
            .setStandardization(false)
            .fit(LocalSpark.frame(CANCER, s, 5, false));
    LogisticModel one = core(0.01).build().fit(weighted).model();
    double[] lambda = OptimumDistance.uniform(CANCER.features(), 0.01);
    double bound =
        OptimumDistance.bound(
            weighted, lambda, one.weights(), one.bias(), spark.weights(), spark.biases()[0]);
    double distance =
        OptimumDistance.distance(one.weights(), one.bias(), spark.weights(), spark.biases()[0]);
    assertTrue(distance <= bound, distance + " > " + bound);
    assertTrue(bound < 1e-3, "both near the optimum: the bound is " + bound);
  }

  @Test
  void theSamePartitioningGivesTheSameBits() {
    org.apache.spark.sql.Dataset<Row> frame =
        LocalSpark.frame(CANCER, weights(CANCER.examples()), 4, false);
    LogisticRegression lr = vlogit().setRegParam(0.05);
    LogisticRegressionModel a = lr.fit(frame);
    LogisticRegressionModel b = lr.fit(frame);
    assertArrayEquals(a.weights(), b.weights());
    assertArrayEquals(a.biases(), b.biases());
    assertArrayEquals(a.objectiveHistory(), b.objectiveHistory());
  }

  @Test
  void sparseRowsTrainAsTheirDenseSelves() {
    float[] s = weights(CANCER.examples());
    LogisticRegression lr = vlogit().setRegParam(0.02).setElasticNetParam(0.3);
    LogisticRegressionModel dense = lr.fit(LocalSpark.frame(CANCER, s, 3, false));
    LogisticRegressionModel sparse = lr.fit(LocalSpark.frame(CANCER, s, 3, true));
    assertArrayEquals(dense.weights(), sparse.weights());
    assertArrayEquals(dense.biases(), sparse.biases());
  }

  /**
   * MLlib's LogisticRegression on the same DataFrame, run to its optimum (tol 1e-12, up to 1000
   * iterations), and vlogit's reach the same objective, MLlib's as {@link Reference} writes it out,
   * within 1e-5 of its value: the acceptance threshold, well above the float rounding of
   * vlogit's model (about 1e-7 of J) and below any difference a user could act on.
   */
  @ParameterizedTest(name = "standardization {0}, elasticNetParam {1}, fitIntercept {2}")
  @CsvSource({
    "false, 0, true",
    "false, 0.5, true",
    "true, 0, true",
    "true, 0.5, true",
    "false, 0, false",
    "true, 0.5, false"
  })
  void theSameObjectiveAsMllib(boolean standardization, double alpha, boolean intercept) {
    Dataset data = standardization ? RAW_CANCER : CANCER;
    float[] s = weights(data.examples());
    org.apache.spark.sql.Dataset<Row> frame = LocalSpark.frame(data, s, 3, false);
    double reg = 0.01;
    LogisticRegressionModel ours =
        vlogit()
            .setRegParam(reg)
            .setElasticNetParam(alpha)
            .setStandardization(standardization)
            .setFitIntercept(intercept)
            .setMaxIter(1000)
            .fit(frame);
    org.apache.spark.ml.classification.LogisticRegressionModel theirs =
        new org.apache.spark.ml.classification.LogisticRegression()
            .setWeightCol("weight")
            .setRegParam(reg)
            .setElasticNetParam(alpha)
            .setStandardization(standardization)
            .setFitIntercept(intercept)
            .setMaxIter(1000)
            .setTol(1e-12)
            .fit(frame);
    if (!intercept) {
      assertEquals(0f, ours.biases()[0], "no intercept: the bias stays 0");
    }
    Reference j = new Reference(data, s, reg, alpha, standardization);
    double[] mllibWeights = theirs.coefficients().toArray();
    float[] w = new float[mllibWeights.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) mllibWeights[i];
    }
    double mllib = j.value(w, theirs.intercept());
    double vlogit = j.value(ours.weights(), ours.biases()[0]);
    assertEquals(mllib, vlogit, 1e-5 * mllib, "MLlib " + mllib + ", vlogit " + vlogit);
  }

  /** The same for the multinomial family: MLlib's softmax and vlogit's reach one objective. */
  @Test
  void theSameMultinomialObjectiveAsMllib() {
    Dataset data = threeClasses();
    float[] s = weights(data.examples());
    org.apache.spark.sql.Dataset<Row> frame = LocalSpark.frame(data, s, 3, false);
    double reg = 0.02;
    LogisticRegressionModel ours =
        vlogit().setRegParam(reg).setFamily("multinomial").setMaxIter(1000).fit(frame);
    org.apache.spark.ml.classification.LogisticRegressionModel theirs =
        new org.apache.spark.ml.classification.LogisticRegression()
            .setWeightCol("weight")
            .setRegParam(reg)
            .setFamily("multinomial")
            .setMaxIter(1000)
            .setTol(1e-12)
            .fit(frame);
    Reference j = new Reference(data, s, reg, 0, true);
    double[] w = new double[3 * data.features()];
    double[] b = new double[3];
    float[] ourWeights = ours.weights();
    for (int c = 0; c < 3; c++) {
      b[c] = ours.biases()[c];
      for (int i = 0; i < data.features(); i++) {
        w[c * data.features() + i] = ourWeights[c * data.features() + i];
      }
    }
    double vlogit = j.softmaxValue(w, b);
    double mllib =
        j.softmaxValue(
            theirs.coefficientMatrix().transpose().toArray(), // row-major
            theirs.interceptVector().toArray());
    assertEquals(mllib, vlogit, 1e-5 * mllib, "MLlib " + mllib + ", vlogit " + vlogit);
    assertEquals(3, ours.numClasses());
  }

  @Test
  void transformAddsMllibsColumnsScoredByTheCoreModel() {
    LogisticRegressionModel model =
        vlogit().setRegParam(0.01).fit(LocalSpark.frame(CANCER, null, 2, false));
    model.setThreshold(0.7);
    List<Row> rows =
        model
            .transform(LocalSpark.frame(CANCER, null, 2, true))
            .select("features", "rawPrediction", "probability", "prediction")
            .collectAsList();
    LogisticModel core = model.toLogisticModel();
    assertEquals(CANCER.examples(), rows.size());
    for (Row r : rows) {
      double[] x = ((org.apache.spark.ml.linalg.Vector) r.get(0)).toArray();
      double z = core.logit(x);
      double[] raw = ((org.apache.spark.ml.linalg.Vector) r.get(1)).toArray();
      double[] p = ((org.apache.spark.ml.linalg.Vector) r.get(2)).toArray();
      assertArrayEquals(new double[] {-z, z}, raw);
      assertEquals(1 / (1 + Math.exp(-z)), p[1], 1e-15);
      assertEquals(1, p[0] + p[1], 1e-15);
      assertEquals(p[1] > 0.7 ? 1.0 : 0.0, r.getDouble(3));
    }
  }

  @Test
  void badRowsAreNamedByPartitionRowAndValue() {
    List<Row> rows = new java.util.ArrayList<>();
    for (int j = 0; j < 10; j++) {
      rows.add(RowFactory.create(Vectors.dense(j, 1), (double) (j % 2), 1.0));
    }
    rows.set(7, RowFactory.create(Vectors.dense(7, 1), 2.5, 1.0));
    InvalidDataException label =
        assertThrows(InvalidDataException.class, () -> vlogit().fit(frameOf(rows)));
    assertTrue(
        label.getMessage().contains("partition 1, row 2: the label 2.5"), label.getMessage());

    rows.set(7, RowFactory.create(Vectors.dense(Double.NaN, 1), 1.0, 1.0));
    InvalidDataException nan =
        assertThrows(InvalidDataException.class, () -> vlogit().fit(frameOf(rows)));
    assertTrue(nan.getMessage().contains("feature 0 is NaN"), nan.getMessage());

    rows.set(7, RowFactory.create(Vectors.dense(7, 1), 1.0, -2.0));
    InvalidDataException weight =
        assertThrows(InvalidDataException.class, () -> vlogit().fit(frameOf(rows)));
    assertTrue(weight.getMessage().contains("the weight -2.0"), weight.getMessage());

    rows.set(7, RowFactory.create(Vectors.dense(7, 1), 1.0, 1.0));
    assertThrows(
        InvalidOptionException.class, () -> vlogit().setFamily("multinomial").fit(frameOf(rows)));
  }

  private static org.apache.spark.sql.Dataset<Row> frameOf(List<Row> rows) {
    org.apache.spark.api.java.JavaSparkContext sc =
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(
            LocalSpark.session().sparkContext());
    return LocalSpark.session().createDataFrame(sc.parallelize(rows, 2), LocalSpark.SCHEMA);
  }
}
