package io.vlogit.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/** Turns a suite's JMH results into a Markdown summary and an SVG chart. */
final class Report {
  /** One benchmark configuration's measurements. */
  record Cell(double median, double min, double max, String unit, double allocPerOp) {
    /** The median in microseconds (the benchmarks report µs or ns per op). */
    double micros(double value) {
      return unit.startsWith("ns") ? value / 1000 : unit.startsWith("ms") ? value * 1000 : value;
    }
  }

  private final Map<String, Cell> cells = new LinkedHashMap<>();
  private final Set<String> shapes = new LinkedHashSet<>();
  private final Set<String> epochImpls = new LinkedHashSet<>();
  private final Suite.Environment env;
  private final String suite;
  private final String command;

  Report(List<RunResult> results, Suite.Environment env, String suite, String command) {
    this.env = env;
    this.suite = suite;
    this.command = command;
    for (RunResult r : results) {
      var p = r.getParams();
      String bench = p.getBenchmark();
      String method = bench.substring(bench.lastIndexOf('.') + 1);
      String cls = bench.substring(0, bench.lastIndexOf('.'));
      cls = cls.substring(cls.lastIndexOf('.') + 1);
      String key;
      if (cls.equals("EpochBench")) {
        String impl = p.getParam("impl");
        for (String arg : p.getJvmArgs()) {
          if (arg.startsWith("-Dvlogit.vector.bits=")) {
            impl += "-" + arg.substring(arg.indexOf('=') + 1);
          }
        }
        shapes.add(p.getParam("shape"));
        epochImpls.add(impl);
        key = "epoch|" + p.getParam("shape") + "|" + impl;
      } else if (cls.equals("RooflineBench") || cls.equals("ParallelReadBench")) {
        key = method + "|" + p.getParam("floats");
      } else if (cls.equals("FitBench")) {
        key = "fit|" + p.getParam("shape") + "|" + p.getParam("impl");
      } else if (cls.equals("ThreadsBench")) {
        key = "threads|" + p.getParam("shape") + "|" + p.getParam("threads");
        // Also charted beside the epochs of the other implementations.
        String impl = "vlogit-threads-" + p.getParam("threads");
        shapes.add(p.getParam("shape"));
        epochImpls.add(impl);
        cells.put("epoch|" + p.getParam("shape") + "|" + impl, cell(r));
      } else if (cls.equals("PairedEpochBench")) {
        String at = p.getParam("shape") + "|" + p.getParam("peer");
        key = "paired|" + at;
        cells.put("paired-ratio|" + at, pairedRatios(r));
      } else if (cls.equals("ScoreBench")) {
        key = method + "|" + p.getParam("n") + "|" + p.getParam("impl");
      } else {
        key = cls + "." + method;
      }
      cells.put(key, cell(r));
    }
  }

  private static Cell cell(RunResult r) {
    List<Double> scores = new ArrayList<>();
    String unit = "";
    for (BenchmarkResult br : r.getBenchmarkResults()) {
      for (IterationResult ir : br.getIterationResults()) {
        scores.add(ir.getPrimaryResult().getScore());
        unit = ir.getPrimaryResult().getScoreUnit();
      }
    }
    double alloc = Double.NaN;
    for (Map.Entry<String, Result> e : r.getAggregatedResult().getSecondaryResults().entrySet()) {
      if (e.getKey().endsWith("gc.alloc.rate.norm")) {
        alloc = e.getValue().getScore();
      }
    }
    return summary(scores, unit, alloc);
  }

  private static Cell summary(List<Double> values, String unit, double alloc) {
    if (values.isEmpty()) {
      return new Cell(Double.NaN, Double.NaN, Double.NaN, unit, alloc);
    }
    double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median =
        s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    return new Cell(median, s[0], s[s.length - 1], unit, alloc);
  }

  /**
   * vlogit's time ÷ the peer's, one per measured iteration of {@link PairedEpochBench}, from its
   * counters: each iteration's two halves ran in the same seconds, so each gives one ratio.
   */
  private static Cell pairedRatios(RunResult r) {
    List<Double> ratios = new ArrayList<>();
    for (BenchmarkResult br : r.getBenchmarkResults()) {
      for (IterationResult ir : br.getIterationResults()) {
        Result vlogit = ir.getSecondaryResults().get("vlogitNanos");
        Result peer = ir.getSecondaryResults().get("peerNanos");
        if (vlogit != null && peer != null && peer.getScore() > 0) {
          ratios.add(vlogit.getScore() / peer.getScore());
        }
      }
    }
    return summary(ratios, "×", Double.NaN);
  }

  Cell cell(String key) {
    return cells.get(key);
  }

  Set<String> shapes() {
    return shapes;
  }

  /** The FMA peak of one core in GFLOP/s (float), or NaN when it was not measured. */
  double fmaGflops() {
    Cell fma = cells.get("fmaPeak|2000");
    if (fma == null) {
      return Double.NaN;
    }
    double flops =
        2.0 * RooflineBench.FMA_CHAINS * RooflineBench.FMA_STEPS * (env.preferredBits / 32);
    return flops / (fma.micros(fma.median) * 1e3);
  }

  /** Read bandwidth over an array of the workload's size, GB/s. */
  double readBandwidth(String shape) {
    return readBandwidth(bytes(shape));
  }

  private static long bytes(String shape) {
    return 4L * Workload.floats(shape);
  }

  /** GB/s of X read by one epoch (from the median). */
  double gbps(String shape, String impl) {
    Cell c = cells.get("epoch|" + shape + "|" + impl);
    return c == null ? Double.NaN : bytes(shape) / (c.micros(c.median) * 1e3);
  }

  /** Read bandwidth measured over an array of the workload's size, GB/s. */
  private double readBandwidth(long bytes) {
    Cell c = cells.get("readSum|" + bytes / 4);
    return c == null ? Double.NaN : bytes / (c.micros(c.median) * 1e3);
  }

  String markdown() {
    StringBuilder s = new StringBuilder();
    if (suite.equals("threads")) {
      return threadsMarkdown();
    }
    s.append("## ").append(suite).append(" suite: ").append(env.jdk).append("\n\n");
    s.append("- machine: ")
        .append(env.cpu)
        .append(", ")
        .append(env.cores)
        .append(" cores; preferred vectors ")
        .append(env.preferredBits)
        .append(" bits\n");
    s.append("- date: ").append(env.date()).append("; command: `").append(command).append("`\n");
    s.append("- peers: netlib JavaBLAS resolves to `")
        .append(env.javaBlas)
        .append("`; NativeBLAS: ")
        .append(
            env.nativeBlas != null
                ? "`"
                    + env.nativeBlas
                    + "` (the system's libblas.so.3, "
                    + Suite.BLAS_THREADS
                    + "="
                    + env.blasThreads
                    + ")"
                : "not run: " + env.nativeBlasProblem)
        .append("\n");
    s.append("- native-c, the yardstick: the same fused epoch in C (bench's fused_epoch.c), ")
        .append(env.nativeCBuild)
        .append("; a ratio to it below 1× means vlogit is slower than the machine allows\n");
    s.append(
        "- figures: median of all measured iterations, [min–max] in brackets; B/op from JMH's gc profiler\n\n");
    s.append(Headline.markdown(this, env.nativeC));

    s.append("### Epoch, one thread: time per epoch [min–max], GB/s of X\n\n");
    s.append("| workload (n×m) |");
    for (String impl : epochImpls) {
      s.append(' ').append(impl).append(" |");
    }
    s.append("\n|---|").append("---|".repeat(epochImpls.size())).append('\n');
    for (String shape : shapes) {
      s.append("| ").append(shape).append(" |");
      for (String impl : epochImpls) {
        Cell c = cells.get("epoch|" + shape + "|" + impl);
        s.append(' ')
            .append(c == null ? "–" : time(c) + ", " + fmt(gbps(shape, impl)) + " GB/s")
            .append(" |");
      }
      s.append('\n');
    }

    s.append("\n### vlogit's fused vector epoch against the others (× faster, medians)\n\n");
    List<String> peers = new ArrayList<>(epochImpls);
    peers.remove("vlogit-vector");
    s.append("| workload | ")
        .append(String.join(" | ", peers))
        .append(
            " | best netlib | read BW at this size | vlogit-vector % of it | vlogit-vector B/epoch |\n");
    s.append("|---|").append("---|".repeat(peers.size() + 4)).append('\n');
    for (String shape : shapes) {
      Cell v = cells.get("epoch|" + shape + "|vlogit-vector");
      s.append("| ").append(shape).append(" |");
      double bestNetlib = Double.NaN;
      for (String peer : peers) {
        Cell c = cells.get("epoch|" + shape + "|" + peer);
        double ratio =
            v == null || c == null ? Double.NaN : c.micros(c.median) / v.micros(v.median);
        s.append(' ').append(fmt(ratio)).append("× |");
        if (peer.startsWith("netlib") && c != null) {
          bestNetlib =
              Double.isNaN(bestNetlib)
                  ? c.micros(c.median)
                  : Math.min(bestNetlib, c.micros(c.median));
        }
      }
      double bw = readBandwidth(bytes(shape));
      s.append(' ')
          .append(v == null ? "–" : fmt(bestNetlib / v.micros(v.median)) + "×")
          .append(" |")
          .append(' ')
          .append(fmt(bw))
          .append(" GB/s |")
          .append(' ')
          .append(fmt(100 * gbps(shape, "vlogit-vector") / bw))
          .append(" % |")
          .append(' ')
          .append(v == null ? "–" : fmt(v.allocPerOp))
          .append(" |\n");
    }

    s.append("\n### Bytes allocated per epoch (JMH gc profiler, B/op)\n\n| workload |");
    for (String impl : epochImpls) {
      s.append(' ').append(impl).append(" |");
    }
    s.append("\n|---|").append("---|".repeat(epochImpls.size())).append('\n');
    for (String shape : shapes) {
      s.append("| ").append(shape).append(" |");
      for (String impl : epochImpls) {
        Cell c = cells.get("epoch|" + shape + "|" + impl);
        s.append(' ').append(c == null ? "–" : fmt(c.allocPerOp)).append(" |");
      }
      s.append('\n');
    }

    s.append(
        "\n### Roofline: read bandwidth (sum of a float array) and FMA peak\n\n| array | GB/s [min–max] |\n|---|---|\n");
    cells.forEach(
        (k, c) -> {
          if (k.startsWith("readSum|")) {
            long bytes = 4L * Long.parseLong(k.substring(8));
            s.append("| ")
                .append(size(bytes))
                .append(" | ")
                .append(fmt(bytes / (c.micros(c.median) * 1e3)))
                .append(" [")
                .append(fmt(bytes / (c.micros(c.max) * 1e3)))
                .append("–")
                .append(fmt(bytes / (c.micros(c.min) * 1e3)))
                .append("] |\n");
          }
        });
    if (!Double.isNaN(fmaGflops())) {
      s.append("\nFMA peak, one core: ").append(fmt(fmaGflops())).append(" GFLOP/s (float)\n");
    }

    s.append("\n### Time to fit to the same cost (from zero; see FitBench)\n\n");
    s.append(
        "| workload | Smile L-BFGS | vlogit GD (Nesterov) | vlogit L-BFGS | Smile's time ÷ vlogit L-BFGS's |\n"
            + "|---|---|---|---|---|\n");
    for (String shape : Suite.FIT_SHAPES) {
      Cell smile = cells.get("fit|" + shape + "|smile");
      Cell vlogit = cells.get("fit|" + shape + "|vlogit");
      Cell lbfgs = cells.get("fit|" + shape + "|vlogit-lbfgs");
      if (smile == null || vlogit == null) {
        continue;
      }
      s.append("| ")
          .append(shape)
          .append(" | ")
          .append(fmt(smile.median))
          .append(' ')
          .append(smile.unit)
          .append(" | ")
          .append(fmt(vlogit.median))
          .append(' ')
          .append(vlogit.unit)
          .append(" | ")
          .append(lbfgs == null ? "–" : fmt(lbfgs.median) + " " + lbfgs.unit)
          .append(" | ")
          .append(lbfgs == null ? "–" : fmt(smile.median / lbfgs.median) + "×")
          .append(" |\n");
    }

    s.append("\n### Scoring: one example (ns) and a batch of 1024 (ns per example)\n\n");
    s.append(
        "| n | implementation | one example | batch, per example | B/op (one) |\n|---|---|---|---|---|\n");
    for (String n : new String[] {"30", "784"}) {
      for (String impl : new String[] {"vlogit-model", "vlogit-vector", "vlogit-scalar", "smile"}) {
        Cell one = cells.get("one|" + n + "|" + impl);
        Cell batch = cells.get("batch|" + n + "|" + impl);
        if (one == null && batch == null) {
          continue;
        }
        s.append("| ")
            .append(n)
            .append(" | ")
            .append(impl)
            .append(" | ")
            .append(
                one == null
                    ? "–"
                    : fmt(one.median) + " [" + fmt(one.min) + "–" + fmt(one.max) + "]")
            .append(" | ")
            .append(batch == null ? "–" : fmt(batch.median / ScoreBench.ROWS))
            .append(" | ")
            .append(one == null ? "–" : fmt(one.allocPerOp))
            .append(" |\n");
      }
    }
    return s.toString();
  }

  private String threadsMarkdown() {
    StringBuilder s = new StringBuilder();
    s.append("## threads suite: ").append(env.jdk).append("\n\n");
    s.append("- machine: ")
        .append(env.cpu)
        .append(", ")
        .append(env.cores)
        .append(" cores; date: ")
        .append(env.date())
        .append("; command: `")
        .append(command)
        .append("`\n");
    s.append(
        "- the trainer's data-parallel epoch (fixed chunks, partial sums reduced in chunk order), vector kernel\n\n");
    s.append("- netlib-native: the two-pass BLAS epoch on OpenBLAS with ")
        .append(Suite.BLAS_THREADS)
        .append('=')
        .append(env.blasThreads)
        .append(env.nativeBlas == null ? " (not run: " + env.nativeBlasProblem + ")" : "")
        .append("\n\n");
    if (env.nativeC != null) {
      s.append("- native-c missing: ").append(env.nativeC).append("\n\n");
    }
    s.append(
        "| workload | 1 thread | 2 threads | speed-up | speed-up, alternated in one fork | native-c, 1 thread | vlogit 1 thread ÷ native-c | GB/s with 2 | 2-thread read BW | % of it | netlib-native, all cores | vlogit 2 threads ÷ it |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (String shape : Suite.THREADS_SHAPES) {
      Cell one = cells.get("threads|" + shape + "|1");
      Cell two = cells.get("threads|" + shape + "|2");
      if (one == null || two == null) {
        continue;
      }
      long bytes = bytes(shape);
      double gb = bytes / (two.micros(two.median) * 1e3);
      Cell read2 = cells.get("readHalf|" + bytes / 4);
      double bw2 = read2 == null ? Double.NaN : bytes / (read2.micros(read2.median) * 1e3);
      s.append("| ")
          .append(shape)
          .append(" | ")
          .append(time(one))
          .append(" | ")
          .append(time(two))
          .append(" | ")
          .append(fmt(one.micros(one.median) / two.micros(two.median)))
          .append("× | ");
      // vlogit's one-thread time ÷ its two-thread time, per iteration of PairedEpochBench.
      Cell paired = cells.get("paired-ratio|" + shape + "|vlogit-threads-2");
      s.append(paired == null ? "–" : ratios(paired)).append(" | ");
      Cell c = cells.get("epoch|" + shape + "|native-c");
      s.append(c == null ? "– | – | " : time(c) + " | " + Headline.ratio(one, c) + "× | ")
          .append(fmt(gb))
          .append(" | ")
          .append(read2 == null ? "–" : fmt(bw2) + " GB/s")
          .append(" | ")
          .append(fmt(100 * gb / bw2))
          .append(" % | ");
      Cell blas = cells.get("epoch|" + shape + "|netlib-native");
      s.append(
              blas == null
                  ? "– | – |"
                  : time(blas)
                      + " | "
                      + fmt(blas.micros(blas.median) / two.micros(two.median))
                      + "× |")
          .append('\n');
    }
    s.append("\n| array | read BW, 1 thread | read BW, 2 threads |\n|---|---|---|\n");
    for (String floats : new String[] {"47040000", "67108864"}) {
      Cell one = cells.get("readSum|" + floats);
      Cell two = cells.get("readHalf|" + floats);
      long bytes = 4L * Long.parseLong(floats);
      s.append("| ")
          .append(size(bytes))
          .append(" | ")
          .append(one == null ? "–" : fmt(bytes / (one.micros(one.median) * 1e3)) + " GB/s")
          .append(" | ")
          .append(two == null ? "–" : fmt(bytes / (two.micros(two.median) * 1e3)) + " GB/s")
          .append(" |\n");
    }
    return s.toString();
  }

  /**
   * Grouped bars of GB/s of X per workload and implementation, log scale, with the read bandwidth.
   */
  String svg() {
    List<String> impls = new ArrayList<>(epochImpls);
    if (impls.isEmpty()) {
      return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"40\"><text x=\"10\" y=\"25\">"
          + "no epoch results in this suite (see the Markdown)</text></svg>\n";
    }
    String[] colors = {"#1b9e77", "#66a61e", "#d95f02", "#7570b3", "#e7298a", "#e6ab02", "#a6761d"};
    int groupWidth = 40 + 22 * impls.size();
    int width = 90 + groupWidth * shapes.size() + 20;
    int height = 440;
    int top = 40;
    int bottom = 330;
    double lo = -2;
    double hi = 2; // 0.01 .. 100 GB/s
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
            width,
            height + 20 * ((impls.size() + 2) / 3)));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"10\" y=\"20\" font-size=\"14\">vlogit %s suite, %s: GB/s of X per epoch (log scale); black tick = read bandwidth at that size; under each workload, vlogit-vector's time ÷ native-c's</text>%n",
            suite,
            escape(env.jdk)));
    if (env.nativeC != null) {
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"10\" y=\"36\" fill=\"#b00\">native-c missing: %s</text>%n",
              escape(env.nativeC)));
    }
    for (int e = (int) lo; e <= hi; e++) {
      double y = bottom - (e - lo) / (hi - lo) * (bottom - top);
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"80\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>",
              width - 10,
              y,
              y));
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"75\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
              y + 4,
              fmt(Math.pow(10, e))));
    }
    int x = 90;
    for (String shape : shapes) {
      for (int k = 0; k < impls.size(); k++) {
        double g = gbps(shape, impls.get(k));
        if (!(g > 0)) {
          continue;
        }
        double v = Math.max(lo, Math.min(hi, Math.log10(g)));
        double y = bottom - (v - lo) / (hi - lo) * (bottom - top);
        s.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%.1f\" width=\"18\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %s GB/s</title></rect>%n",
                x + 22 * k,
                y,
                bottom - y,
                colors[k % colors.length],
                shape,
                impls.get(k),
                fmt(g)));
      }
      double bw = readBandwidth(bytes(shape));
      if (bw > 0) {
        double y = bottom - (Math.log10(bw) - lo) / (hi - lo) * (bottom - top);
        s.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"black\" stroke-width=\"2\"/>%n",
                x - 4,
                x + 22 * impls.size(),
                y,
                y));
      }
      s.append(
          String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", x, bottom + 18, shape));
      double ratio = Headline.ratio(this, shape);
      if (!Double.isNaN(ratio)) {
        s.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"11\">÷ native-c %s×</text>%n",
                x,
                bottom + 34,
                fmt(ratio)));
      }
      x += groupWidth;
    }
    for (int k = 0; k < impls.size(); k++) {
      int lx = 90 + 230 * (k % 3);
      int ly = bottom + 60 + 20 * (k / 3);
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
              lx,
              ly - 10,
              colors[k % colors.length],
              lx + 16,
              ly,
              impls.get(k)));
    }
    s.append("</svg>\n");
    return s.toString();
  }

  /** A cell of ratios: its median and [min–max]. */
  static String ratios(Cell c) {
    return fmt(c.median) + "× [" + fmt(c.min) + "–" + fmt(c.max) + "]";
  }

  static String time(Cell c) {
    double us = c.micros(c.median);
    double lo = c.micros(c.min);
    double hi = c.micros(c.max);
    if (us >= 1000) {
      return fmt(us / 1000) + " ms [" + fmt(lo / 1000) + "–" + fmt(hi / 1000) + "]";
    }
    return fmt(us) + " µs [" + fmt(lo) + "–" + fmt(hi) + "]";
  }

  private static String size(long bytes) {
    return bytes >= 1 << 20 ? fmt(bytes / 1048576.0) + " MiB" : fmt(bytes / 1024.0) + " KiB";
  }

  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    double a = Math.abs(v);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 0.1 || a == 0) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.2g", v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  @Override
  public String toString() {
    return Arrays.toString(cells.keySet().toArray());
  }
}
