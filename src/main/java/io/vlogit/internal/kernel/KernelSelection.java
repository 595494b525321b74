package io.vlogit.internal.kernel;

/**
 * Which kernel the provider chose and why, in words for logs, {@code vlogit info} and reports.
 *
 * @param kernel the kernel in use
 * @param reason why it was chosen (or why the Vector API was not)
 * @param vectorInfo the Vector API as this JVM sees it, for example {@code preferred species 256
 *     bits, 8 float lanes}, or why it is not available
 */
public record KernelSelection(LogisticKernel kernel, String reason, String vectorInfo) {}
