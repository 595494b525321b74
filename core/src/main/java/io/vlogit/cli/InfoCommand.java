package io.vlogit.cli;

import io.vlogit.internal.kernel.KernelSelection;
import io.vlogit.internal.kernel.Kernels;
import java.io.PrintStream;
import java.util.Set;

/** {@code vlogit info}: the JVM, the CPU and the kernel vlogit chose, with the reason. */
final class InfoCommand {
  static final String HELP =
      """
      usage: vlogit info

      Prints the JDK, the CPU architecture, the kernel vlogit selected and why, and the Vector
      API's species and lanes. The choice can be forced with -Dvlogit.kernel=auto|vector|scalar
      and -Dvlogit.vector.bits=64|128|256|512 (java flags, before -jar).
      """;

  static final Set<String> VALUED = Set.of();

  private InfoCommand() {}

  static int run(Args a, PrintStream out, PrintStream err) {
    out.println("vlogit: " + Main.version());
    out.println(
        "java: "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vm.name")
            + ", "
            + System.getProperty("java.vendor")
            + ")");
    out.println("os: " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    out.println("cpus: " + Runtime.getRuntime().availableProcessors());
    KernelSelection s = Kernels.selection();
    out.println("kernel: " + s.kernel().name());
    out.println("why: " + s.reason());
    out.println("vector api: " + s.vectorInfo());
    for (String fact : io.vlogit.internal.kernel.MachineFacts.list()) {
      out.println(fact);
    }
    io.vlogit.internal.kernel.MachineFacts.emulation().ifPresent(e -> out.println("note: " + e));
    return 0;
  }
}
