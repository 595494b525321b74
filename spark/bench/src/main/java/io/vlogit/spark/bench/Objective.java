package io.vlogit.spark.bench;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * MLlib's objective with the L2 penalty on standardized weights (elasticNetParam 0, standardization
 * on, the defaults), evaluated in double over the frame by a Spark job: the one yardstick both fits
 * are judged by, whatever each reports of itself.
 *
 * <pre>
 *   J(w, b) = (1/m) Σ (softplus(w·x + b) − y·(w·x + b)) + (regParam/2)·Σ (w_i·σ_i)²
 * </pre>
 *
 * with σ_i feature i's standard deviation as Spark's Summarizer gives it.
 */
final class Objective {
  private final Dataset<Row> frame;
  private final double reg;
  private final double[] std;
  private final long m;

  Objective(Dataset<Row> frame, double reg) {
    this.frame = frame;
    this.reg = reg;
    Row s =
        frame.select(Summarizer.metrics("std", "count").summary(col("features")).as("s")).head();
    Row summary = s.getStruct(0);
    this.std = ((Vector) summary.get(0)).toArray();
    this.m = summary.getLong(1);
  }

  double value(double[] w, double b) {
    Vector weights = Vectors.dense(w); // made once, shipped with the task
    double loss =
        frame
            .toJavaRDD()
            .map(
                row -> {
                  Vector x = (Vector) row.get(0);
                  double z = b + x.dot(weights);
                  double y = row.getDouble(1);
                  double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
                  return softplus - y * z;
                })
            .reduce(Double::sum);
    double penalty = 0;
    for (int i = 0; i < w.length; i++) {
      penalty += (w[i] * std[i]) * (w[i] * std[i]);
    }
    return loss / m + reg / 2 * penalty;
  }

  static double[] doubles(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }
}
