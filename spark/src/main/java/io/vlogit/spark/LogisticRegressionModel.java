package io.vlogit.spark;

import io.vlogit.LogisticModel;
import io.vlogit.MultinomialModel;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * The model {@link LogisticRegression} trains: a Spark ML transformer that adds MLlib's columns,
 * {@code rawPrediction} (the binary model's [−z, z], the multinomial model's K logits), {@code
 * probability} and {@code prediction}, scoring each row with vlogit's {@link LogisticModel} or
 * {@link MultinomialModel} (a sparse row is made dense in a buffer of the task's thread first). The
 * binary prediction is 1 when P(class 1) &gt; {@code threshold} (0.5), unless {@code thresholds} is
 * set, as MLlib's.
 *
 * <p>Saved and loaded by Spark's ML persistence ({@link #write()}, {@link #load}): the params as
 * Spark saves them, the weights and biases as one row of Parquet.
 */
public final class LogisticRegressionModel
    extends ProbabilisticClassificationModel<Vector, LogisticRegressionModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;

  /** How training went: the driver's record, not saved with the model. */
  public record Training(
      double[] objectiveHistory, int iterations, String stopReason, int passes, String kernels)
      implements Serializable {}

  private String uid;
  private final int features;
  private final int classes;
  private final float[] weights;
  private final float[] biases;
  private final Training training;
  private final DoubleParam threshold;

  /** The core model, made on first use in each JVM (not serialized). */
  private transient volatile Object scorer;

  private transient ThreadLocal<double[]> denseRow;
  private transient ThreadLocal<float[]> floatRow;
  private transient ThreadLocal<float[]> floatLogits;

  /**
   * A model with no weights, for Spark Connect's registry of transformers (which makes one of each
   * with this constructor to learn its class); scoring with it fails.
   */
  public LogisticRegressionModel() {
    this((String) null, 0, 2, new float[0], new float[1], null);
  }

  LogisticRegressionModel(
      String uid, int features, int classes, float[] weights, float[] biases, Training training) {
    this(
        Uids.hold(uid, LogisticRegression.UID_PREFIX),
        features,
        classes,
        weights,
        biases,
        training);
  }

  private LogisticRegressionModel(
      Uids.Pending pending,
      int features,
      int classes,
      float[] weights,
      float[] biases,
      Training training) {
    super();
    uid();
    this.features = features;
    this.classes = classes;
    this.weights = weights;
    this.biases = biases;
    this.training = training;
    threshold = thresholdParam(this);
    setDefault(threshold, 0.5);
  }

  /** The {@code threshold} param of a stage: the estimator's and the model's are the same param. */
  static DoubleParam thresholdParam(Identifiable owner) {
    return new DoubleParam(
        owner,
        "threshold",
        "binary prediction threshold on P(class 1), in [0, 1]",
        ParamValidators.inRange(0, 1));
  }

  @Override
  public String uid() {
    if (uid == null) {
      uid = Uids.take(LogisticRegression.UID_PREFIX);
    }
    return uid;
  }

  public DoubleParam threshold() {
    return threshold;
  }

  public double getThreshold() {
    return (Double) $(threshold);
  }

  public LogisticRegressionModel setThreshold(double value) {
    return (LogisticRegressionModel) set(threshold, value);
  }

  @Override
  public int numClasses() {
    return classes;
  }

  @Override
  public int numFeatures() {
    return features;
  }

  /** The binary model as vlogit's, to score or save outside Spark. */
  public LogisticModel toLogisticModel() {
    if (classes != 2) {
      throw new IllegalStateException(
          "a model of " + classes + " classes: toMultinomialModel() gives it");
    }
    return (LogisticModel) scorer();
  }

  /** The multinomial model as vlogit's, to score or save outside Spark. */
  public MultinomialModel toMultinomialModel() {
    if (classes == 2) {
      throw new IllegalStateException("a binary model: toLogisticModel() gives it");
    }
    return (MultinomialModel) scorer();
  }

  /** How training went (the objective per iteration, the stop), or null for a loaded model. */
  public Training training() {
    return training;
  }

  /** The objective at each iteration, as MLlib's summary gives it (empty for a loaded model). */
  public double[] objectiveHistory() {
    return training == null ? new double[0] : training.objectiveHistory().clone();
  }

  /** Weights, K rows of n (K = 1 for 2 classes), row-major, a copy. */
  public float[] weights() {
    return weights.clone();
  }

  /** Biases (intercepts), K, a copy. */
  public float[] biases() {
    return biases.clone();
  }

  private Object scorer() {
    Object s = scorer;
    if (s == null) {
      if (features == 0) {
        throw new IllegalStateException(
            "this model has no weights: it is the one Spark Connect's registry makes, not a"
                + " trained one");
      }
      if (classes == 2) {
        s = new LogisticModel(weights, biases[0]);
      } else {
        float[][] rows = new float[classes][];
        for (int c = 0; c < classes; c++) {
          rows[c] = Arrays.copyOfRange(weights, c * features, (c + 1) * features);
        }
        s = new MultinomialModel(rows, biases, io.vlogit.Dataset.indexNames(classes));
      }
      scorer = s;
    }
    return s;
  }

  @Override
  public Vector predictRaw(Vector row) {
    Object s = scorer();
    if (classes == 2) {
      double z = ((LogisticModel) s).logit(dense(row));
      return new DenseVector(new double[] {-z, z});
    }
    double[] x = dense(row);
    float[] f = floatRow();
    for (int i = 0; i < features; i++) {
      f[i] = (float) x[i];
    }
    float[] logits = floatLogits();
    ((MultinomialModel) s).logits(f, 0, logits);
    double[] raw = new double[classes];
    for (int c = 0; c < classes; c++) {
      raw[c] = logits[c];
    }
    return new DenseVector(raw);
  }

  /**
   * The row's features as doubles: a dense row's own array, a sparse one's in a thread's buffer.
   */
  private double[] dense(Vector row) {
    if (row.size() != features) {
      throw new IllegalArgumentException(
          "a row of " + row.size() + " features for a model of " + features);
    }
    if (row instanceof DenseVector d) {
      return d.values();
    }
    if (denseRow == null) {
      denseRow = ThreadLocal.withInitial(() -> new double[features]);
    }
    double[] x = denseRow.get();
    PartitionSummary.toDense((SparseVector) row, x);
    return x;
  }

  private float[] floatRow() {
    if (floatRow == null) {
      floatRow = ThreadLocal.withInitial(() -> new float[features]);
    }
    return floatRow.get();
  }

  private float[] floatLogits() {
    if (floatLogits == null) {
      floatLogits = ThreadLocal.withInitial(() -> new float[classes]);
    }
    return floatLogits.get();
  }

  @Override
  public Vector raw2probabilityInPlace(Vector raw) {
    double[] v = ((DenseVector) raw).values();
    if (classes == 2) {
      double p = 1 / (1 + Math.exp(-v[1]));
      v[0] = 1 - p;
      v[1] = p;
      return raw;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double z : v) {
      max = Math.max(max, z);
    }
    double sum = 0;
    for (int c = 0; c < v.length; c++) {
      v[c] = Math.exp(v[c] - max);
      sum += v[c];
    }
    for (int c = 0; c < v.length; c++) {
      v[c] /= sum;
    }
    return raw;
  }

  @Override
  public double raw2prediction(Vector raw) {
    if (classes != 2 || isDefined(thresholds())) {
      return super.raw2prediction(raw);
    }
    double t = getThreshold();
    double rawThreshold =
        t == 0
            ? Double.NEGATIVE_INFINITY
            : t == 1 ? Double.POSITIVE_INFINITY : Math.log(t / (1 - t));
    return raw.apply(1) > rawThreshold ? 1 : 0;
  }

  @Override
  public double probability2prediction(Vector probability) {
    if (classes != 2 || isDefined(thresholds())) {
      return super.probability2prediction(probability);
    }
    return probability.apply(1) > getThreshold() ? 1 : 0;
  }

  /**
   * Spark's own. Java sees two inherited ones whose Scala return types differ only by Tuple3's
   * covariance, which Java's generics lack, so the override names the raw type.
   */
  @Override
  @SuppressWarnings("rawtypes")
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public LogisticRegressionModel copy(ParamMap extra) {
    LogisticRegressionModel copy =
        new LogisticRegressionModel(uid(), features, classes, weights, biases, training);
    return copyValues(copy, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new ModelIo.Writer(this);
  }

  public static MLReader<LogisticRegressionModel> read() {
    return new ModelIo.Reader();
  }

  public static LogisticRegressionModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "LogisticRegressionModel: uid="
        + uid()
        + ", numClasses="
        + classes
        + ", numFeatures="
        + features;
  }
}
