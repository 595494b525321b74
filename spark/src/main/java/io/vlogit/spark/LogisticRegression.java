package io.vlogit.spark;

import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;

/**
 * vlogit's logistic regression as a Spark ML estimator: a drop-in for Spark MLlib's {@code
 * org.apache.spark.ml.classification.LogisticRegression} in a {@code Pipeline}, with MLlib's
 * parameter names where they mean the same thing, trained by vlogit's fused kernels on each
 * partition and vlogit's L-BFGS (OWL-QN with an L1 term) on the driver.
 *
 * <p>The objective is MLlib's: {@code (1/Σs) Σ s·loss + regParam·(α‖w‖₁ + ((1 − α)/2)‖w‖²)} with α
 * = {@code elasticNetParam}, the intercept unpenalized; with {@code standardization} (the default)
 * the penalty applies to the weights of features divided by their standard deviation, which MLlib
 * computes as the unbiased weighted one, and so does this estimator.
 *
 * <p>Each partition's rows are converted once into float blocks and cached ({@link
 * #setStorageLevel}); each iteration broadcasts the model, sums every partition with the kernel,
 * and adds the partitions' sums on the driver in partition order: a fit is deterministic for a
 * given partitioning. Labels are 0 and 1 for the binary model, 0..K−1 for the multinomial one
 * (family "auto" chooses by the largest label).
 */
public final class LogisticRegression
    extends ProbabilisticClassifier<Vector, LogisticRegression, LogisticRegressionModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;
  static final String UID_PREFIX = "vlogitLogReg";

  private String uid;
  private final Param<String> weightCol;
  private final DoubleParam regParam;
  private final DoubleParam elasticNetParam;
  private final IntParam maxIter;
  private final DoubleParam tol;
  private final BooleanParam standardization;
  private final BooleanParam fitIntercept;
  private final DoubleParam threshold;
  private final Param<String> family;
  private final Param<String> storageLevel;

  /** An estimator of a random uid, MLlib's defaults. */
  public LogisticRegression() {
    this((String) null);
  }

  /** An estimator of this uid (how Spark copies and loads stages). */
  public LogisticRegression(String uid) {
    this(Uids.hold(uid, UID_PREFIX));
  }

  private LogisticRegression(Uids.Pending pending) {
    super();
    uid();
    weightCol = new Param<>(this, "weightCol", "column of the examples' weights (none: all 1)");
    regParam = new DoubleParam(this, "regParam", "regularization strength (>= 0)", nonNegative());
    elasticNetParam =
        new DoubleParam(
            this,
            "elasticNetParam",
            "the L1 share of the penalty, in [0, 1]: 0 is L2, 1 is L1",
            ParamValidators.inRange(0, 1));
    maxIter = new IntParam(this, "maxIter", "maximum iterations (>= 0)", ParamValidators.gtEq(0));
    tol =
        new DoubleParam(
            this,
            "tol",
            "stop when an iteration changes the cost by at most this, relative",
            nonNegative());
    standardization =
        new BooleanParam(
            this, "standardization", "whether to penalize the weights of standardized features");
    fitIntercept =
        new BooleanParam(this, "fitIntercept", "whether to fit an intercept (else it is 0)");
    threshold = LogisticRegressionModel.thresholdParam(this);
    family =
        new Param<>(
            this,
            "family",
            "auto, binomial or multinomial (3 or more classes)",
            ParamValidators.inArray(new String[] {"auto", "binomial", "multinomial"}));
    storageLevel =
        new Param<>(
            this,
            "storageLevel",
            "Spark storage level of the partitions' cached float blocks, for example"
                + " MEMORY_AND_DISK");
    setDefault(regParam, 0.0);
    setDefault(elasticNetParam, 0.0);
    setDefault(maxIter, 100);
    setDefault(tol, 1e-6);
    setDefault(standardization, true);
    setDefault(fitIntercept, true);
    setDefault(threshold, 0.5);
    setDefault(family, "auto");
    setDefault(storageLevel, "MEMORY_AND_DISK");
  }

  @SuppressWarnings("unchecked")
  private static <T> scala.Function1<T, Object> nonNegative() {
    return (scala.Function1<T, Object>) (Object) ParamValidators.gtEq(0);
  }

  @Override
  public String uid() {
    if (uid == null) {
      uid = Uids.take(UID_PREFIX);
    }
    return uid;
  }

  public Param<String> weightCol() {
    return weightCol;
  }

  public DoubleParam regParam() {
    return regParam;
  }

  public DoubleParam elasticNetParam() {
    return elasticNetParam;
  }

  public IntParam maxIter() {
    return maxIter;
  }

  public DoubleParam tol() {
    return tol;
  }

  public BooleanParam standardization() {
    return standardization;
  }

  public BooleanParam fitIntercept() {
    return fitIntercept;
  }

  public DoubleParam threshold() {
    return threshold;
  }

  public Param<String> family() {
    return family;
  }

  public Param<String> storageLevel() {
    return storageLevel;
  }

  public LogisticRegression setWeightCol(String value) {
    return (LogisticRegression) set(weightCol, value);
  }

  public LogisticRegression setRegParam(double value) {
    return (LogisticRegression) set(regParam, value);
  }

  public LogisticRegression setElasticNetParam(double value) {
    return (LogisticRegression) set(elasticNetParam, value);
  }

  public LogisticRegression setMaxIter(int value) {
    return (LogisticRegression) set(maxIter, value);
  }

  public LogisticRegression setTol(double value) {
    return (LogisticRegression) set(tol, value);
  }

  public LogisticRegression setStandardization(boolean value) {
    return (LogisticRegression) set(standardization, value);
  }

  /** Whether to fit an intercept (default true); without one the biases are 0. */
  public LogisticRegression setFitIntercept(boolean value) {
    return (LogisticRegression) set(fitIntercept, value);
  }

  public LogisticRegression setThreshold(double value) {
    return (LogisticRegression) set(threshold, value);
  }

  public LogisticRegression setFamily(String value) {
    return (LogisticRegression) set(family, value);
  }

  /** A name of {@code org.apache.spark.storage.StorageLevel}, for example MEMORY_ONLY. */
  public LogisticRegression setStorageLevel(String value) {
    return (LogisticRegression) set(storageLevel, value);
  }

  /** The weight column, or "" if none is set. */
  public String getWeightCol() {
    return isDefined(weightCol) ? $(weightCol) : "";
  }

  public double getRegParam() {
    return (Double) $(regParam);
  }

  public double getElasticNetParam() {
    return (Double) $(elasticNetParam);
  }

  public int getMaxIter() {
    return (Integer) $(maxIter);
  }

  public double getTol() {
    return (Double) $(tol);
  }

  public boolean getStandardization() {
    return (Boolean) $(standardization);
  }

  public boolean getFitIntercept() {
    return (Boolean) $(fitIntercept);
  }

  public double getThreshold() {
    return (Double) $(threshold);
  }

  public String getFamily() {
    return $(family);
  }

  public String getStorageLevel() {
    return $(storageLevel);
  }

  @Override
  public LogisticRegressionModel train(Dataset<?> dataset) {
    return SparkFitting.fit(this, dataset);
  }

  @Override
  public LogisticRegression copy(ParamMap extra) {
    return (LogisticRegression) defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new DefaultParamsWriter(this);
  }

  public static MLReader<LogisticRegression> read() {
    return new DefaultParamsReader<>();
  }

  public static LogisticRegression load(String path) {
    return read().load(path);
  }
}
