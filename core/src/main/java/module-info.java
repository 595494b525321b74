/**
 * vlogit: logistic regression, binary and multinomial, trained and served on fused SIMD kernels.
 *
 * <p>{@code io.vlogit} is the API ({@link io.vlogit.LogisticRegression}, {@link io.vlogit.Dataset},
 * {@link io.vlogit.LogisticModel}, ...), {@code io.vlogit.io} reads and writes data and model
 * files. Everything under {@code io.vlogit.internal} is the engine and the kernels, and is not
 * exported.
 *
 * <p>The Vector API is optional: with {@code --add-modules jdk.incubator.vector} the SIMD kernels
 * run, without it the scalar reference kernel does, and vlogit loads either way (the package that
 * uses the module is loaded by name, only when the module is present).
 */
module io.vlogit {
  requires static jdk.incubator.vector;
  // The kernel choice asks HotSpot about its JIT and FMA (HotSpotDiagnosticMXBean).
  requires jdk.management;
  // The command line sets the level of the library's logger.
  requires java.logging;

  exports io.vlogit;
  exports io.vlogit.io;
}
