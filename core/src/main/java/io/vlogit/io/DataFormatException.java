package io.vlogit.io;

import io.vlogit.InvalidDataException;

/**
 * A data file (.npy or CSV) that cannot be read as asked: a damaged header, an unsupported dtype or
 * shape, a cell that is not a number. The message names the file and, for text, the line and
 * column. Like every error vlogit diagnoses it is a {@link io.vlogit.VlogitException}; an {@code
 * IOException} from a reader means the file could not be read at all.
 */
public class DataFormatException extends InvalidDataException {
  private static final long serialVersionUID = 1L;

  private final long line;
  private final int column;

  public DataFormatException(String message) {
    this(message, -1, -1);
  }

  public DataFormatException(String message, long line, int column) {
    super(message);
    this.line = line;
    this.column = column;
  }

  /** One-based line of a text file, or -1. */
  public long line() {
    return line;
  }

  /** One-based column of a text file, or -1. */
  public int column() {
    return column;
  }
}
