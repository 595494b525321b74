package io.vlogit.cli;

import java.util.Locale;

/** An SVG line chart of the training cost and the validation cost per epoch, for `train --plot`. */
final class CurvePlot {
  private static final int WIDTH = 720;
  private static final int HEIGHT = 420;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;

  private CurvePlot() {}

  static String svg(String title, double[] cost, double[] validation) {
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
    int epochs = Math.max(1, Math.max(cost.length, validation.length) - 1);
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
    for (int k = 0; k <= 5; k++) {
      int e = (int) Math.round((double) epochs * k / 5);
      double x = xOf(e, epochs);
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n",
              x,
              HEIGHT - BOTTOM + 18,
              e));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">epoch</text>%n",
            (LEFT + WIDTH - RIGHT) / 2,
            HEIGHT - 12));
    line(s, cost, epochs, lo, hi, "#1b6ac9");
    line(s, validation, epochs, lo, hi, "#d95f02");
    s.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"#1b6ac9\"/><text x=\"%d\" y=\"%d\">training cost</text>%n",
            WIDTH - 230,
            TOP + 6,
            WIDTH - 214,
            TOP + 10));
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
