package io.vlogit.internal.vector;

import io.vlogit.internal.kernel.LogisticKernel;
import io.vlogit.internal.kernel.VectorWidth;
import java.util.List;
import jdk.incubator.vector.FloatVector;

/**
 * Entry point that {@link io.vlogit.internal.kernel.Kernels} calls by name (through method
 * handles), so nothing outside this package links against {@code jdk.incubator.vector}.
 */
public final class VectorKernels {
  private VectorKernels() {}

  private static final VectorKernel KERNEL = new VectorKernel();

  /**
   * The Vector API kernel of this JVM, at the width fixed when this package was loaded (the species
   * must be a constant; see the package comment).
   *
   * @throws UnsupportedOperationException if the species cannot run the kernels
   */
  public static LogisticKernel create() {
    Species.check();
    return KERNEL;
  }

  /** Floats per vector of this JVM's species. */
  public static int lanes() {
    return Species.LANES;
  }

  /** Bits of the preferred species: the widest vectors the CPU and the JIT support. */
  static int preferredBits() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize();
  }

  /** What {@code vlogit.vector.bits} made of the species, if it was set and not honoured as is. */
  public static List<String> warnings() {
    String warning = VectorWidth.of(preferredBits()).warning();
    return warning == null ? List.of() : List.of(warning);
  }

  /** The Vector API as this JVM sees it, in words. */
  public static String describe() {
    int preferred = preferredBits();
    StringBuilder s =
        new StringBuilder(
            "preferred species "
                + preferred
                + " bits ("
                + preferred / Float.SIZE
                + " float lanes)");
    if (Species.FLOAT.vectorBitSize() != preferred) {
      s.append("; ")
          .append(VectorWidth.BITS_PROPERTY)
          .append(" sets ")
          .append(Species.FLOAT.vectorBitSize())
          .append(" bits (")
          .append(Species.LANES)
          .append(" lanes)");
      if (!Species.NATIVE) {
        s.append(", wider than the CPU's vectors: emulated, slow, for tests only");
      }
    }
    return s.toString();
  }
}
