package io.vlogit.internal.kernel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses the kernel once, at first use, and says why.
 *
 * <p>The Vector API kernels are chosen when all of these hold: the {@code jdk.incubator.vector}
 * module is in the boot layer (the JVM was started with {@code --add-modules
 * jdk.incubator.vector}, as {@code jvm.config} does); the VM is HotSpot with its C2 compiler (the
 * Vector API is only fast where C2 turns it into SIMD instructions; under C1, the interpreter or
 * JVMCI it runs as slow Java with an allocation per operation); and the preferred species holds at
 * least 4 floats. Otherwise the scalar reference is used.
 *
 * <p>System properties, read once:
 *
 * <ul>
 *   <li>{@code vlogit.kernel=auto|vector|scalar} (default {@code auto}). Forcing {@code vector}
 *       where the module is absent is an error that says so.
 *   <li>{@code vlogit.vector.bits=64|128|256|512}: the species width, to exercise here the code
 *       paths of other machines (ARM NEON is 128 bits, AVX-512 is 512). A width the CPU lacks runs
 *       emulated and slowly; it is for tests, and a warning says so.
 * </ul>
 *
 * <p>The classes of {@code io.vlogit.internal.vector} are only loaded, by name, after the module was
 * found, so this class and the scalar kernel load on any JVM.
 */
public final class Kernels {
  public static final String KERNEL_PROPERTY = "vlogit.kernel";
  public static final String BITS_PROPERTY = "vlogit.vector.bits";

  private static final String VECTOR_MODULE = "jdk.incubator.vector";
  private static final String VECTOR_FACTORY = "io.vlogit.internal.vector.VectorKernels";
  private static final System.Logger LOG = System.getLogger("io.vlogit.kernel");

  private Kernels() {}

  /** The kernel chosen for this JVM. */
  public static LogisticKernel selected() {
    return selection().kernel();
  }

  /** The kernel chosen for this JVM and the reason. Throws if the properties ask for the impossible. */
  public static KernelSelection selection() {
    if (Holder.FAILURE != null) {
      throw new KernelUnavailableException(Holder.FAILURE.getMessage(), Holder.FAILURE);
    }
    return Holder.SELECTION;
  }

  /** The scalar reference kernel. */
  public static LogisticKernel scalar() {
    return ScalarKernel.INSTANCE;
  }

  /**
   * A Vector API kernel for species of {@code bits} bits (0: the preferred species), whether or not
   * it would be chosen automatically; for tests and benchmarks.
   *
   * @throws KernelUnavailableException if the module is absent, with the reason
   */
  public static LogisticKernel vector(int bits) {
    checkBits(bits);
    Optional<String> missing = vectorModuleMissing();
    if (missing.isPresent()) {
      throw new KernelUnavailableException(missing.get());
    }
    try {
      return VectorFactory.create(bits);
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
        "the " + VECTOR_MODULE + " module is not loaded; start the JVM with --add-modules="
            + VECTOR_MODULE + " (java @jvm.config does)");
  }

  private static void checkBits(int bits) {
    if (bits != 0 && bits != 64 && bits != 128 && bits != 256 && bits != 512) {
      throw new KernelUnavailableException(
          BITS_PROPERTY + " must be 64, 128, 256 or 512 (got " + bits + ")");
    }
  }

  /** The selection for the given property values; visible for tests. */
  static KernelSelection select(String mode, String bitsText) {
    String m = mode == null ? "auto" : mode.trim().toLowerCase(Locale.ROOT);
    if (!m.equals("auto") && !m.equals("vector") && !m.equals("scalar")) {
      throw new KernelUnavailableException(
          KERNEL_PROPERTY + " must be auto, vector or scalar (got '" + mode + "')");
    }
    int bits = 0;
    if (bitsText != null && !bitsText.isBlank()) {
      try {
        bits = Integer.parseInt(bitsText.trim());
      } catch (NumberFormatException e) {
        throw new KernelUnavailableException(
            BITS_PROPERTY + " must be 64, 128, 256 or 512 (got '" + bitsText + "')");
      }
      checkBits(bits);
    }
    Optional<String> missing = vectorModuleMissing();
    String vectorInfo = missing.orElseGet(VectorFactory::describe);
    if (m.equals("scalar")) {
      return new KernelSelection(scalar(), KERNEL_PROPERTY + "=scalar", vectorInfo);
    }
    if (missing.isPresent()) {
      if (m.equals("vector")) {
        throw new KernelUnavailableException(KERNEL_PROPERTY + "=vector, but " + missing.get());
      }
      return new KernelSelection(scalar(), missing.get(), vectorInfo);
    }
    String forcedWidth = bits == 0 ? "" : ", " + BITS_PROPERTY + "=" + bits;
    if (m.equals("vector")) {
      try {
        return new KernelSelection(
            VectorFactory.create(bits), KERNEL_PROPERTY + "=vector" + forcedWidth, vectorInfo);
      } catch (UnsupportedOperationException e) {
        throw new KernelUnavailableException(KERNEL_PROPERTY + "=vector, but " + e.getMessage(), e);
      }
    }
    Optional<String> noC2 = c2Missing();
    if (noC2.isPresent()) {
      return new KernelSelection(scalar(), noC2.get(), vectorInfo);
    }
    int lanes = (bits == 0 ? VectorFactory.preferredBits() : bits) / Float.SIZE;
    if (lanes < 4) {
      return new KernelSelection(
          scalar(), "the vector species holds only " + lanes + " floats (at least 4 pay off)",
          vectorInfo);
    }
    try {
      return new KernelSelection(
          VectorFactory.create(bits),
          VECTOR_MODULE + " present, C2 JIT, " + lanes + " float lanes" + forcedWidth, vectorInfo);
    } catch (UnsupportedOperationException e) {
      return new KernelSelection(scalar(), e.getMessage(), vectorInfo);
    }
  }

  /**
   * Why HotSpot's C2 compiler will not compile our code, or empty if it will. The Vector API only
   * becomes SIMD code through C2.
   */
  static Optional<String> c2Missing() {
    String vmName = System.getProperty("java.vm.name", "");
    String vmInfo = System.getProperty("java.vm.info", "");
    if (!vmName.contains("HotSpot") && !vmName.contains("OpenJDK")) {
      return Optional.of("the JVM is " + vmName + ", not HotSpot; its Vector API support is untested");
    }
    if (vmInfo.contains("interpreted mode")) {
      return Optional.of("the JIT is off (-Xint)");
    }
    if (vmInfo.contains("emulated-client")) {
      return Optional.of("the JVM runs the C1 compiler only (emulated client)");
    }
    try {
      var bean =
          java.lang.management.ManagementFactory.getPlatformMXBean(
              com.sun.management.HotSpotDiagnosticMXBean.class);
      if (bean == null) {
        return Optional.empty();
      }
      if (optionIs(bean, "UseJVMCICompiler", "true")) {
        return Optional.of("the JIT is a JVMCI compiler (Graal), which does not intrinsify the Vector API");
      }
      if (optionIs(bean, "TieredCompilation", "true")) {
        String level = bean.getVMOption("TieredStopAtLevel").getValue();
        if (Integer.parseInt(level) < 4) {
          return Optional.of("-XX:TieredStopAtLevel=" + level + " stops before the C2 compiler");
        }
      }
      return Optional.empty();
    } catch (LinkageError | RuntimeException e) {
      // jdk.management absent (a jlinked runtime) or an unknown option: no evidence against C2.
      return Optional.empty();
    }
  }

  private static boolean optionIs(com.sun.management.HotSpotDiagnosticMXBean bean, String name, String value) {
    try {
      return value.equals(bean.getVMOption(name).getValue());
    } catch (IllegalArgumentException unknownOption) {
      return false;
    }
  }

  /** Lazily chosen once; class initialization makes it thread-safe without locks. */
  private static final class Holder {
    static final KernelSelection SELECTION;
    static final RuntimeException FAILURE;

    static {
      KernelSelection selection = null;
      RuntimeException failure = null;
      try {
        selection = select(System.getProperty(KERNEL_PROPERTY), System.getProperty(BITS_PROPERTY));
        LOG.log(
            System.Logger.Level.INFO,
            "vlogit kernel: " + selection.kernel().name() + " (" + selection.reason() + ")");
        if (selection.vectorInfo().contains("emulated")) {
          LOG.log(System.Logger.Level.WARNING, "vlogit: " + selection.vectorInfo());
        }
      } catch (RuntimeException e) {
        failure = e;
        LOG.log(System.Logger.Level.ERROR, "vlogit kernel: " + e.getMessage());
      }
      SELECTION = selection;
      FAILURE = failure;
    }
  }

  /**
   * Calls into {@code io.vlogit.internal.vector} through method handles, so that nothing here links
   * against classes that need {@code jdk.incubator.vector}. Only used after the module was found.
   */
  private static final class VectorFactory {
    private static final MethodHandle CREATE;
    private static final MethodHandle PREFERRED_BITS;
    private static final MethodHandle DESCRIBE;

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        Class<?> factory = Class.forName(VECTOR_FACTORY);
        CREATE = lookup.findStatic(factory, "create", MethodType.methodType(LogisticKernel.class, int.class));
        PREFERRED_BITS = lookup.findStatic(factory, "preferredBits", MethodType.methodType(int.class));
        DESCRIBE = lookup.findStatic(factory, "describe", MethodType.methodType(String.class));
      } catch (ReflectiveOperationException e) {
        throw new LinkageError(VECTOR_FACTORY + " is missing from the vlogit jar", e);
      }
    }

    static LogisticKernel create(int bits) {
      try {
        return (LogisticKernel) CREATE.invokeExact(bits);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
    }

    static int preferredBits() {
      try {
        return (int) PREFERRED_BITS.invokeExact();
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
    }

    static String describe() {
      try {
        return (String) DESCRIBE.invokeExact();
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
    }
  }
}
