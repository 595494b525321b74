package io.vlogit.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of one subcommand: {@code --name value}, {@code --name=value} and flags. Every option
 * must be declared by the command; anything else is a usage error that names it.
 */
final class Args {
  private final String command;
  private final Map<String, String> values = new HashMap<>();

  /**
   * @param valued options that take a value
   * @param flags options that take none
   */
  Args(String command, List<String> argv, Set<String> valued, Set<String> flags)
      throws UsageException {
    this.command = command;
    for (int k = 0; k < argv.size(); k++) {
      String arg = argv.get(k);
      if (!arg.startsWith("--")) {
        throw new UsageException(
            "unexpected argument '" + arg + "' for " + command + " (options start with --)");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name)) {
        if (value != null) {
          throw new UsageException("--" + name + " takes no value");
        }
        value = "true";
      } else if (valued.contains(name)) {
        if (value == null) {
          if (k + 1 >= argv.size()) {
            throw new UsageException("--" + name + " needs a value");
          }
          value = argv.get(++k);
          if (value.startsWith("--")) {
            throw new UsageException(
                "--"
                    + name
                    + " needs a value, but the next argument is the option "
                    + value
                    + " (write --"
                    + name
                    + "="
                    + value
                    + " if that is really the value)");
          }
        }
      } else {
        throw new UsageException(
            "unknown option --"
                + name
                + " for "
                + command
                + " (see vlogit "
                + command
                + " --help)");
      }
      if (values.put(name, value) != null) {
        throw new UsageException("--" + name + " is given twice");
      }
    }
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  String get(String name) {
    return values.get(name);
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  String require(String name) throws UsageException {
    String v = values.get(name);
    if (v == null) {
      throw new UsageException(
          command + " needs --" + name + " (see vlogit " + command + " --help)");
    }
    return v;
  }

  /** The value of option {@code name} as a number, or a usage error naming the option. */
  static double number(String name, String v) throws UsageException {
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a number (got '" + v + "')");
    }
  }

  /** The value of option {@code name} as a whole number, or a usage error naming the option. */
  static int whole(String name, String v) throws UsageException {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a whole number (got '" + v + "')");
    }
  }
}
