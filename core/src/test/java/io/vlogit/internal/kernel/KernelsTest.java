package io.vlogit.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.cli.Main;
import io.vlogit.testing.ClassPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KernelsTest {

  @Test
  void aPropertyThatCannotBeHonouredIsAWarningNeverAFailure() {
    assertSame(Kernels.scalar(), Kernels.select("scalar").kernel());
    assertSame(Kernels.scalar(), Kernels.select(" SCALAR ").kernel());
    KernelSelection bogus = Kernels.select("gpu");
    assertEquals(Kernels.select("auto").kernel(), bogus.kernel());
    assertEquals(
        List.of("vlogit.kernel=gpu is not auto, vector or scalar; ignored (auto)"),
        bogus.warnings());
    assertTrue(Kernels.select("auto").warnings().isEmpty(), Kernels.select("auto").toString());
  }

  @Test
  void theWidthKnobIsHonouredUpToTheCpusWidthAndBeyondOnlyForTests() {
    assertEquals(new VectorWidth(0, null), VectorWidth.of(null, null, 256));
    assertEquals(new VectorWidth(128, null), VectorWidth.of("128", null, 256));
    assertEquals(new VectorWidth(256, null), VectorWidth.of(" 256 ", "true", 256));
    VectorWidth odd = VectorWidth.of("100", null, 256);
    assertEquals(0, odd.bits());
    assertEquals(
        "vlogit.vector.bits=100 is not 64, 128, 256 or 512; ignored (the CPU's width is used)",
        odd.warning());
    assertEquals(0, VectorWidth.of("wide", null, 256).bits());
    VectorWidth refused = VectorWidth.of("512", null, 256);
    assertEquals(0, refused.bits());
    assertTrue(
        refused.warning().contains("wider than this CPU's 256-bit vectors")
            && refused
                .warning()
                .contains("ignored (vlogit.vector.emulate=true allows it, for tests)"),
        refused.warning());
    VectorWidth emulated = VectorWidth.of("512", "true", 256);
    assertEquals(512, emulated.bits());
    assertTrue(emulated.warning().contains("running emulated"), emulated.warning());
  }

  @Test
  void theVectorKernelIsChosenHereWhenTheModuleIsLoaded() {
    // The tests run with jvm.config, so the module is present, the JIT is C2 and x86 has FMA.
    assertTrue(Kernels.vectorModuleMissing().isEmpty());
    assertTrue(Kernels.c2Missing().isEmpty(), Kernels.c2Missing().toString());
    assertTrue(Kernels.fmaMissing().isEmpty(), Kernels.fmaMissing().toString());
    KernelSelection auto = Kernels.select("auto");
    if (Kernels.sveCompilerMissing().isPresent()) {
      // JDK 17 on an SVE CPU (the aarch64 job in CI): the scalar kernel, and why.
      assertEquals(Kernels.scalar(), auto.kernel());
      assertTrue(auto.reason().contains("UseSVE="), auto.reason());
      return;
    }
    assertTrue(
        auto.kernel().name().startsWith("vector-") || auto.reason().contains("only 2 floats"),
        auto.toString());
  }

  @Test
  void jdk17OnSveIsTheOnlyCaseOfTheSveRule() {
    String useSve = Kernels.vmOption("UseSVE");
    boolean expected = Runtime.version().feature() < 21 && useSve != null && !useSve.equals("0");
    assertEquals(expected, Kernels.sveCompilerMissing().isPresent(), "UseSVE=" + useSve);
  }

  @Test
  void withoutTheModuleTheLibraryRunsOnTheScalarKernel() throws Exception {
    Result info = java(List.of(), "info");
    assertEquals(0, info.status, info.err);
    assertTrue(info.out.contains("kernel: scalar"), info.out);
    assertTrue(
        info.out.contains("start the JVM with --add-modules=jdk.incubator.vector"), info.out);

    Result train = java(List.of(), "train", "--epochs", "50");
    assertEquals(0, train.status, train.err);
    assertTrue(train.out.contains("final cost: "), train.out);

    Result forced = java(List.of("-Dvlogit.kernel=vector"), "info");
    assertEquals(0, forced.status, forced.err);
    assertTrue(forced.out.contains("kernel: scalar"), forced.out);
    assertEquals(
        "warning: vlogit.kernel=vector cannot be honoured: the jdk.incubator.vector module is not"
            + " loaded; start the JVM with --add-modules=jdk.incubator.vector (java @jvm.config does); using the"
            + " scalar kernel",
        forced.err.strip());
  }

  @Test
  void aBadKernelPropertyStillTrainsWithAWarning() throws Exception {
    Result bogus =
        java(
            List.of("--add-modules=jdk.incubator.vector", "-Dvlogit.kernel=bogus"),
            "train",
            "--epochs",
            "20");
    assertEquals(0, bogus.status, bogus.err);
    assertTrue(bogus.out.contains("final cost: "), bogus.out);
    // The warning is the one line of its kind (slow, emulated runs add progress lines).
    assertEquals(
        List.of("warning: vlogit.kernel=bogus is not auto, vector or scalar; ignored (auto)"),
        bogus.err.lines().filter(l -> l.startsWith("warning:")).toList());
    Result wide =
        java(List.of("--add-modules=jdk.incubator.vector", "-Dvlogit.vector.bits=2048"), "info");
    assertEquals(0, wide.status, wide.err);
    assertTrue(
        wide.err.startsWith("warning: vlogit.vector.bits=2048 is not 64, 128, 256 or 512"),
        wide.err);
  }

  @Test
  void withoutC2TheScalarKernelIsChosen() throws Exception {
    Result c1 =
        java(List.of("--add-modules=jdk.incubator.vector", "-XX:TieredStopAtLevel=1"), "info");
    assertTrue(c1.out.contains("kernel: scalar"), c1.out);
    // HotSpot reports TieredStopAtLevel=1 as "emulated-client" in java.vm.info.
    assertTrue(
        c1.out.contains("C1 compiler only") || c1.out.contains("stops before the C2 compiler"),
        c1.out);
    Result interpreted = java(List.of("--add-modules=jdk.incubator.vector", "-Xint"), "info");
    assertTrue(interpreted.out.contains("the JIT is off (-Xint)"), interpreted.out);
  }

  @Test
  void theLibraryRunsFromTheModulePathWithAndWithoutTheVectorModule() throws Exception {
    // Forced: a run this short takes the scalar kernel when the choice is automatic (forRun).
    Result vector =
        javaModule(
            List.of("--add-modules=jdk.incubator.vector", "-Dvlogit.kernel=vector"),
            "train",
            "--epochs",
            "20");
    assertEquals(0, vector.status, vector.err);
    assertTrue(
        vector.out.contains("bundled breast-cancer data") && vector.out.contains("final cost: "),
        vector.out);
    assertTrue(vector.out.contains("kernel: vector-"), vector.out);
    Result scalar = javaModule(List.of(), "info");
    assertEquals(0, scalar.status, scalar.err);
    assertTrue(scalar.out.contains("kernel: scalar"), scalar.out);
  }

  private record Result(int status, String out, String err) {}

  /** Runs the CLI in a new JVM with vlogit as a named module on the module path. */
  private static Result javaModule(List<String> jvmFlags, String... args)
      throws IOException, InterruptedException {
    List<String> flags = new ArrayList<>(jvmFlags);
    flags.addAll(List.of("-p", classes(), "-m", "io.vlogit/" + Main.class.getName()));
    return run(flags, args);
  }

  /** Runs the CLI in a new JVM on vlogit's classes only, with the given JVM flags. */
  private static Result java(List<String> jvmFlags, String... args)
      throws IOException, InterruptedException {
    List<String> flags = new ArrayList<>(jvmFlags);
    flags.addAll(List.of("-cp", classes(), Main.class.getName()));
    return run(flags, args);
  }

  private static Result run(List<String> jvmFlags, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    p.getOutputStream().close();
    var out = p.getInputStream().readAllBytes();
    var err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    String errText =
        new String(err, StandardCharsets.UTF_8)
            .replaceAll("(?m)^WARNING: Using incubator modules: jdk.incubator.vector\\R", "");
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), errText);
  }

  private static String classes() {
    return ClassPath.of(Main.class);
  }
}
