package io.vlogit.bench;

import io.vlogit.Dataset;
import io.vlogit.LogisticModel;
import io.vlogit.LogisticRegression;
import io.vlogit.TrainingResult;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * Time to steady state from JVM start, which JMH (warm JVMs by design) cannot show: run it in a
 * fresh JVM each time.
 *
 * <pre>
 *   java @jvm.config -cp bench/target/benchmarks.jar io.vlogit.bench.StartUp score 784 [warm-up]
 *   java @jvm.config -cp bench/target/benchmarks.jar io.vlogit.bench.StartUp train 30x569 1000
 * </pre>
 *
 * {@code score N}: a model of N features; the first score's latency, the first 1000 scores, and
 * scores 1001 to 11000 (steady state or near), each measured call by call and reported with the
 * JVM's uptime when scoring began; with {@code warm-up}, {@link LogisticModel#warmUp()} first and
 * how long it took. {@code train SHAPE E}: E epochs of gradient descent on a bench workload, the
 * first epoch's time, the median and the fastest, and the whole run, on the kernel the run chose
 * (set {@code -Dvlogit.kernel} to choose).
 */
public final class StartUp {
  private StartUp() {}

  public static void main(String[] args) {
    String what = args.length > 0 ? args[0] : "score";
    if (what.equals("train")) {
      train(
          args.length > 1 ? args[1] : "30x569", args.length > 2 ? Integer.parseInt(args[2]) : 1000);
    } else {
      score(
          args.length > 1 ? Integer.parseInt(args[1]) : 784,
          args.length > 2 && args[2].equals("warm-up"));
    }
  }

  private static long uptimeMillis() {
    return ManagementFactory.getRuntimeMXBean().getUptime();
  }

  private static void score(int n, boolean warmUp) {
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) Math.sin(i + 1.0) * 0.05f;
    }
    LogisticModel model = new LogisticModel(w, 0.1f);
    float[] x = new float[8 * n];
    for (int k = 0; k < x.length; k++) {
      x[k] = (float) Math.cos(k * 0.37);
    }
    long warmNanos = 0;
    if (warmUp) {
      long t = System.nanoTime();
      model.warmUp();
      warmNanos = System.nanoTime() - t;
    }
    long startedAt = uptimeMillis();
    long[] took = new long[11_000];
    float sink = 0;
    for (int c = 0; c < took.length; c++) {
      long t = System.nanoTime();
      sink += model.probability(x, (c & 7) * n);
      took[c] = System.nanoTime() - t;
    }
    long first1000 = Arrays.stream(took, 0, 1000).sum();
    long[] later = Arrays.copyOfRange(took, 1000, took.length);
    Arrays.sort(later);
    System.out.printf(
        Locale.ROOT,
        "score n=%d %s: JVM up %d ms when scoring began%s; first score %.1f µs; first 1000 scores"
            + " %.2f ms; scores 1001-11000 median %d ns, 99th percentile %d ns (sink %s)%n",
        n,
        warmUp ? "after warmUp()" : "cold",
        startedAt,
        warmUp ? String.format(Locale.ROOT, " (warmUp() took %.0f ms)", warmNanos * 1e-6) : "",
        took[0] * 1e-3,
        first1000 * 1e-6,
        later[later.length / 2],
        later[later.length * 99 / 100],
        sink > 0 ? "+" : "-");
  }

  private static void train(String shape, int epochs) {
    Workload data = Workload.of(shape);
    Dataset d = Dataset.of(data.x, data.y, data.n);
    long[] at = new long[epochs + 1];
    long startedAt = uptimeMillis();
    long t0 = System.nanoTime();
    TrainingResult r =
        LogisticRegression.builder()
            .maxIterations(epochs)
            .listener(
                s -> {
                  at[s.iteration()] = System.nanoTime();
                  return true;
                })
            .build()
            .fit(d);
    System.out.printf(
        Locale.ROOT,
        "train %s, %d epochs: JVM up %d ms when training began; %s kernel (%s); first pass"
            + " %.2f ms, first epoch %.2f ms; whole run %.3f s; median epoch %.1f µs, fastest %.1f"
            + " µs%n",
        shape,
        epochs,
        startedAt,
        r.kernel(),
        r.kernelReason(),
        (at[0] - t0) * 1e-6,
        (at[1] - at[0]) * 1e-6,
        r.totalSeconds(),
        r.secondsPerIteration() * 1e6,
        r.fastestSecondsPerIteration() * 1e6);
  }
}
