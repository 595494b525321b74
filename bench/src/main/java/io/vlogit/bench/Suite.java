package io.vlogit.bench;

import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a named suite of the benchmarks and writes, into the output folder, JMH's JSON, a Markdown
 * summary and an SVG chart: {@code <suite>-jdk<N>.json|md|svg}.
 *
 * <pre>
 *   java @jvm.config -jar bench/target/benchmarks.jar quick   # about 12 minutes on 2 cores
 *   java @jvm.config -jar bench/target/benchmarks.jar full    # more iterations and forks
 *   java @jvm.config -jar bench/target/benchmarks.jar jmh ... # plain JMH command line
 * </pre>
 */
public final class Suite {
  private Suite() {}

  static final String MODULE = "--add-modules=jdk.incubator.vector";

  /**
   * The workloads of the threads suite: {@link ThreadsBench}'s {@code @Param} list (which an
   * annotation must spell out), for the suite's other runs and its table.
   */
  static final String[] THREADS_SHAPES = {"30x569", "256x512", "128x100000", "784x60000"};

  /** The workloads of the full suite's fits ({@link FitBench}'s own list is the quick suite's). */
  static final String[] FIT_SHAPES = {"2x1000", "30x569", "256x512", "128x100000"};

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("jmh")) {
      org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    String suite = args.length > 0 ? args[0] : "quick";
    if (!suite.equals("quick") && !suite.equals("full") && !suite.equals("threads")) {
      System.err.println(
          "usage: java -jar benchmarks.jar quick|full|threads [--out DIR]  (or: jmh <JMH options>)");
      System.exit(2);
    }
    Path out = Path.of("bench/results");
    for (int k = 1; k + 1 < args.length; k++) {
      if (args[k].equals("--out")) {
        out = Path.of(args[k + 1]);
      }
    }
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      System.err.println(
          "error: start the suite with the Vector API module: java @jvm.config -jar bench/target/benchmarks.jar "
              + suite);
      System.exit(2);
    }
    if (reexecWithBlasThreads(suite, args)) {
      return;
    }
    boolean full = suite.equals("full");
    Files.createDirectories(out);
    Environment env = Environment.probe();
    System.out.println(env);
    io.vlogit.internal.kernel.MachineFacts.emulation()
        .ifPresent(
            e -> System.out.println("note: " + e + "; the suite runs, its figures do not count"));

    List<RunResult> results = new ArrayList<>();
    if (suite.equals("threads")) {
      // The trainer's data-parallel epoch with 1 and 2 threads, and what 1 and 2 threads can read.
      results.addAll(
          run(
              base(false, env.maxHeap)
                  .include(ThreadsBench.class.getName())
                  .jvmArgsAppend(MODULE, env.maxHeap)));
      // The two-pass BLAS epoch with OpenBLAS on every core, the multi-threaded peer; the native
      // fused epoch on one thread, the yardstick of vlogit's one-thread epoch.
      List<String> peers = new ArrayList<>();
      if (env.nativeBlas != null) {
        peers.add("netlib-native");
      }
      if (env.nativeC == null) {
        peers.add("native-c");
      }
      if (!peers.isEmpty()) {
        results.addAll(
            run(
                base(false, env.maxHeap)
                    .include(EpochBench.class.getName() + ".epoch")
                    .param("shape", THREADS_SHAPES)
                    .param("impl", peers.toArray(String[]::new))
                    .jvmArgsAppend(MODULE, env.maxHeap)));
      }
      // The speed-up again, one thread and two alternated in one fork (see PairedEpochBench).
      results.addAll(
          run(
              base(false, env.maxHeap)
                  .forks(3)
                  .include(PairedEpochBench.class.getName())
                  .param("shape", THREADS_SHAPES)
                  .param("peer", "vlogit-threads-2")
                  .jvmArgsAppend(MODULE, env.maxHeap)));
      results.addAll(
          run(
              base(false, env.maxHeap)
                  .include(ParallelReadBench.class.getName())
                  .jvmArgsAppend(MODULE, env.maxHeap)));
      results.addAll(
          run(
              base(false, env.maxHeap)
                  .include(RooflineBench.class.getName() + ".readSum")
                  .param("floats", "47040000", "67108864")
                  .jvmArgsAppend(MODULE, env.maxHeap)));
      write(out, suite, results, env);
      return;
    }
    List<String> impls =
        new ArrayList<>(List.of("vlogit-vector", "vlogit-scalar", "seed-loop", "netlib-java"));
    if (env.nativeBlas != null) {
      impls.add("netlib-native");
    }
    if (env.nativeC == null) {
      impls.add("native-c");
    }
    // Epochs at the preferred width, every implementation; Fashion-MNIST too where it is installed.
    List<String> shapes =
        new ArrayList<>(
            List.of("2x1000", "30x569", "256x512", "8x1000000", "128x100000", "784x60000"));
    if (Workload.fashionMnistInstalled()) {
      shapes.add("fashion-mnist");
    }
    String[] shapeParams = shapes.toArray(String[]::new);
    results.addAll(
        run(
            base(full, env.maxHeap)
                .include(EpochBench.class.getName() + ".epoch")
                .param("shape", shapeParams)
                .param("impl", impls.toArray(String[]::new))
                .jvmArgsAppend(MODULE, env.maxHeap)));
    // The headline ratio, vlogit ÷ native-c, from the two alternated in one fork (see
    // PairedEpochBench for why separate forks are not enough on a host whose speed changes), in
    // three forks even in the quick suite, as the headline's goals are medians of three forks.
    if (env.nativeC == null) {
      results.addAll(
          run(
              base(full, env.maxHeap)
                  .forks(3)
                  .include(PairedEpochBench.class.getName())
                  .param("shape", shapeParams)
                  .param("peer", "native-c")
                  .jvmArgsAppend(MODULE, env.maxHeap)));
    }
    // The vector kernel at each narrower width the CPU has natively (ARM NEON is 128 bits).
    for (int bits : env.narrowerWidths) {
      results.addAll(
          run(
              base(full, env.maxHeap)
                  .include(EpochBench.class.getName() + ".epoch")
                  .param("shape", shapeParams)
                  .param("impl", "vlogit-vector")
                  .jvmArgsAppend(MODULE, env.maxHeap, "-Dvlogit.vector.bits=" + bits)));
    }
    // Time to fit to the same cost: Smile's L-BFGS against vlogit's gradient descent.
    ChainedOptionsBuilder fit =
        new OptionsBuilder()
            .include(FitBench.class.getName())
            .shouldFailOnError(false)
            .jvmArgsAppend(MODULE, env.maxHeap);
    if (full) {
      fit.param("shape", FIT_SHAPES);
    }
    results.addAll(run(fit));
    // The roofline: read bandwidth per size, and the FMA peak.
    results.addAll(
        run(
            base(full, env.maxHeap)
                .include(RooflineBench.class.getName() + ".readSum")
                .jvmArgsAppend(MODULE, env.maxHeap)));
    results.addAll(
        run(
            base(full, env.maxHeap)
                .include(RooflineBench.class.getName() + ".fmaPeak")
                .param("floats", "2000")
                .jvmArgsAppend(MODULE, env.maxHeap)));
    // Scoring.
    results.addAll(
        run(
            base(full, env.maxHeap)
                .include(ScoreBench.class.getName())
                .jvmArgsAppend(MODULE, "-Xmx2g")));

    write(out, suite, results, env);
  }

  /** Environment variable that fixes OpenBLAS's thread count; read once, when the library loads. */
  static final String BLAS_THREADS = "OPENBLAS_NUM_THREADS";

  /**
   * OpenBLAS runs sgemv on every core unless told otherwise, and it reads the thread count only
   * from the environment, when it loads. A one-thread suite against a BLAS using both cores would
   * compare one core with two, so this runs the suite again in a child JVM whose environment (and
   * so every JMH fork's) holds {@value #BLAS_THREADS}: 1 for quick and full, every core for the
   * threads suite. Returns true if it did (the child's status is then this JVM's).
   */
  private static boolean reexecWithBlasThreads(String suite, String[] args)
      throws IOException, InterruptedException {
    String want =
        suite.equals("threads") ? String.valueOf(Runtime.getRuntime().availableProcessors()) : "1";
    if (want.equals(System.getenv(BLAS_THREADS))) {
      return false;
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Suite.class.getName());
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder child = new ProcessBuilder(cmd).inheritIO();
    child.environment().put(BLAS_THREADS, want);
    int status = child.start().waitFor();
    if (status != 0) {
      System.exit(status);
    }
    return true;
  }

  private static void write(Path out, String suite, List<RunResult> results, Environment env)
      throws IOException {
    String stem = suite + "-jdk" + Runtime.version().feature();
    Path json = out.resolve(stem + ".json");
    try (PrintStream ps =
        new PrintStream(Files.newOutputStream(json), true, StandardCharsets.UTF_8)) {
      ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(results);
    }
    Report report = new Report(results, env, suite, commandLine(suite));
    Files.writeString(out.resolve(stem + ".md"), report.markdown(), StandardCharsets.UTF_8);
    Files.writeString(out.resolve(stem + ".svg"), report.svg(), StandardCharsets.UTF_8);
    System.out.println(
        "wrote " + json + ", " + out.resolve(stem + ".md") + ", " + out.resolve(stem + ".svg"));
  }

  private static String commandLine(String suite) {
    return "java @jvm.config -jar bench/target/benchmarks.jar " + suite;
  }

  /** The common options: iterations, forks and the gc profiler (bytes allocated per op). */
  private static ChainedOptionsBuilder base(boolean full, String heap) {
    return new OptionsBuilder()
        .warmupIterations(full ? 5 : 2)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(full ? 10 : 3)
        .measurementTime(TimeValue.seconds(1))
        .forks(full ? 3 : 1)
        .addProfiler(GCProfiler.class)
        .shouldFailOnError(false);
  }

  private static Collection<RunResult> run(ChainedOptionsBuilder options) throws RunnerException {
    return new Runner(options.build()).run();
  }

  /** What the machine and JVM are, and which peers can run here. */
  static final class Environment {
    String cpu;
    int cores;
    String jdk;
    int preferredBits;
    List<Integer> narrowerWidths = new ArrayList<>();
    String javaBlas;
    String nativeBlas;
    String nativeBlasProblem;
    String maxHeap;
    String blasThreads;

    /** Why the native fused epoch cannot run here, or null when it runs. */
    String nativeC;

    String nativeCBuild;

    static Environment probe() {
      Environment e = new Environment();
      e.cpu = cpuName();
      e.cores = Runtime.getRuntime().availableProcessors();
      e.jdk =
          System.getProperty("java.vm.name")
              + " "
              + System.getProperty("java.version")
              + " ("
              + System.getProperty("java.vendor")
              + ")";
      e.preferredBits = FloatVector.SPECIES_PREFERRED.vectorBitSize();
      for (int bits = 128; bits < e.preferredBits; bits *= 2) {
        e.narrowerWidths.add(bits);
      }
      e.javaBlas = JavaBLAS.getInstance().getClass().getName();
      try {
        e.nativeBlas = NativeBLAS.getInstance().getClass().getName();
      } catch (Throwable t) {
        e.nativeBlasProblem = t.toString();
      }
      e.nativeC = NativeEpoch.problem();
      e.nativeCBuild = NativeEpoch.describe();
      e.maxHeap = "-Xmx4g";
      e.blasThreads = System.getenv(BLAS_THREADS);
      return e;
    }

    private static String cpuName() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
          if (line.startsWith("model name")) {
            return line.substring(line.indexOf(':') + 1).trim();
          }
        }
      } catch (IOException | RuntimeException ignored) {
        // not Linux: fall through
      }
      return System.getProperty("os.arch");
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%s, %d cores, %s, preferred vectors %d bits; JavaBLAS: %s; NativeBLAS: %s (%s=%s);"
              + " native-c: %s",
          cpu,
          cores,
          jdk,
          preferredBits,
          javaBlas,
          nativeBlas != null ? nativeBlas : "unavailable (" + nativeBlasProblem + ")",
          BLAS_THREADS,
          blasThreads,
          nativeCBuild);
    }

    String date() {
      return LocalDate.now().toString();
    }
  }
}
