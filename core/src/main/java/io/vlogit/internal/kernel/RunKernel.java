package io.vlogit.internal.kernel;

import java.util.Locale;

/**
 * The kernel for one training run: the JVM's selection ({@link Kernels#selection}), except that an
 * automatically chosen vector kernel gives way to the scalar one for a run too short to pay for its
 * warm-up. Until C2 has compiled the Vector API code, about a second of a fresh JVM, the vector
 * kernel runs far slower than the scalar one; a short run ends before it has made up for that.
 *
 * <p>Decided from the run's size before it starts, never from a clock, so that the same run gets
 * the same kernel, and the same bits, every time. The break-even behind {@link #DEFAULT_SHORT_RUN}
 * is in bench/README.md, "Design measurements".
 */
public final class RunKernel {
  private RunKernel() {}

  /**
   * Feature reads (iterations × features × examples) below which an automatically chosen vector
   * kernel gives way to the scalar one; 0 turns the rule off.
   */
  public static final String SHORT_RUN_PROPERTY = "vlogit.kernel.shortRun";

  /** The default of {@link #SHORT_RUN_PROPERTY}. */
  public static final long DEFAULT_SHORT_RUN = 200_000_000L;

  private static final System.Logger LOG = System.getLogger("io.vlogit.kernel");

  /** The kernel for a run of {@code featureReads}: iterations × features × training examples. */
  public static KernelSelection forRun(long featureReads) {
    return forRun(
        featureReads,
        Kernels.selection(),
        System.getProperty(Kernels.KERNEL_PROPERTY),
        Threshold.SHORT_RUN);
  }

  /** The rule itself, for the given selection, value of vlogit.kernel and threshold. */
  static KernelSelection forRun(
      long featureReads, KernelSelection selection, String mode, long shortRun) {
    boolean auto = mode == null || mode.isBlank() || mode.trim().equalsIgnoreCase("auto");
    if (!auto || selection.kernel() == Kernels.scalar() || featureReads >= shortRun) {
      return selection;
    }
    return new KernelSelection(
        Kernels.scalar(),
        String.format(
            Locale.ROOT,
            "a short run: %.2g feature reads (iterations × features × examples), fewer than the"
                + " %.2g that make up for the %s kernel's JIT warm-up; -D%s=vector to use it",
            (double) featureReads,
            (double) shortRun,
            selection.kernel().name(),
            Kernels.KERNEL_PROPERTY),
        selection.vectorInfo(),
        selection.warnings());
  }

  /**
   * The threshold a value of {@link #SHORT_RUN_PROPERTY} sets: the default when absent; a value
   * that is not a whole number ≥ 0 is a warning, and the default.
   */
  static long threshold(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_SHORT_RUN;
    }
    try {
      long value = Long.parseLong(text.trim());
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // below
    }
    LOG.log(
        System.Logger.Level.WARNING,
        "vlogit: "
            + SHORT_RUN_PROPERTY
            + "="
            + text
            + " is not a whole number >= 0; ignored ("
            + DEFAULT_SHORT_RUN
            + ")");
    return DEFAULT_SHORT_RUN;
  }

  /** Read once. */
  private static final class Threshold {
    static final long SHORT_RUN = threshold(System.getProperty(SHORT_RUN_PROPERTY));
  }
}
