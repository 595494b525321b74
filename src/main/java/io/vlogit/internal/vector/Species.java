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

  /** Floats per vector: a power of two from 2 to 64 (see {@link #check}). */
  static final int LANES = FLOAT.length();

  /** True when the CPU has vectors this wide; otherwise the Vector API emulates them, slowly. */
  static final boolean NATIVE =
      FLOAT.vectorBitSize() <= FloatVector.SPECIES_PREFERRED.vectorBitSize();

  /**
   * Throws if the lanes are not a power of two from 2 to 64, which the kernels' reductions assume.
   */
  static void check() {
    if (Integer.bitCount(LANES) != 1 || LANES < 2 || LANES > 64) {
      throw new UnsupportedOperationException(
          "the vector species has "
              + LANES
              + " float lanes; vlogit's kernels need a power of two from 2 to 64");
    }
  }

  private static VectorSpecies<Float> choose() {
    int bits = VectorWidth.of(FloatVector.SPECIES_PREFERRED.vectorBitSize()).bits();
    return bits == 0
        ? FloatVector.SPECIES_PREFERRED
        : VectorSpecies.of(float.class, VectorShape.forBitSize(bits));
  }
}
