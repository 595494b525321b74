/**
 * The Vector API kernels: the only package of vlogit that imports {@code jdk.incubator.vector}.
 * {@link io.vlogit.internal.kernel.Kernels} loads it by name, and only when the module is present.
 *
 * <p>The species is one {@code static final} constant per JVM ({@link
 * io.vlogit.internal.vector.Species#FLOAT}): C2 only turns Vector API calls into SIMD instructions
 * when the species is a compile-time constant; a species held in an instance field falls back to
 * Java code that allocates on every operation. A different width ({@code -Dvlogit.vector.bits})
 * therefore means a different JVM, as it does in Lucene.
 */
package io.vlogit.internal.vector;
