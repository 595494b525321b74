package io.vlogit.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class RunKernelTest {
  private static KernelSelection vectorSelection() {
    Assumptions.assumeTrue(Kernels.vectorModuleMissing().isEmpty(), "no Vector API module here");
    return new KernelSelection(Kernels.vector(), "chosen", "info", List.of());
  }

  @Test
  void aShortAutomaticRunTakesTheScalarKernelAndSaysWhy() {
    KernelSelection vector = vectorSelection();
    KernelSelection run = RunKernel.forRun(17_070_000L, vector, null, 2_000_000_000L);
    assertSame(Kernels.scalar(), run.kernel());
    assertTrue(run.reason().startsWith("a short run: 1.7e+07 feature reads"), run.reason());
    assertTrue(run.reason().contains("-Dvlogit.kernel=vector"), run.reason());
    assertSame(Kernels.scalar(), RunKernel.forRun(1, vector, "auto", 2).kernel());
    assertSame(Kernels.scalar(), RunKernel.forRun(1, vector, " AUTO ", 2).kernel());
  }

  @Test
  void longRunsForcedKernelsAndTheRuleTurnedOffKeepTheSelection() {
    KernelSelection vector = vectorSelection();
    assertSame(vector, RunKernel.forRun(2_000_000_000L, vector, null, 2_000_000_000L));
    assertSame(vector, RunKernel.forRun(10, vector, "vector", 2_000_000_000L));
    assertSame(vector, RunKernel.forRun(10, vector, null, 0));
    KernelSelection scalar = new KernelSelection(Kernels.scalar(), "no module", "-", List.of());
    assertSame(scalar, RunKernel.forRun(10, scalar, null, 2_000_000_000L));
  }

  @Test
  void theThresholdPropertyIsAWholeNumberOrTheDefault() {
    assertEquals(RunKernel.DEFAULT_SHORT_RUN, RunKernel.threshold(null));
    assertEquals(RunKernel.DEFAULT_SHORT_RUN, RunKernel.threshold(" "));
    assertEquals(5, RunKernel.threshold(" 5 "));
    assertEquals(0, RunKernel.threshold("0"));
    assertEquals(RunKernel.DEFAULT_SHORT_RUN, RunKernel.threshold("-1"));
    assertEquals(RunKernel.DEFAULT_SHORT_RUN, RunKernel.threshold("2e9"));
  }
}
