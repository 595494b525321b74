package io.vlogit.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;

/**
 * Writes files so that a crash never leaves a half-written file in place of a good one, and so that
 * a write never damages anything but the regular file it names. The rules, for every file vlogit
 * writes:
 *
 * <ul>
 *   <li>The bytes go to a temporary file beside the target, named {@code .NAME.PID-K.vlogit-tmp},
 *       are forced to disk, and the temporary file is renamed over the target in one atomic step;
 *       until then the old file is untouched. A temporary file left by a process that was killed
 *       (its PID no longer runs) is deleted by the next write to the same target.
 *   <li>A symbolic link is written through: its target file is replaced and the link stays.
 *   <li>Only regular files are written: a directory, a device, a pipe or a socket at the path is
 *       refused with an {@link IOException} naming it, and so is a path whose directory is missing.
 *   <li>A new file gets the process's default permissions (the umask's); a replaced file keeps its
 *       permissions.
 * </ul>
 *
 * <p>{@link #stage} writes the temporary file without renaming it, so that a command with several
 * outputs can prepare them all and commit them only once every one was written.
 */
public final class AtomicFiles {
  private static final String TEMP_SUFFIX = ".vlogit-tmp";
  private static final int MAX_LINKS = 40;

  private AtomicFiles() {}

  /** Something that writes the whole content to a stream. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Replaces the file {@code target} names with what {@code content} writes, atomically. */
  public static void write(Path target, Content content) throws IOException {
    try (Staged staged = stage(target, content)) {
      staged.commit();
    }
  }

  /**
   * The file a write to {@code target} replaces: the target, or the end of its chain of symbolic
   * links (which may not exist yet), as an absolute path.
   */
  public static Path destination(Path target) throws IOException {
    Path p = target.toAbsolutePath();
    for (int hops = 0; Files.isSymbolicLink(p); hops++) {
      if (hops == MAX_LINKS) {
        throw new FileSystemException(target.toString(), null, "too many symbolic links");
      }
      p = p.resolveSibling(Files.readSymbolicLink(p)).normalize();
    }
    return p;
  }

  /**
   * Checks that {@code target} can be written by the rules above, without writing it: it names a
   * file, that file is a regular file or does not exist yet, and its directory exists and is
   * writable.
   *
   * @throws IOException naming the path and what is wrong
   */
  public static void checkWritable(Path target) throws IOException {
    if (target.toString().isEmpty() || target.getFileName() == null) {
      throw new FileSystemException("'" + target + "'", null, "is not a file name");
    }
    Path file = destination(target);
    if (Files.isDirectory(file)) {
      throw new FileSystemException(target.toString(), null, "is a directory");
    }
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
      throw new FileSystemException(
          target.toString(),
          null,
          "is not a regular file (a device, a pipe or a socket); vlogit writes only regular files");
    }
    Path dir = file.getParent();
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(
          target.toString(), null, "its directory " + dir + " does not exist");
    }
    if (!Files.isWritable(dir)) {
      throw new AccessDeniedException(
          target.toString(), null, "its directory " + dir + " is not writable");
    }
  }

  /**
   * Writes what {@code content} writes to a temporary file beside {@code target}'s destination;
   * {@link Staged#commit} renames it over the destination, {@link Staged#close} without a commit
   * deletes it.
   */
  public static Staged stage(Path target, Content content) throws IOException {
    checkWritable(target);
    Path file = destination(target);
    removeStale(file);
    Path tmp = createTemporary(file);
    boolean written = false;
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        OutputStream out = Channels.newOutputStream(channel);
        content.writeTo(out);
        out.flush();
        channel.force(true);
      }
      keepPermissions(file, tmp);
      written = true;
      return new Staged(tmp, file);
    } finally {
      if (!written) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** A temporary file written and waiting to replace its destination. */
  public static final class Staged implements AutoCloseable {
    private final Path tmp;
    private final Path file;
    private boolean committed;

    private Staged(Path tmp, Path file) {
      this.tmp = tmp;
      this.file = file;
    }

    /** Renames the temporary file over the destination, atomically where the file system can. */
    public void commit() throws IOException {
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        // Some file systems (a few network mounts) cannot rename atomically; a plain replace is
        // still better than writing in place.
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      committed = true;
    }

    /** Deletes the temporary file unless it was committed. */
    @Override
    public void close() throws IOException {
      if (!committed) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** {@code .NAME.PID-K.vlogit-tmp}, created new with the default permissions. */
  private static Path createTemporary(Path file) throws IOException {
    String prefix = "." + file.getFileName() + "." + ProcessHandle.current().pid() + "-";
    for (int k = 0; ; k++) {
      Path tmp = file.resolveSibling(prefix + k + TEMP_SUFFIX);
      try {
        return Files.createFile(tmp);
      } catch (java.nio.file.FileAlreadyExistsException busy) {
        // another thread of this process writes the same target: the next number
      }
    }
  }

  /** Deletes the temporary files of {@code file} whose process no longer runs. */
  private static void removeStale(Path file) throws IOException {
    String prefix = "." + file.getFileName() + ".";
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(file.getParent())) {
      for (Path p : siblings) {
        String name = p.getFileName().toString();
        if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) {
          continue;
        }
        String middle = name.substring(prefix.length(), name.length() - TEMP_SUFFIX.length());
        int dash = middle.indexOf('-');
        try {
          long pid = Long.parseLong(dash < 0 ? middle : middle.substring(0, dash));
          if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            Files.deleteIfExists(p);
          }
        } catch (NumberFormatException notOurs) {
          // a file of another program that happens to share the pattern: left alone
        }
      }
    }
  }

  /** Gives the temporary file the permissions of the file it replaces (POSIX file systems). */
  private static void keepPermissions(Path file, Path tmp) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view != null && Files.exists(file)) {
      Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
    }
  }
}
