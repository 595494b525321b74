package io.vlogit.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The native fused epochs (fused_epoch.c, and fused_softmax.c for K classes, beside this class),
 * built on first use by the machine's C compiler for this CPU and loaded through JNI: the yardstick
 * that says what the machine does with the same work, without a JVM. The library is cached in the
 * temporary directory under the source's hash and the compiler flags, so JMH's forks build it once.
 */
final class NativeEpoch {
  private NativeEpoch() {}

  /**
   * Flags: this CPU's vectors, and -ffast-math, under which glibc declares its vector expf and
   * log1pf (libmvec) and the compiler may reassociate the sums.
   */
  static final List<String> FLAGS = List.of("-O3", "-march=native", "-ffast-math", "-fopenmp-simd");

  private static final String PROBLEM = load();

  /** Why the native epoch cannot run here, or null when it can. */
  static String problem() {
    return PROBLEM;
  }

  /** out[0, n): Σ dz·x; out[n]: Σ dz; out[n + 1]: Σ loss; acc: n floats of scratch. */
  static native void epoch(
      float[] x, float[] y, int n, int m, float[] w, float b, double[] out, float[] acc);

  /**
   * The multinomial epoch over K = {@code k} classes: out[c·n + i] Σ dz_c·x_i, out[k·n + c] Σ dz_c,
   * out[k·n + k] Σ loss.
   */
  static native void softmaxEpoch(
      float[] x, float[] y, int n, int m, int k, float[] w, float[] b, double[] out);

  /** Floats per vector of the build. */
  static native int lanes();

  /** The compiler and flags, for the report. */
  static String describe() {
    return PROBLEM != null
        ? "not run: " + PROBLEM
        : compiler() + " " + String.join(" ", FLAGS) + ", " + lanes() + " float lanes";
  }

  private static String load() {
    try {
      byte[] source = resource("fused_epoch.c");
      byte[] softmax = resource("fused_softmax.c");
      if (source == null || softmax == null) {
        return "fused_epoch.c or fused_softmax.c is missing from the benchmarks jar";
      }
      String key =
          hash(
              source,
              new String(softmax, StandardCharsets.UTF_8)
                  + String.join(" ", FLAGS)
                  + System.getProperty("os.arch"));
      Path dir = Path.of(System.getProperty("java.io.tmpdir"), "vlogit-native-" + key);
      Path lib = dir.resolve("libvlogitfused.so");
      if (!Files.exists(lib)) {
        String problem = build(source, softmax, dir, lib);
        if (problem != null) {
          return problem;
        }
      }
      System.load(lib.toString());
      return null;
    } catch (IOException | RuntimeException | LinkageError | InterruptedException e) {
      return e.toString();
    }
  }

  /** Compiles into a fresh directory, then renames it into place (forks may race). */
  private static byte[] resource(String name) throws IOException {
    try (InputStream in = NativeEpoch.class.getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    }
  }

  private static String build(byte[] source, byte[] softmax, Path dir, Path lib)
      throws IOException, InterruptedException {
    String cc = compiler();
    if (cc == null) {
      return "no C compiler (cc, gcc or clang) on the PATH";
    }
    Path include = Path.of(System.getProperty("java.home"), "include");
    if (!Files.isDirectory(include)) {
      return "this Java runtime has no JNI headers (" + include + "): run the bench on a JDK";
    }
    Path work = Files.createTempDirectory("vlogit-native-build");
    Path c = work.resolve("fused_epoch.c");
    Files.write(c, source);
    Path c2 = work.resolve("fused_softmax.c");
    Files.write(c2, softmax);
    List<String> cmd = new ArrayList<>(List.of(cc));
    cmd.addAll(FLAGS);
    cmd.addAll(
        List.of(
            "-shared",
            "-fPIC",
            "-I" + include,
            "-I" + include.resolve("linux"),
            "-o",
            work.resolve("libvlogitfused.so").toString(),
            c.toString(),
            c2.toString(),
            "-lm")); // glibc's libm pulls in libmvec where the code calls it

    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      return cc + " failed: " + output.strip().replace('\n', ' ');
    }
    try {
      Files.move(work, dir);
    } catch (IOException raced) {
      // another fork built it first: use theirs
    }
    return Files.exists(lib) ? null : "the build left no " + lib;
  }

  private static String compiler() {
    for (String cc : List.of("cc", "gcc", "clang")) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, cc))) {
          return cc;
        }
      }
    }
    return null;
  }

  private static String hash(byte[] source, String flags) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(source);
      d.update(flags.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
