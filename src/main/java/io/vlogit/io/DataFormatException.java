package io.vlogit.io;

import java.io.IOException;

/**
 * A data file (.npy or CSV) that cannot be read as asked: a damaged header, an unsupported dtype or
 * shape, a cell that is not a number. The message names the file and, for text, the line and column.
 */
public class DataFormatException extends IOException {
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
