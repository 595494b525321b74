package io.vlogit.cli;

import io.vlogit.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a command reads and writes, checked before any work starts, so that a typo costs no run
 * and no output can damage an input or another output:
 *
 * <ul>
 *   <li>an input must be a regular file (not a directory, a device or a pipe);
 *   <li>an output must be writable by {@link AtomicFiles}' rules (a regular file or none yet, in an
 *       existing directory; a symbolic link is written through);
 *   <li>no output may be the same file as an input or as another output (compared as the files they
 *       end at, through links).
 * </ul>
 *
 * {@code -} as an output means standard output where a command documents it, and is not a file.
 */
final class FileArgs {
  private record Named(String option, Path path) {}

  private final List<Named> inputs = new ArrayList<>();
  private final List<Named> outputs = new ArrayList<>();

  /** Adds the file of {@code option}, if given, as an input. */
  FileArgs input(Args a, String option) throws UsageException {
    if (a.has(option)) {
      inputs.add(new Named(option, path(option, a.get(option))));
    }
    return this;
  }

  /** Adds the file of {@code option}, if given and not {@code -}, as an output. */
  FileArgs output(Args a, String option) throws UsageException {
    if (a.has(option) && !a.get(option).equals("-")) {
      outputs.add(new Named(option, path(option, a.get(option))));
    }
    return this;
  }

  /**
   * Checks every file by the rules above.
   *
   * @throws UsageException for a command line that cannot run, naming the option and the file
   * @throws NoSuchFileException for an input that does not exist
   */
  void check() throws UsageException, IOException {
    for (Named in : inputs) {
      if (!Files.exists(in.path())) {
        throw new NoSuchFileException(in.path().toString());
      }
      if (Files.isDirectory(in.path())) {
        throw new UsageException(
            "--" + in.option() + " " + in.path() + " is a directory, not a file");
      }
      if (!Files.isRegularFile(in.path())) {
        throw new UsageException(
            "--"
                + in.option()
                + " "
                + in.path()
                + " is not a regular file (a device, a pipe or a socket); vlogit reads regular files");
      }
    }
    List<Object> seen = new ArrayList<>();
    for (Named in : inputs) {
      seen.add(identity(in.path()));
    }
    for (Named out : outputs) {
      try {
        AtomicFiles.checkWritable(out.path());
      } catch (IOException e) {
        throw new UsageException("--" + out.option() + " " + e.getMessage());
      }
      Path file = identity(out.path());
      for (int k = 0; k < seen.size(); k++) {
        if (seen.get(k).equals(file)) {
          Named other = k < inputs.size() ? inputs.get(k) : outputs.get(k - inputs.size());
          String role = k < inputs.size() ? "the input" : "the output";
          throw new UsageException(
              "--"
                  + out.option()
                  + " "
                  + out.path()
                  + " is the same file as "
                  + role
                  + " --"
                  + other.option()
                  + " "
                  + other.path()
                  + "; vlogit will not write over it");
        }
      }
      seen.add(file);
    }
  }

  /** The file a path ends at, through symbolic links, whether or not it exists yet. */
  private static Path identity(Path p) throws IOException {
    Path file = AtomicFiles.destination(p);
    if (Files.exists(file)) {
      return file.toRealPath();
    }
    Path dir = file.getParent();
    return Files.isDirectory(dir) ? dir.toRealPath().resolve(file.getFileName()) : file;
  }

  private static Path path(String option, String value) throws UsageException {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new UsageException(
          "--" + option + " '" + value + "' is not a valid path: " + e.getReason());
    }
  }
}
