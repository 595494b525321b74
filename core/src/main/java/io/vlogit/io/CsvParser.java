package io.vlogit.io;

import io.vlogit.internal.text.Excerpt;
import io.vlogit.internal.train.ExampleBlocks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The parser behind {@link CsvFile}: lines to fields (RFC 4180 quotes), fields to floats. */
final class CsvParser {
  private CsvParser() {}

  /**
   * The header, the cells (row-major, in blocks of {@code rowsPerBlock} rows: a power of two, at
   * most {@link ExampleBlocks#BLOCK_FLOATS} cells per block, so that a file of any size is read
   * without copying what was read) and each row's line number. A cell that is not a number is NaN
   * in the cells, its text in {@code texts} (by cell index: row·columns + column), and the error it
   * would be as a number in {@code notNumbers} (per column, the first): a label column may hold
   * text, any other column may not, and which one is the label is decided after reading.
   */
  record Cells(
      List<String> header,
      float[][] blocks,
      int rowsPerBlock,
      int rows,
      long[] lines,
      Map<Long, String> texts,
      DataFormatException[] notNumbers) {}

  /** Reads every cell from {@code reader}; {@code source} names it in messages. */
  static Cells read(Reader reader, String source, boolean hasHeader) throws IOException {
    return read(reader, source, hasHeader, ExampleBlocks.BLOCK_FLOATS);
  }

  /** The same with blocks of at most {@code blockFloats} cells (tests cross blocks with few). */
  static Cells read(Reader reader, String source, boolean hasHeader, int blockFloats)
      throws IOException {
    BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    List<String> header = null;
    List<float[]> full = new ArrayList<>();
    float[] cells = new float[0];
    int rowsPerBlock = 0;
    long[] lines = new long[64];
    int size = 0;
    int rows = 0;
    long lineNumber = 0;
    List<String> fields = new ArrayList<>();
    Map<Long, String> texts = new HashMap<>();
    DataFormatException[] notNumbers = null;
    String line;
    while ((line = in.readLine()) != null) {
      lineNumber++;
      if (lineNumber == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1); // byte-order mark
      }
      if (line.isBlank()) {
        continue;
      }
      split(line, lineNumber, source, fields);
      if (header == null) {
        if (!hasHeader) {
          List<String> names = new ArrayList<>();
          for (int c = 0; c < fields.size(); c++) {
            names.add("column" + c);
          }
          header = List.copyOf(names);
        } else {
          header = List.copyOf(fields);
          checkHeader(header, source, lineNumber);
          continue;
        }
      }
      int cols = header.size();
      if (fields.size() != cols) {
        throw new DataFormatException(
            source
                + ": line "
                + lineNumber
                + " has "
                + fields.size()
                + " fields; the header has "
                + cols,
            lineNumber,
            Math.min(fields.size(), cols) + 1);
      }
      if (rowsPerBlock == 0) {
        rowsPerBlock = ExampleBlocks.examplesPerBlock(cols, blockFloats);
      }
      if (size + cols > cells.length) {
        int block = rowsPerBlock * cols;
        if (cells.length == block) {
          full.add(cells); // the first block grows by doubling up to its size; the others are new
          cells = new float[block];
          size = 0;
        } else {
          long grown = Math.max(size + cols, Math.max(1024L, 2L * cells.length));
          cells = Arrays.copyOf(cells, (int) Math.min(block, grown));
        }
      }
      if (rows == Integer.MAX_VALUE - 8) {
        throw new DataFormatException(source + ": more than " + rows + " rows", lineNumber, 1);
      }
      if (notNumbers == null) {
        notNumbers = new DataFormatException[cols];
      }
      for (int c = 0; c < cols; c++) {
        try {
          cells[size] = parse(fields.get(c), source, lineNumber, c, header.get(c));
        } catch (NotANumber e) {
          cells[size] = Float.NaN;
          texts.put((long) rows * cols + c, fields.get(c).strip());
          if (notNumbers[c] == null) {
            notNumbers[c] = e.error;
          }
        }
        size++;
      }
      if (rows == lines.length) {
        lines = Arrays.copyOf(lines, (int) Math.min(Integer.MAX_VALUE - 8, 2L * rows));
      }
      lines[rows++] = lineNumber;
    }
    if (header == null) {
      throw new DataFormatException(source + ": is empty; a CSV file needs a header row");
    }
    full.add(Arrays.copyOf(cells, size));
    return new Cells(
        header,
        full.toArray(float[][]::new),
        Math.max(1, rowsPerBlock),
        rows,
        lines,
        texts,
        notNumbers == null ? new DataFormatException[header.size()] : notNumbers);
  }

  /** A cell that is text, not a number: an error unless its column is the labels'. */
  static final class NotANumber extends Exception {
    private static final long serialVersionUID = 1L;
    final transient DataFormatException error;

    NotANumber(DataFormatException error) {
      super(null, null, false, false);
      this.error = error;
    }
  }

  /** Column names that can be told apart, and that are names rather than a row of data. */
  private static void checkHeader(List<String> header, String source, long line)
      throws DataFormatException {
    boolean numbers = true;
    for (int c = 0; c < header.size(); c++) {
      String name = header.get(c);
      int first = header.indexOf(name);
      if (first != c) {
        throw new DataFormatException(
            source
                + ": columns "
                + (first + 1)
                + " and "
                + (c + 1)
                + " are both named "
                + Excerpt.quoted(name)
                + "; column names must differ",
            line,
            c + 1);
      }
      try {
        Float.parseFloat(name.strip());
      } catch (NumberFormatException e) {
        numbers = false;
      }
    }
    if (numbers) {
      throw new DataFormatException(
          source
              + ": the first row ("
              + Excerpt.quoted(String.join(",", header))
              + ") is numbers, not column names; add a header row, or say the file has none"
              + " (--no-header)",
          line,
          1);
    }
  }

  private static float parse(String text, String source, long line, int column, String name)
      throws DataFormatException, NotANumber {
    String t = text.strip();
    String where =
        source + ": line " + line + ", column " + (column + 1) + " (" + Excerpt.of(name) + "): ";
    if (t.isEmpty()) {
      throw new DataFormatException(where + "the cell is empty", line, column + 1);
    }
    float v;
    try {
      v = Float.parseFloat(t);
    } catch (NumberFormatException e) {
      throw new NotANumber(
          new DataFormatException(
              where + Excerpt.quoted(text) + " is not a number", line, column + 1));
    }
    if (!Float.isFinite(v)) {
      throw new DataFormatException(
          where
              + Excerpt.quoted(text)
              + " is not a finite float (NaN, infinite, or beyond ±3.4e38)",
          line,
          column + 1);
    }
    return v;
  }

  /** Splits one line at commas, honouring double quotes ("" inside quotes is a quote). */
  private static void split(String line, long lineNumber, String source, List<String> out)
      throws DataFormatException {
    out.clear();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.toString().isBlank() && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
        field.setLength(0);
      } else if (c == ',') {
        out.add(field.toString());
        field.setLength(0);
        wasQuoted = false;
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw new DataFormatException(
          source + ": line " + lineNumber + " has an unterminated quote",
          lineNumber,
          out.size() + 1);
    }
    out.add(field.toString());
  }
}
