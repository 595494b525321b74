package io.vlogit.internal.vector;

import io.vlogit.internal.kernel.VectorWidth;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float species of this JVM: preferred, or as {@code vlogit.vector.bits} sets it (see {@link
 * VectorWidth}).
 */
final class Species {
  private Species() {}

  /** The species every kernel uses; a constant, so C2 compiles the Vector API calls to SIMD. */
  static final VectorSpecies<Float> FLOAT = choose();

  /** Ints of the same shape: what the exp's scale is built in (see LaneMath#expNegAbs). */
  static final VectorSpecies<Integer> INT = VectorSpecies.of(int.class, FLOAT.vectorShape());

  /** Floats per vector: a power of two from 2 to 16 (see {@link #check}). */
  static final int LANES = FLOAT.length();

  /** True when the CPU has vectors this wide; otherwise the Vector API emulates them, slowly. */
  static final boolean NATIVE =
      FLOAT.vectorBitSize() <= FloatVector.SPECIES_PREFERRED.vectorBitSize();

  /**
   * Throws if the lanes are not a power of two from 2 to 16, which the kernels' lane sums assume
   * ({@link LaneFold}).
   */
  static void check() {
    if (Integer.bitCount(LANES) != 1 || LANES < 2 || LANES > 16) {
      throw new UnsupportedOperationException(
          "the vector species has "
              + LANES
              + " float lanes; vlogit's kernels need a power of two from 2 to 16");
    }
  }

  /** The widest the kernels are written for: 16 float lanes. */
  static final int MAX_BITS = 512;

  /** The requested width, else the preferred one up to {@link #MAX_BITS} (SVE goes to 2048). */
  private static VectorSpecies<Float> choose() {
    int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
    int bits = VectorWidth.of(preferred).bits();
    if (bits == 0 && preferred <= MAX_BITS) {
      return FloatVector.SPECIES_PREFERRED;
    }
    return VectorSpecies.of(float.class, VectorShape.forBitSize(bits == 0 ? MAX_BITS : bits));
  }
}
