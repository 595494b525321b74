/**
 * The compute kernels behind vlogit and the provider that picks one at start-up. Internal: the
 * types are public only because other vlogit packages and the benchmarks use them; they may change
 * in any release.
 *
 * <p>{@link io.vlogit.internal.kernel.LogisticKernel} is the one interface every kernel implements.
 * {@link io.vlogit.internal.kernel.ScalarKernel} is the reference (double arithmetic on float data)
 * and the fallback; the Vector API kernels live in {@code io.vlogit.internal.vector}, the only
 * package that imports {@code jdk.incubator.vector}, and are loaded by name only when that module
 * is present, so this package loads on any JVM.
 */
package io.vlogit.internal.kernel;
