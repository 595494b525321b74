package io.vlogit.internal.kernel;

import java.util.List;

/**
 * Which kernel the provider chose and why, in words for logs, {@code vlogit info} and reports.
 *
 * @param kernel the kernel in use
 * @param reason why it was chosen (or why the Vector API was not)
 * @param vectorInfo the Vector API as this JVM sees it, for example {@code preferred species 256
 *     bits, 8 float lanes}, or why it is not available
 * @param warnings properties that were ignored or a forced choice that could not be honoured, each
 *     naming the property; empty when everything asked for was done
 */
public record KernelSelection(
    LogisticKernel kernel, String reason, String vectorInfo, List<String> warnings) {
  public KernelSelection {
    warnings = List.copyOf(warnings);
  }
}
