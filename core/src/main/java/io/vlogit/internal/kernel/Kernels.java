package io.vlogit.internal.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses the kernel once, at first use, says why, and never fails: a property it cannot honour is
 * logged as a WARNING that names it, and the choice falls back to what would have been made without
 * it. A service that embeds vlogit therefore always loads it.
 *
 * <p>The Vector API kernels are chosen when all of these hold: the {@code jdk.incubator.vector}
 * module is in the boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector},
 * as {@code jvm.config} does); the VM is HotSpot with its C2 compiler (the Vector API is only fast
 * where C2 turns it into SIMD instructions; under C1, the interpreter or JVMCI it runs as slow Java
 * with an allocation per operation); the JVM uses fused multiply-add instructions ({@code UseFMA};
 * the kernels are built on FMA, which would otherwise run in software); and the species holds at
 * least 4 floats. Otherwise the scalar reference is used.
 *
 * <p>System properties, read once:
 *
 * <ul>
 *   <li>{@code vlogit.kernel=auto|vector|scalar} (default {@code auto}). {@code vector} skips the
 *       checks of the JIT and FMA (to measure the Vector API where it is slow); where the module is
 *       absent it cannot be honoured, and the scalar kernel runs with a warning.
 *   <li>{@code vlogit.vector.bits=64|128|256|512}: the species width, to exercise here the code
 *       paths of other machines; see {@link VectorWidth} for when it is honoured.
 * </ul>
 *
 * <p>The classes of {@code io.vlogit.internal.vector} are only loaded, by name, after the module
 * was found, so this class and the scalar kernel load on any JVM.
 */
public final class Kernels {
  public static final String KERNEL_PROPERTY = "vlogit.kernel";

  private static final String VECTOR_MODULE = "jdk.incubator.vector";
  private static final System.Logger LOG = System.getLogger("io.vlogit.kernel");

  private Kernels() {}

  /** The kernel chosen for this JVM. */
  public static LogisticKernel selected() {
    return Holder.SELECTION.kernel();
  }

  /** The kernel chosen for this JVM, the reason and any warnings. */
  public static KernelSelection selection() {
    return Holder.SELECTION;
  }

  /** The scalar reference kernel. */
  public static LogisticKernel scalar() {
    return ScalarKernel.INSTANCE;
  }

  /**
   * The Vector API kernel of this JVM's width, whether or not it would be chosen automatically; for
   * tests and benchmarks that compare kernels in one JVM.
   *
   * @throws KernelUnavailableException if the module is absent, with the reason
   */
  public static LogisticKernel vector() {
    Optional<String> missing = vectorModuleMissing();
    if (missing.isPresent()) {
      throw new KernelUnavailableException(missing.get());
    }
    try {
      return VectorBridge.create();
    } catch (UnsupportedOperationException e) {
      throw new KernelUnavailableException(e.getMessage(), e);
    }
  }

  /** Why no Vector API kernel can be made here, or empty if one can. */
  public static Optional<String> vectorModuleMissing() {
    Module self = Kernels.class.getModule();
    ModuleLayer layer = self.getLayer() != null ? self.getLayer() : ModuleLayer.boot();
    if (layer.findModule(VECTOR_MODULE).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        "the "
            + VECTOR_MODULE
            + " module is not loaded; start the JVM with --add-modules="
            + VECTOR_MODULE
            + " (java @jvm.config does)");
  }

  /** The selection for the given value of {@code vlogit.kernel}; visible for tests. */
  static KernelSelection select(String mode) {
    List<String> warnings = new ArrayList<>();
    String m = mode == null || mode.isBlank() ? "auto" : mode.trim().toLowerCase(Locale.ROOT);
    if (!m.equals("auto") && !m.equals("vector") && !m.equals("scalar")) {
      warnings.add(KERNEL_PROPERTY + "=" + mode + " is not auto, vector or scalar; ignored (auto)");
      m = "auto";
    }
    Optional<String> missing = vectorModuleMissing();
    String vectorInfo;
    try {
      vectorInfo = missing.isPresent() ? missing.get() : VectorBridge.describe();
      if (missing.isEmpty()) {
        warnings.addAll(VectorBridge.warnings());
      }
    } catch (RuntimeException | LinkageError e) {
      missing = Optional.of("the Vector API cannot be used here: " + e);
      vectorInfo = missing.get();
    }
    if (m.equals("scalar")) {
      return new KernelSelection(scalar(), KERNEL_PROPERTY + "=scalar", vectorInfo, warnings);
    }
    if (missing.isPresent()) {
      if (m.equals("vector")) {
        warnings.add(
            KERNEL_PROPERTY
                + "=vector cannot be honoured: "
                + missing.get()
                + "; using the scalar kernel");
      }
      return new KernelSelection(scalar(), missing.get(), vectorInfo, warnings);
    }
    boolean forced = m.equals("vector");
    if (!forced) {
      Optional<String> against =
          c2Missing().or(Kernels::fmaMissing).or(Kernels::sveCompilerMissing);
      if (against.isPresent()) {
        return new KernelSelection(scalar(), against.get(), vectorInfo, warnings);
      }
    }
    try {
      LogisticKernel vector = VectorBridge.create();
      int lanes = VectorBridge.lanes();
      if (!forced && lanes < 4) {
        return new KernelSelection(
            scalar(),
            "the vector species holds only " + lanes + " floats (at least 4 pay off)",
            vectorInfo,
            warnings);
      }
      String reason =
          forced
              ? KERNEL_PROPERTY + "=vector"
              : VECTOR_MODULE + " present, C2 JIT, FMA, " + lanes + " float lanes";
      return new KernelSelection(vector, reason, vectorInfo, warnings);
    } catch (RuntimeException | LinkageError e) {
      if (forced) {
        warnings.add(
            KERNEL_PROPERTY
                + "=vector cannot be honoured: "
                + e.getMessage()
                + "; using the scalar kernel");
      }
      return new KernelSelection(scalar(), String.valueOf(e.getMessage()), vectorInfo, warnings);
    }
  }

  /**
   * Why this JVM's C2 would box the kernels' vectors on SVE, or empty. JDK 17's C2, once SVE is on
   * ({@code UseSVE} > 0, on any SVE CPU: Graviton 3 and 4, Grace, A64FX, ...), does not intrinsify
   * blend, compare, reinterpret, lane extraction and shuffles at every width: each call then runs
   * as Java and allocates. JDK 21 and newer compile them; NEON code ({@code -XX:UseSVE=0}) is fine
   * on JDK 17 too. (Found under emulation, where qemu presents the features as hardware does.)
   */
  static Optional<String> sveCompilerMissing() {
    String useSve = vmOption("UseSVE");
    int jdk = Runtime.version().feature();
    if (jdk < 21 && useSve != null && !useSve.equals("0")) {
      return Optional.of(
          "JDK "
              + jdk
              + "'s C2 does not compile the Vector API's blends, compares,"
              + " lane extractions and shuffles to SVE (UseSVE="
              + useSve
              + "), so the vector kernels"
              + " would allocate on every call; JDK 21 or newer does, and -XX:UseSVE=0 gives NEON code"
              + " on this JDK");
    }
    return Optional.empty();
  }

  /**
   * Why the vector kernels' fused multiply-adds would not be instructions, or empty if they are (or
   * if the JVM does not say). Lucene makes the same check before it uses vector FMA.
   */
  static Optional<String> fmaMissing() {
    String useFma = vmOption("UseFMA");
    if ("false".equals(useFma)) {
      return Optional.of(
          "the JVM does not use fused multiply-add instructions (UseFMA is false:"
              + " the CPU has none, or it was turned off), which the vector kernels are built on");
    }
    return Optional.empty();
  }

  /**
   * Why HotSpot's C2 compiler will not compile our code, or empty if it will. The Vector API only
   * becomes SIMD code through C2.
   */
  static Optional<String> c2Missing() {
    String vmName = System.getProperty("java.vm.name", "");
    String vmInfo = System.getProperty("java.vm.info", "");
    if (!vmName.contains("HotSpot") && !vmName.contains("OpenJDK")) {
      return Optional.of(
          "the JVM is " + vmName + ", not HotSpot; its Vector API support is untested");
    }
    if (vmInfo.contains("interpreted mode")) {
      return Optional.of("the JIT is off (-Xint)");
    }
    if (vmInfo.contains("emulated-client")) {
      return Optional.of("the JVM runs the C1 compiler only (emulated client)");
    }
    if ("true".equals(vmOption("UseJVMCICompiler"))) {
      return Optional.of(
          "the JIT is a JVMCI compiler (Graal), which does not intrinsify the Vector API");
    }
    String level = vmOption("TieredStopAtLevel");
    if ("true".equals(vmOption("TieredCompilation"))
        && level != null
        && Integer.parseInt(level) < 4) {
      return Optional.of("-XX:TieredStopAtLevel=" + level + " stops before the C2 compiler");
    }
    return Optional.empty();
  }

  /**
   * The value of a HotSpot option, or null when the JVM does not say (another VM, an unknown
   * option, or a runtime without jdk.management).
   */
  static String vmOption(String name) {
    try {
      var bean =
          java.lang.management.ManagementFactory.getPlatformMXBean(
              com.sun.management.HotSpotDiagnosticMXBean.class);
      return bean == null ? null : bean.getVMOption(name).getValue();
    } catch (LinkageError | RuntimeException e) {
      return null;
    }
  }

  /** Chosen once, at first use; class initialization makes it thread-safe without locks. */
  private static final class Holder {
    static final KernelSelection SELECTION = choose();

    private static KernelSelection choose() {
      KernelSelection selection;
      try {
        selection = select(System.getProperty(KERNEL_PROPERTY));
      } catch (RuntimeException | LinkageError e) {
        // Nothing the provider does may keep vlogit from loading: the reference kernel always runs.
        selection =
            new KernelSelection(
                scalar(),
                "the kernel choice failed: " + e,
                "unknown",
                List.of("the kernel choice failed (" + e + "); using the scalar kernel"));
      }
      for (String warning : selection.warnings()) {
        LOG.log(System.Logger.Level.WARNING, "vlogit: " + warning);
      }
      LOG.log(
          System.Logger.Level.INFO,
          "vlogit kernel: " + selection.kernel().name() + " (" + selection.reason() + ")");
      return selection;
    }
  }
}
