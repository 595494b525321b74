package io.vlogit.bench;

import io.vlogit.ExampleStream;
import io.vlogit.LogisticRegression;
import io.vlogit.Solver;
import io.vlogit.TrainingResult;
import io.vlogit.io.NpyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One measurement of the out-of-core path on a file, for bench/stream-cold.sh (which empties the
 * page cache before each): {@code read} reads every block of the stream in order on this thread
 * (the reader's own rate, nothing else), {@code fit} trains one full-batch epoch from the stream
 * (its reads overlapped with the kernel's work) and reports the seconds and passes over the file.
 *
 * <pre>java @jvm.config -cp bench/target/benchmarks.jar io.vlogit.bench.StreamCold read|fit X Y
 * </pre>
 */
public final class StreamCold {
  private StreamCold() {}

  public static void main(String[] args) throws IOException {
    Path x = Path.of(args[1]);
    Path y = Path.of(args[2]);
    double gib = Files.size(x) / (1024.0 * 1024 * 1024);
    try (ExampleStream s = NpyFile.stream(x, y)) {
      long start = System.nanoTime();
      if (args[0].equals("read")) {
        int per = s.examplesPerBlock();
        float[] xb = new float[per * s.features()];
        float[] yb = new float[per];
        long blocks = ((long) s.examples() + per - 1) / per;
        for (int b = 0; b < blocks; b++) {
          s.read(b, per, xb, yb);
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        System.out.printf(
            Locale.ROOT,
            "read: %.2f GiB in %.2f s: %.2f GiB/s (blocks of %d examples)%n",
            gib,
            seconds,
            gib / seconds,
            per);
      } else {
        // Warm the kernels up on data in memory first (the file stays cold): until C2 compiles
        // them, Vector API calls run in plain Java, and the first pass would measure that.
        Workload w = Workload.of(s.features() + "x65536");
        LogisticRegression.builder()
            .maxIterations(300)
            .threads(1)
            .build()
            .fit(io.vlogit.Dataset.wrap(w.x, w.y, w.n));
        long[] firstPass = {0};
        start = System.nanoTime();
        long began = start;
        TrainingResult r =
            LogisticRegression.builder()
                .solver(Solver.gradientDescent().learningRate(0.1))
                .maxIterations(3)
                .threads(1)
                .listener(
                    status -> {
                      if (firstPass[0] == 0) {
                        firstPass[0] = System.nanoTime() - began;
                      }
                      return true;
                    })
                .build()
                .fit(s);
        double seconds = (System.nanoTime() - start) * 1e-9;
        System.out.printf(
            Locale.ROOT,
            "fit of 3 epochs (kernels warm): first pass %.2f s (%.2f GiB/s), %.0f passes in %.2f s"
                + " (%.2f GiB/s), kernel %s%n",
            firstPass[0] * 1e-9,
            gib / (firstPass[0] * 1e-9),
            r.dataPasses(),
            seconds,
            r.dataPasses() * gib / seconds,
            r.kernel());
      }
    }
  }
}
