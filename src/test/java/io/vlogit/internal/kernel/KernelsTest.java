package io.vlogit.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.cli.Main;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KernelsTest {

  @Test
  void propertiesChooseOrFailWithAReason() {
    assertSame(Kernels.scalar(), Kernels.select("scalar", null).kernel());
    assertSame(Kernels.scalar(), Kernels.select(" SCALAR ", "128").kernel());
    KernelUnavailableException mode = assertThrows(KernelUnavailableException.class, () -> Kernels.select("gpu", null));
    assertEquals("vlogit.kernel must be auto, vector or scalar (got 'gpu')", mode.getMessage());
    KernelUnavailableException bits = assertThrows(KernelUnavailableException.class, () -> Kernels.select("auto", "100"));
    assertEquals("vlogit.vector.bits must be 64, 128, 256 or 512 (got 100)", bits.getMessage());
    assertThrows(KernelUnavailableException.class, () -> Kernels.select("auto", "wide"));
  }

  @Test
  void theVectorKernelIsChosenHereWhenTheModuleIsLoaded() {
    // The tests run with jvm.config, so the module is present and the JIT is C2.
    assertTrue(Kernels.vectorModuleMissing().isEmpty());
    assertTrue(Kernels.c2Missing().isEmpty(), Kernels.c2Missing().toString());
    KernelSelection auto = Kernels.select("auto", null);
    assertTrue(auto.kernel().name().startsWith("vector-"), auto.toString());
    assertTrue(auto.reason().contains("C2 JIT"), auto.reason());
  }

  @Test
  void withoutTheModuleTheLibraryRunsOnTheScalarKernel() throws Exception {
    Result info = java(List.of(), "info");
    assertEquals(0, info.status, info.err);
    assertTrue(info.out.contains("kernel: scalar"), info.out);
    assertTrue(info.out.contains("start the JVM with --add-modules=jdk.incubator.vector"), info.out);

    Result train = java(List.of(), "train", "--epochs", "50");
    assertEquals(0, train.status, train.err);
    assertTrue(train.out.contains("final cost: "), train.out);

    Result forced = java(List.of("-Dvlogit.kernel=vector"), "info");
    assertEquals(1, forced.status);
    assertEquals("error: vlogit.kernel=vector, but the jdk.incubator.vector module is not loaded; start the"
        + " JVM with --add-modules=jdk.incubator.vector (java @jvm.config does)", forced.err.strip());
  }

  @Test
  void withoutC2TheScalarKernelIsChosen() throws Exception {
    Result c1 = java(List.of("--add-modules=jdk.incubator.vector", "-XX:TieredStopAtLevel=1"), "info");
    assertTrue(c1.out.contains("kernel: scalar"), c1.out);
    // HotSpot reports TieredStopAtLevel=1 as "emulated-client" in java.vm.info.
    assertTrue(c1.out.contains("C1 compiler only") || c1.out.contains("stops before the C2 compiler"), c1.out);
    Result interpreted = java(List.of("--add-modules=jdk.incubator.vector", "-Xint"), "info");
    assertTrue(interpreted.out.contains("the JIT is off (-Xint)"), interpreted.out);
  }

  private record Result(int status, String out, String err) {}

  /** Runs the CLI in a new JVM on vlogit's classes only, with the given JVM flags. */
  private static Result java(List<String> jvmFlags, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.add("-cp");
    cmd.add(classes());
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    p.getOutputStream().close();
    var out = p.getInputStream().readAllBytes();
    var err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    String errText = new String(err, StandardCharsets.UTF_8)
        .replaceAll("(?m)^WARNING: Using incubator modules: jdk.incubator.vector\\R", "");
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), errText);
  }

  private static String classes() {
    try {
      return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
