package io.vlogit.spark.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The objective both fits must reach, and the iterations each needs for it: J* is the better of the
 * two fits' objectives after {@link #REFERENCE_ITERATIONS} (evaluated by {@link Objective}), and
 * each implementation's count is the fewest iterations whose model comes within 1e-6 of J*
 * (relative), found by fitting and evaluating. Kept in a file under target/ so that the forks of
 * one run compute it once.
 */
record Target(
    double best,
    int vlogitIterations,
    double vlogitObjective,
    int mllibIterations,
    double mllibObjective) {
  static final int REFERENCE_ITERATIONS = 300;
  static final double WITHIN = 1e-6;

  static io.vlogit.spark.LogisticRegression vlogit(double reg, int iterations) {
    return new io.vlogit.spark.LogisticRegression()
        .setRegParam(reg)
        .setMaxIter(iterations)
        .setTol(0);
  }

  static org.apache.spark.ml.classification.LogisticRegression mllib(double reg, int iterations) {
    return new org.apache.spark.ml.classification.LogisticRegression()
        .setRegParam(reg)
        .setMaxIter(iterations)
        .setTol(0);
  }

  static Target of(Dataset<Row> frame, String data, int partitions, double reg) throws IOException {
    Path file =
        Path.of(
            System.getProperty("vlogit.bench.targets", "spark/bench/target"),
            "target-" + data + "-" + partitions + "-" + reg + ".properties");
    Properties p = new Properties();
    if (Files.isReadable(file)) {
      try (Reader in = Files.newBufferedReader(file)) {
        p.load(in);
      }
      return new Target(
          Double.parseDouble(p.getProperty("best")),
          Integer.parseInt(p.getProperty("vlogit")),
          Double.parseDouble(p.getProperty("vlogitObjective")),
          Integer.parseInt(p.getProperty("mllib")),
          Double.parseDouble(p.getProperty("mllibObjective")));
    }
    Objective j = new Objective(frame, reg);
    io.vlogit.spark.LogisticRegressionModel ours = vlogit(reg, REFERENCE_ITERATIONS).fit(frame);
    org.apache.spark.ml.classification.LogisticRegressionModel theirs =
        mllib(reg, REFERENCE_ITERATIONS).fit(frame);
    double best =
        Math.min(
            j.value(Objective.doubles(ours.weights()), ours.biases()[0]),
            j.value(theirs.coefficients().toArray(), theirs.intercept()));
    int vk = fewest(j, frame, true, reg, best, ours.objectiveHistory());
    int mk = fewest(j, frame, false, reg, best, theirs.summary().objectiveHistory());
    Target t =
        new Target(
            best, vk, objective(j, frame, true, reg, vk), mk, objective(j, frame, false, reg, mk));
    p.setProperty("best", Double.toString(t.best));
    p.setProperty("vlogit", Integer.toString(t.vlogitIterations));
    p.setProperty("vlogitObjective", Double.toString(t.vlogitObjective));
    p.setProperty("mllib", Integer.toString(t.mllibIterations));
    p.setProperty("mllibObjective", Double.toString(t.mllibObjective));
    Files.createDirectories(file.getParent());
    try (Writer out = Files.newBufferedWriter(file)) {
      p.store(out, "J* and iterations to within " + WITHIN + " of it");
    }
    return t;
  }

  /** J of the model one implementation fits in {@code iterations}. */
  static double objective(
      Objective j, Dataset<Row> frame, boolean ours, double reg, int iterations) {
    if (ours) {
      io.vlogit.spark.LogisticRegressionModel model = vlogit(reg, iterations).fit(frame);
      return j.value(Objective.doubles(model.weights()), model.biases()[0]);
    }
    org.apache.spark.ml.classification.LogisticRegressionModel model =
        mllib(reg, iterations).fit(frame);
    return j.value(model.coefficients().toArray(), model.intercept());
  }

  /**
   * The fewest iterations whose fit is within {@link #WITHIN} of {@code best}: the first whose
   * entry in the reference fit's own objective history is within it, then checked by fitting that
   * many and evaluating; one more while it falls short (each implementation's history is its own
   * evaluation of the same objective, in float sums for vlogit, so it may be a little off).
   */
  static int fewest(
      Objective j, Dataset<Row> frame, boolean ours, double reg, double best, double[] history) {
    double goal = best * (1 + WITHIN);
    int k = 1;
    while (k < history.length - 1 && history[k] > goal) {
      k++;
    }
    while (k < REFERENCE_ITERATIONS && objective(j, frame, ours, reg, k) > goal) {
      k++;
    }
    return k;
  }
}
