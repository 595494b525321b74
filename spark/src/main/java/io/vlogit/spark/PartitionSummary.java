package io.vlogit.spark;

import io.vlogit.Dataset;
import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * What training must know of the examples before its first pass, from one pass over each
 * partition's rows: the number of features, the classes, the weight sum, the first bad value (named
 * by partition, row and feature), and, to standardize, each feature's weighted mean and sum of
 * squared deviations (West's update; partitions merged by Chan's formula, in partition order, so
 * the statistics do not depend on which task finished first).
 *
 * <p>Rows are (features, label, weight), as the estimator selects them.
 */
final class PartitionSummary implements Serializable {
  private static final long serialVersionUID = 1L;

  int features = -1;
  long examples;
  double weightSum;
  double weightSquares;
  int maxLabel = -1;
  String problem;
  double[] mean;
  double[] m2;

  /** One partition's summary; {@code moments}: whether to gather the features' statistics. */
  static PartitionSummary of(int partition, Iterator<Row> rows, boolean moments) {
    PartitionSummary s = new PartitionSummary();
    long row = 0;
    double[] dense = null;
    while (rows.hasNext() && s.problem == null) {
      Row r = rows.next();
      String where = "partition " + partition + ", row " + row;
      Vector v = r.isNullAt(0) ? null : (Vector) r.get(0);
      if (v == null || r.isNullAt(1) || r.isNullAt(2)) {
        s.problem =
            where
                + ": the "
                + (v == null ? "features" : r.isNullAt(1) ? "label" : "weight")
                + " is null";
        break;
      }
      if (s.features < 0) {
        s.features = v.size();
        if (moments) {
          s.mean = new double[s.features];
          s.m2 = new double[s.features];
        }
        dense = new double[s.features];
      } else if (v.size() != s.features) {
        s.problem = where + ": " + v.size() + " features, the rows before it " + s.features;
        break;
      }
      double label = r.getDouble(1);
      double weight = r.getDouble(2);
      if (!(label >= 0) || label != Math.rint(label) || label >= Dataset.MAX_CLASSES) {
        s.problem = where + ": the label " + label + " is not a class (0, 1, ...)";
        break;
      }
      if (!(weight >= 0) || Double.isInfinite(weight)) {
        s.problem = where + ": the weight " + weight + " is not a finite number >= 0";
        break;
      }
      toDense(v, dense);
      for (int i = 0; i < dense.length; i++) {
        if (!Double.isFinite(dense[i]) || !Float.isFinite((float) dense[i])) {
          s.problem = where + ": feature " + i + " is " + dense[i] + " (not a finite float)";
          break;
        }
      }
      if (s.problem != null) {
        break;
      }
      s.maxLabel = Math.max(s.maxLabel, (int) label);
      s.examples++;
      row++;
      if (weight == 0) {
        continue; // no weight, no part in the statistics (as Spark's Summarizer)
      }
      s.weightSum += weight;
      s.weightSquares += weight * weight;
      if (moments) {
        double share = weight / s.weightSum;
        for (int i = 0; i < dense.length; i++) {
          double d = dense[i] - s.mean[i];
          s.mean[i] += share * d;
          s.m2[i] += weight * d * (dense[i] - s.mean[i]);
        }
      }
    }
    return s;
  }

  /** The features of {@code v} into {@code dst} (zeros where a sparse vector has none). */
  static void toDense(Vector v, double[] dst) {
    if (v instanceof DenseVector d) {
      System.arraycopy(d.values(), 0, dst, 0, dst.length);
    } else {
      SparseVector sv = (SparseVector) v;
      java.util.Arrays.fill(dst, 0.0);
      int[] at = sv.indices();
      double[] values = sv.values();
      for (int k = 0; k < at.length; k++) {
        dst[at[k]] = values[k];
      }
    }
  }

  /** This partition's summary followed by {@code next}'s (the later partition), merged here. */
  void merge(PartitionSummary next) {
    if (problem != null) {
      return;
    }
    if (next.problem != null) {
      problem = next.problem;
      return;
    }
    if (next.features < 0) {
      return;
    }
    if (features < 0) {
      features = next.features;
      mean = next.mean;
      m2 = next.m2;
    } else if (next.features != features) {
      problem = "the partitions' rows have " + features + " and " + next.features + " features";
      return;
    } else if (mean != null && next.weightSum > 0) {
      double total = weightSum + next.weightSum;
      for (int i = 0; i < features; i++) {
        double d = next.mean[i] - mean[i];
        mean[i] += d * next.weightSum / total;
        m2[i] += next.m2[i] + d * d * weightSum * next.weightSum / total;
      }
    }
    examples += next.examples;
    weightSum += next.weightSum;
    weightSquares += next.weightSquares;
    maxLabel = Math.max(maxLabel, next.maxLabel);
  }

  /**
   * Feature i's standard deviation as Spark's Summarizer gives it (and Spark's logistic regression
   * standardizes by): the unbiased weighted variance M2 / (W − Σs²/W), 0 for a single example.
   */
  double std(int i) {
    double denominator = weightSum - weightSquares / weightSum;
    return denominator > 0 ? Math.sqrt(Math.max(0, m2[i] / denominator)) : 0;
  }
}
