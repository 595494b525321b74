package io.vlogit.cli;

import io.vlogit.VlogitException;
import io.vlogit.internal.kernel.Kernels;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code vlogit} command line. Errors are one line starting with {@code error:} on standard
 * error; the exit status is 2 for a command line that cannot run, 1 for bad data, a bad model file
 * or a failed run, 0 otherwise. {@code --debug} adds the stack trace.
 */
public final class Main {
  static final String USAGE =
      """
      usage: vlogit <command> [options]

      commands:
        train       train a model (default data: the bundled breast-cancer set)
        predict     write probabilities for new data
        evaluate    log-loss, accuracy and ROC AUC of a model on labelled data
        inspect     print a model file as JSON
        import      write a model file from JSON
        info        the JVM, the CPU and the kernel vlogit uses, with the reason

      vlogit <command> --help describes each command. Run with java @jvm.config -jar vlogit.jar
      so that the Vector API module is loaded.
      """;

  /** Kept so the logging configuration is not garbage-collected with the logger. */
  private static final Logger VLOGIT_LOG = Logger.getLogger("io.vlogit");

  private Main() {}

  public static void main(String[] argv) {
    System.exit(run(argv, System.out, System.err));
  }

  /** Runs one command line; returns the exit status. */
  public static int run(String[] argv, PrintStream out, PrintStream err) {
    List<String> args = new ArrayList<>(Arrays.asList(argv));
    boolean debug = args.remove("--debug");
    // The library logs its kernel choice (and a failure to choose); the CLI prints both itself, as
    // output lines or as its one error line, so the log is only shown with --debug.
    VLOGIT_LOG.setLevel(debug ? Level.ALL : Level.OFF);
    if (args.isEmpty()) {
      err.print(USAGE);
      return 2;
    }
    String command = args.remove(0);
    if (command.equals("--help") || command.equals("-h") || command.equals("help")) {
      out.print(USAGE);
      return 0;
    }
    if (command.equals("--version")) {
      out.println("vlogit " + version());
      return 0;
    }
    try {
      return dispatch(command, args, out, err);
    } catch (UsageException e) {
      return fail(err, e.getMessage(), e, debug, 2);
    } catch (NoSuchFileException | FileNotFoundException e) {
      return fail(err, "no such file: " + e.getMessage(), e, debug, 1);
    } catch (AccessDeniedException e) {
      return fail(err, "permission denied: " + e.getMessage(), e, debug, 1);
    } catch (IOException | VlogitException | IllegalArgumentException e) {
      return fail(err, e.getMessage(), e, debug, 1);
    } catch (OutOfMemoryError e) {
      return fail(err, "out of memory; give the JVM more heap (-Xmx)", e, debug, 1);
    } catch (Exception | LinkageError | AssertionError e) {
      return fail(
          err, "internal error: " + e + " (rerun with --debug for the stack trace)", e, debug, 1);
    }
  }

  private static int dispatch(String command, List<String> args, PrintStream out, PrintStream err)
      throws Exception {
    boolean help = args.contains("--help") || args.contains("-h");
    if (!help && List.of("train", "predict", "evaluate", "info").contains(command)) {
      // The library logs these; the CLI's log is off (see run), so it says them itself.
      for (String warning : Kernels.selection().warnings()) {
        err.println("warning: " + warning);
      }
    }
    switch (command) {
      case "train" -> {
        return help
            ? help(out, TrainCommand.HELP)
            : TrainCommand.run(
                new Args(command, args, TrainOptions.VALUED, TrainOptions.FLAGS), out, err);
      }
      case "predict" -> {
        return help
            ? help(out, PredictCommand.HELP)
            : PredictCommand.run(
                new Args(command, args, PredictCommand.VALUED, PredictCommand.FLAGS), out, err);
      }
      case "evaluate" -> {
        return help
            ? help(out, EvaluateCommand.HELP)
            : EvaluateCommand.run(
                new Args(command, args, EvaluateCommand.VALUED, EvaluateCommand.FLAGS), out, err);
      }
      case "inspect" -> {
        return help
            ? help(out, InspectCommand.HELP)
            : InspectCommand.run(
                new Args(command, args, InspectCommand.VALUED, Set.of()), out, err);
      }
      case "import" -> {
        return help
            ? help(out, ImportCommand.HELP)
            : ImportCommand.run(new Args(command, args, ImportCommand.VALUED, Set.of()), out, err);
      }
      case "info" -> {
        return help
            ? help(out, InfoCommand.HELP)
            : InfoCommand.run(new Args(command, args, InfoCommand.VALUED, Set.of()), out, err);
      }
      default ->
          throw new UsageException(
              "unknown command '"
                  + command
                  + "' (commands: train, predict, "
                  + "evaluate, inspect, import, info; see vlogit --help)");
    }
  }

  private static int help(PrintStream out, String text) {
    out.print(text);
    return 0;
  }

  private static int fail(PrintStream err, String message, Throwable e, boolean debug, int status) {
    String line = message == null || message.isBlank() ? e.toString() : message;
    err.println("error: " + line.replace('\n', ' '));
    if (debug) {
      e.printStackTrace(err);
    }
    err.flush();
    return status;
  }

  /** The version from the jar manifest, or "dev" when run from classes. */
  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
