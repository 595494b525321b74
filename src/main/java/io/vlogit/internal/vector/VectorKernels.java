package io.vlogit.internal.vector;

import io.vlogit.internal.kernel.KernelUnavailableException;
import io.vlogit.internal.kernel.LogisticKernel;
import jdk.incubator.vector.FloatVector;

/**
 * Entry point that {@link io.vlogit.internal.kernel.Kernels} calls by name (through method
 * handles), so nothing outside this package links against {@code jdk.incubator.vector}.
 */
public final class VectorKernels {
  private VectorKernels() {}

  private static final VectorKernel KERNEL = new VectorKernel();

  /**
   * The Vector API kernel of this JVM. {@code bits} is 0 (this JVM's width) or must equal the width
   * fixed at start-up by {@code vlogit.vector.bits} (the species must be a constant; see the package
   * comment).
   */
  public static LogisticKernel create(int bits) {
    Species.check();
    int width = Species.FLOAT.vectorBitSize();
    if (bits != 0 && bits != width) {
      throw new KernelUnavailableException("this JVM's vector width is " + width
          + " bits; start a JVM with -Dvlogit.vector.bits=" + bits + " for " + bits + "-bit vectors");
    }
    return KERNEL;
  }

  /** Bits of the preferred species: the widest vectors the CPU and the JIT support. */
  public static int preferredBits() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize();
  }

  /** The Vector API as this JVM sees it, in words. */
  public static String describe() {
    int preferred = preferredBits();
    StringBuilder s = new StringBuilder("preferred species " + preferred + " bits ("
        + preferred / Float.SIZE + " float lanes)");
    if (Species.FLOAT.vectorBitSize() != preferred) {
      s.append("; forced to ").append(Species.FLOAT.vectorBitSize()).append(" bits (")
          .append(Species.LANES).append(" lanes)");
      if (!Species.NATIVE) {
        s.append(", wider than the CPU's vectors: emulated, slow, for tests only");
      }
    }
    return s.toString();
  }
}
