package io.vlogit.internal.kernel;

import java.util.Locale;

/**
 * What {@code vlogit.vector.bits} asks for and whether it is honoured; the one rule, applied both
 * by {@link Kernels} (which logs it) and by the Vector API package (which fixes its species with
 * it), so that the two always agree.
 *
 * <p>A width up to the CPU's runs as SIMD and is honoured: a service may want NEON-sized vectors on
 * an AVX-512 machine. A wider one would be emulated by the Vector API in plain Java, about a
 * hundred times slower and allocating on every operation: it is honoured only when {@code
 * vlogit.vector.emulate=true} also says that this is a test, and the kernel's name then says
 * "emulated" wherever it is printed. Otherwise, and for a value that is not a width, the property
 * is ignored with a warning.
 *
 * @param bits the width to use, or 0 for the preferred (the CPU's) width
 * @param warning what to log, or null
 */
public record VectorWidth(int bits, String warning) {
  public static final String BITS_PROPERTY = "vlogit.vector.bits";
  public static final String EMULATE_PROPERTY = "vlogit.vector.emulate";

  /** The decision for this JVM's properties and a CPU of {@code preferredBits}-bit vectors. */
  public static VectorWidth of(int preferredBits) {
    return of(
        System.getProperty(BITS_PROPERTY), System.getProperty(EMULATE_PROPERTY), preferredBits);
  }

  /** The decision for the given property values. */
  public static VectorWidth of(String bitsText, String emulateText, int preferredBits) {
    if (bitsText == null || bitsText.isBlank()) {
      return new VectorWidth(0, null);
    }
    int bits;
    try {
      bits = Integer.parseInt(bitsText.trim());
    } catch (NumberFormatException e) {
      bits = -1;
    }
    if (bits != 64 && bits != 128 && bits != 256 && bits != 512) {
      return new VectorWidth(
          0,
          BITS_PROPERTY
              + "="
              + bitsText
              + " is not 64, 128, 256 or 512; ignored (the CPU's width is used)");
    }
    if (bits <= preferredBits) {
      return new VectorWidth(bits, null);
    }
    String wider =
        BITS_PROPERTY
            + "="
            + bits
            + " is wider than this CPU's "
            + preferredBits
            + "-bit vectors: the Vector API would emulate it in plain Java, about a hundred times"
            + " slower";
    if (emulateText != null && emulateText.trim().toLowerCase(Locale.ROOT).equals("true")) {
      return new VectorWidth(
          bits,
          wider + "; running emulated, as " + EMULATE_PROPERTY + "=true asks (for tests only)");
    }
    return new VectorWidth(
        0, wider + "; ignored (" + EMULATE_PROPERTY + "=true allows it, for tests)");
  }
}
