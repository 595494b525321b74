package io.vlogit.bench;

import java.util.Locale;

/**
 * The headline of a suite: vlogit's fused epoch against the same epoch in C (native-c) and against
 * the machine, per workload. vlogit ÷ native-c is a ratio of times: at or below 1, vlogit is as
 * fast as a compiler that knows the CPU; above, it is what the JVM costs. The shares of the read
 * bandwidth (measured on an array of the workload's size) and of the FMA peak (4·n·m float
 * operations per epoch: the forward and backward FMAs; σ and the cost are not counted) say how far
 * both are from the machine.
 *
 * <p>The ratio comes two ways. From {@link PairedEpochBench}, the two alternated in one fork: the
 * median of its iterations' ratios, each of two times taken in the same seconds. From {@link
 * EpochBench}'s separate forks: the ratio of the two medians, which also takes in how the host's
 * speed changed between one implementation's forks and the other's. Where both were measured, the
 * alternated one is the headline.
 */
final class Headline {
  private Headline() {}

  static String markdown(Report r, String nativeProblem) {
    StringBuilder s = new StringBuilder();
    s.append("### Headline: vlogit ÷ native-c (time per epoch, one thread; ≤ 1× is the goal)\n\n");
    if (nativeProblem != null) {
      s.append("native-c missing: ").append(nativeProblem).append("\n\n");
    }
    double peak = r.fmaGflops();
    s.append(
        "| workload | vlogit-vector | native-c | vlogit ÷ native-c, alternated in one fork |"
            + " vlogit ÷ native-c, separate forks | read BW at this size |"
            + " vlogit % of read BW | native-c % of read BW | vlogit % of FMA peak |"
            + " native-c % of FMA peak |\n");
    s.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (String shape : r.shapes()) {
      Report.Cell v = r.cell("epoch|" + shape + "|vlogit-vector");
      Report.Cell c = r.cell("epoch|" + shape + "|native-c");
      Report.Cell paired = r.cell("paired-ratio|" + shape + "|native-c");
      if (v == null) {
        continue;
      }
      double bw = r.readBandwidth(shape);
      double gflop = 4.0 * Workload.floats(shape) / 1e9;
      s.append("| ")
          .append(shape)
          .append(" | ")
          .append(Report.time(v))
          .append(" | ")
          .append(c == null ? "–" : Report.time(c))
          .append(" | ")
          .append(paired == null ? "–" : Report.ratios(paired))
          .append(" | ")
          .append(c == null ? "–" : ratio(v, c) + "×")
          .append(" | ")
          .append(Report.fmt(bw))
          .append(" GB/s | ")
          .append(percent(r.gbps(shape, "vlogit-vector") / bw))
          .append(" | ")
          .append(c == null ? "–" : percent(r.gbps(shape, "native-c") / bw))
          .append(" | ")
          .append(percent(gflop / (v.micros(v.median()) * 1e-6) / peak))
          .append(" | ")
          .append(c == null ? "–" : percent(gflop / (c.micros(c.median()) * 1e-6) / peak))
          .append(" |\n");
    }
    s.append('\n');
    return s.toString();
  }

  /**
   * The headline ratio of a workload: the median of the alternated iterations' ratios where {@link
   * PairedEpochBench} ran, the ratio of the separate forks' medians otherwise; NaN without
   * native-c.
   */
  static double ratio(Report r, String shape) {
    Report.Cell paired = r.cell("paired-ratio|" + shape + "|native-c");
    if (paired != null && !Double.isNaN(paired.median())) {
      return paired.median();
    }
    Report.Cell v = r.cell("epoch|" + shape + "|vlogit-vector");
    Report.Cell c = r.cell("epoch|" + shape + "|native-c");
    return v == null || c == null ? Double.NaN : v.micros(v.median()) / c.micros(c.median());
  }

  /** vlogit's median ÷ native-c's, with the range of the ratio of their extremes. */
  static String ratio(Report.Cell v, Report.Cell c) {
    return Report.fmt(v.micros(v.median()) / c.micros(c.median()))
        + " ["
        + Report.fmt(v.micros(v.min()) / c.micros(c.max()))
        + "–"
        + Report.fmt(v.micros(v.max()) / c.micros(c.min()))
        + "]";
  }

  private static String percent(double share) {
    return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.0f %%", 100 * share);
  }
}
