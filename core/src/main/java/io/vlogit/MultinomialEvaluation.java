package io.vlogit;

import java.util.List;

/**
 * How well a multinomial model fits labelled data: the log-loss, the accuracy of its predictions
 * (the most probable class), the confusion matrix and, per class, precision, recall and F1 with
 * their macro (unweighted) and weighted (by support) averages, as scikit-learn's
 * classification_report gives them. A class never predicted has precision 0, one absent from the
 * data recall 0 (scikit-learn's zero_division=0).
 *
 * @param classNames the classes, in the model's order
 * @param logLoss mean of {@code logsumexp(z) − z_y}
 * @param confusion {@code confusion[t][p]}: examples of true class t predicted as p
 */
public record MultinomialEvaluation(List<String> classNames, double logLoss, long[][] confusion) {

  /** Number of examples. */
  public long examples() {
    long total = 0;
    for (long[] row : confusion) {
      for (long v : row) {
        total += v;
      }
    }
    return total;
  }

  /** Number of correctly predicted examples. */
  public long correct() {
    long sum = 0;
    for (int c = 0; c < confusion.length; c++) {
      sum += confusion[c][c];
    }
    return sum;
  }

  /** Share of examples whose class is predicted. */
  public double accuracy() {
    return (double) correct() / examples();
  }

  /** Examples of class c in the data. */
  public long support(int c) {
    long sum = 0;
    for (long v : confusion[c]) {
      sum += v;
    }
    return sum;
  }

  /** Of the examples predicted as c, the share that are c (0 if none is). */
  public double precision(int c) {
    long predicted = 0;
    for (long[] row : confusion) {
      predicted += row[c];
    }
    return predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
  }

  /** Of the examples of class c, the share predicted as c (0 if there are none). */
  public double recall(int c) {
    long support = support(c);
    return support == 0 ? 0 : (double) confusion[c][c] / support;
  }

  /** The harmonic mean of precision and recall (0 if both are 0). */
  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** The mean over classes of precision (0), recall (1) or F1 (2), unweighted or by support. */
  private double average(int which, boolean weighted) {
    double sum = 0;
    double weights = 0;
    for (int c = 0; c < confusion.length; c++) {
      double v = which == 0 ? precision(c) : which == 1 ? recall(c) : f1(c);
      double w = weighted ? support(c) : 1;
      sum += w * v;
      weights += w;
    }
    return sum / weights;
  }

  public double macroPrecision() {
    return average(0, false);
  }

  public double macroRecall() {
    return average(1, false);
  }

  public double macroF1() {
    return average(2, false);
  }

  public double weightedPrecision() {
    return average(0, true);
  }

  public double weightedRecall() {
    return average(1, true);
  }

  public double weightedF1() {
    return average(2, true);
  }
}
