package io.vlogit.internal.kernel;

import java.util.ArrayList;
import java.util.List;

/** The machine's vectors as a bug report needs them ({@code vlogit info} prints them). */
public final class MachineFacts {
  private MachineFacts() {}

  /**
   * What a bug report needs to know about the machine's vectors: the CPU's vector features (from
   * /proc/cpuinfo, where there is one) and the JVM's flags that decide the code C2 emits.
   */
  public static List<String> list() {
    List<String> facts = new ArrayList<>();
    String arch = System.getProperty("os.arch", "");
    List<String> wanted =
        arch.equals("aarch64")
            ? List.of(
                "asimd", "asimdhp", "fphp", "sve", "sve2", "svebf16", "sveaes", "bf16", "i8mm")
            : List.of(
                "sse4_2", "avx", "avx2", "fma", "avx512f", "avx512vl", "avx512bw", "avx512dq");
    java.util.Optional<String> line = cpuFlagsLine();
    if (line.isEmpty()) {
      facts.add("cpu vector features: unknown (no /proc/cpuinfo)");
    } else {
      List<String> have = new ArrayList<>();
      for (String flag : line.get().substring(line.get().indexOf(':') + 1).trim().split("\\s+")) {
        if (wanted.contains(flag)) {
          have.add(flag);
        }
      }
      facts.add(
          "cpu vector features: "
              + (have.isEmpty() ? "none of " + wanted : String.join(" ", have)));
    }
    java.nio.file.Path sve = java.nio.file.Path.of("/proc/sys/abi/sve_default_vector_length");
    try {
      if (java.nio.file.Files.isReadable(sve)) {
        int bytes = Integer.parseInt(java.nio.file.Files.readString(sve).trim());
        facts.add("sve vector length: " + 8 * bytes + " bits (the kernel's default for processes)");
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not an SVE kernel, or not Linux: nothing to say
    }
    StringBuilder flags = new StringBuilder();
    for (String name : List.of("UseSVE", "UseAVX", "MaxVectorSize", "UseFMA", "UseSuperWord")) {
      String value = Kernels.vmOption(name);
      if (value != null) {
        flags.append(flags.length() == 0 ? "" : ", ").append(name).append('=').append(value);
      }
    }
    facts.add("jvm vector flags: " + (flags.length() == 0 ? "unknown" : flags));
    return facts;
  }

  /**
   * Why this JVM's figures say nothing about the hardware, or empty: an aarch64 JVM that reads an
   * x86 /proc/cpuinfo runs under qemu-user, which emulates every instruction.
   */
  public static java.util.Optional<String> emulation() {
    if (!System.getProperty("os.arch", "").equals("aarch64")) {
      return java.util.Optional.empty();
    }
    if (cpuFlagsLine().filter(line -> line.startsWith("flags")).isPresent()) {
      // x86 spells its features "flags", ARM "Features"
      return java.util.Optional.of(
          "an aarch64 JVM on an x86 CPU: emulated (qemu-user),"
              + " correct but slow, so no timing from it means anything");
    }
    return java.util.Optional.empty();
  }

  /** The line of /proc/cpuinfo that lists the CPU's features (x86 "flags", ARM "Features"). */
  private static java.util.Optional<String> cpuFlagsLine() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("flags") || line.startsWith("Features")) {
          return java.util.Optional.of(line);
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux, or no /proc: nothing to say
    }
    return java.util.Optional.empty();
  }
}
