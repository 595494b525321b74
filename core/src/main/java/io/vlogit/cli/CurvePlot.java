package io.vlogit.cli;

import io.vlogit.RegularizationPath;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * SVG line charts for {@code train --plot}: the training cost and the validation cost per epoch, or
 * along a regularization path, the training and validation log-loss per λ₁ with each fit's number
 * of non-zero weights.
 */
final class CurvePlot {
  private static final int WIDTH = 720;
  private static final int HEIGHT = 420;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;

  private CurvePlot() {}

  static String svg(String title, double[] cost, double[] validation) {
    int epochs = Math.max(1, Math.max(cost.length, validation.length) - 1);
    IntFunction<String> tick = k -> Integer.toString((int) Math.round((double) epochs * k / 5));
    return chart(title, "epoch", epochs, 5, tick, cost, validation, "training cost", null);
  }

  /** The path: x is the fit (λ₁ falling, evenly in log λ₁), each labelled with its λ₁. */
  static String path(String title, RegularizationPath path) {
    List<RegularizationPath.Step> steps = path.steps();
    int count = steps.size();
    double[] training = new double[count];
    double[] validation = new double[Double.isNaN(steps.get(0).validationLoss()) ? 0 : count];
    String[] notes = new String[count];
    for (int k = 0; k < count; k++) {
      training[k] = steps.get(k).trainingLoss();
      if (validation.length > 0) {
        validation[k] = steps.get(k).validationLoss();
      }
      notes[k] = Integer.toString(steps.get(k).nonZeroWeights());
    }
    int ticks = Math.min(count - 1, 6);
    IntFunction<String> tick =
        k ->
            String.format(
                Locale.ROOT, "%.3g", steps.get((int) Math.round((count - 1.0) * k / ticks)).l1());
    return chart(
        title,
        "λ₁ (log scale; numbers on the curve: non-zero weights)",
        count - 1,
        ticks,
        tick,
        training,
        validation,
        "training log-loss",
        notes);
  }

  /**
   * The chart: x from 0 to {@code last}, {@code ticks} + 1 labels from {@code tick}; the first
   * curve blue, the second (validation) orange; {@code notes} written above the first's points.
   */
  private static String chart(
      String title,
      String xName,
      int last,
      int ticks,
      IntFunction<String> tick,
      double[] cost,
      double[] validation,
      String costName,
      String[] notes) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] curve : new double[][] {cost, validation}) {
      for (double v : curve) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (!(hi > lo)) {
      hi = lo + 1;
    }
    double pad = (hi - lo) * 0.05;
    lo = Math.max(0, lo - pad);
    hi += pad;
    int epochs = Math.max(1, last);
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
            WIDTH,
            HEIGHT));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"22\" font-size=\"14\">%s</text>%n",
            LEFT,
            escape(title)));
    for (int k = 0; k <= 5; k++) {
      double v = lo + (hi - lo) * k / 5;
      double y = yOf(v, lo, hi);
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>",
              LEFT,
              WIDTH - RIGHT,
              y,
              y));
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.4g</text>%n",
              LEFT - 6,
              y + 4,
              v));
    }
    for (int k = 0; k <= ticks; k++) {
      double x = xOf((int) Math.round((double) epochs * k / Math.max(1, ticks)), epochs);
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
              x,
              HEIGHT - BOTTOM + 18,
              escape(tick.apply(k))));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
            (LEFT + WIDTH - RIGHT) / 2,
            HEIGHT - 12,
            escape(xName)));
    line(s, cost, epochs, lo, hi, "#1b6ac9");
    line(s, validation, epochs, lo, hi, "#d95f02");
    if (notes != null) {
      for (int e = 0; e < notes.length; e++) {
        if (Double.isFinite(cost[e])) {
          s.append(
              String.format(
                  Locale.ROOT,
                  "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\">%s</text>%n",
                  xOf(e, epochs),
                  yOf(cost[e], lo, hi) - 6,
                  escape(notes[e])));
        }
      }
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"#1b6ac9\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
            WIDTH - 230,
            TOP + 6,
            WIDTH - 214,
            TOP + 10,
            escape(costName)));
    if (validation.length > 0) {
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"#d95f02\"/><text x=\"%d\" y=\"%d\">validation log-loss</text>%n",
              WIDTH - 230,
              TOP + 24,
              WIDTH - 214,
              TOP + 28));
    }
    s.append("</svg>\n");
    return s.toString();
  }

  /** A polyline of at most ~2000 points (every k-th epoch on long runs). */
  private static void line(
      StringBuilder s, double[] curve, int epochs, double lo, double hi, String color) {
    if (curve.length == 0) {
      return;
    }
    int step = Math.max(1, curve.length / 2000);
    s.append("<polyline fill=\"none\" stroke=\"")
        .append(color)
        .append("\" stroke-width=\"1.5\" points=\"");
    for (int e = 0; e < curve.length; e += step) {
      if (Double.isFinite(curve[e])) {
        s.append(String.format(Locale.ROOT, "%.1f,%.1f ", xOf(e, epochs), yOf(curve[e], lo, hi)));
      }
    }
    int last = curve.length - 1;
    s.append(String.format(Locale.ROOT, "%.1f,%.1f", xOf(last, epochs), yOf(curve[last], lo, hi)));
    s.append("\"/>\n");
  }

  private static double xOf(int epoch, int epochs) {
    return LEFT + (double) epoch / epochs * (WIDTH - LEFT - RIGHT);
  }

  private static double yOf(double v, double lo, double hi) {
    return TOP + (hi - v) / (hi - lo) * (HEIGHT - TOP - BOTTOM);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
