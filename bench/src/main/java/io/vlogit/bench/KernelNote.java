package io.vlogit.bench;

import io.vlogit.internal.kernel.LogisticKernel;
import io.vlogit.internal.kernel.MachineFacts;

/** One line in a benchmark's output saying what it measured, and on what. */
final class KernelNote {
  private KernelNote() {}

  static void print(String benchmark, String impl, LogisticKernel kernel) {
    print(benchmark, impl, "the " + kernel.name() + " kernel");
  }

  static void print(String benchmark, String impl, String what) {
    System.out.println(
        "# vlogit "
            + benchmark
            + " "
            + impl
            + ": "
            + what
            + ", "
            + System.getProperty("os.arch")
            + ", JDK "
            + Runtime.version().feature()
            + MachineFacts.emulation().map(e -> "; " + e).orElse(""));
  }
}
