package io.vlogit.io;

import io.vlogit.Dataset;
import io.vlogit.internal.text.Excerpt;
import io.vlogit.internal.train.ExampleBlocks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads numeric CSV files: comma-separated, fields optionally in double quotes (RFC 4180), blank
 * lines skipped, UTF-8. The first row names the columns (the names must differ), unless the file
 * has no header row and says so ({@code header = false}: the columns are then named {@code
 * column0}, {@code column1}, ...); a first row of numbers where names are expected is refused
 * rather than dropped. Every cell must be a finite number; a bad cell is reported with its
 * one-based line and column and the column's name, quoting at most {@value
 * io.vlogit.internal.text.Excerpt#MAX} characters of it.
 *
 * <p>The label column is chosen by name or by zero-based index (a header that spells the given text
 * wins over an index); by default it is the last column. Labels are 0 or 1 (the binary model), or
 * whole numbers whose sorted distinct values are K ≥ 3 classes, named by their values, or text: the
 * sorted distinct labels are the classes, named by their text (two of them train the binary model,
 * the second in sorted order being 1).
 */
public final class CsvFile {
  private CsvFile() {}

  /** Examples with labels, and the names of the feature columns in order. */
  public record Labeled(Dataset data, List<String> featureNames, String labelName) {}

  /**
   * Every cell of a CSV file as floats, row-major, with each row's line number for messages. The
   * cells are held in blocks of rows ({@link #rowsPerBlock}); a table of more than one block gives
   * its cells to the first dataset or features made of it, a block at a time (so that the file's
   * values are never held twice), and cannot be read again.
   */
  public static final class Table {
    private final String source;
    private final List<String> header;
    private final float[][] blocks;
    private final int rowsPerBlock;
    private final int rows;
    private final long[] lines;
    private final Map<Long, String> texts;
    private final DataFormatException[] notNumbers;
    private boolean given;

    private Table(String source, CsvParser.Cells c) {
      this.source = source;
      this.header = c.header();
      this.blocks = c.blocks();
      this.rowsPerBlock = c.rowsPerBlock();
      this.rows = c.rows();
      this.lines = c.lines();
      this.texts = c.texts();
      this.notNumbers = c.notNumbers();
    }

    /**
     * Throws the first cell (in reading order) that is not a number, of any column but {@code
     * except} (−1: none).
     */
    private void requireNumbers(int except) throws DataFormatException {
      DataFormatException first = null;
      for (int c = 0; c < notNumbers.length; c++) {
        DataFormatException e = notNumbers[c];
        if (c != except && e != null && (first == null || e.line() < first.line())) {
          first = e;
        }
      }
      if (first != null) {
        throw first;
      }
    }

    public List<String> header() {
      return header;
    }

    public int rows() {
      return rows;
    }

    public int columns() {
      return header.size();
    }

    /** Index of the label column given by name or zero-based index; null means the last column. */
    public int labelIndex(String labelColumn) throws DataFormatException {
      if (labelColumn == null) {
        return header.size() - 1;
      }
      int byName = header.indexOf(labelColumn);
      if (byName >= 0) {
        return byName;
      }
      try {
        int index = Integer.parseInt(labelColumn.trim());
        if (index >= 0 && index < header.size()) {
          return index;
        }
      } catch (NumberFormatException notAnIndex) {
        // fall through to the error
      }
      throw new DataFormatException(
          source
              + ": no label column '"
              + labelColumn
              + "' (columns: "
              + String.join(", ", header)
              + "; or a zero-based index below "
              + header.size()
              + ")");
    }

    /** The cell of row r, column c. */
    private float cell(int r, int c) {
      return blocks[r / rowsPerBlock][(r % rowsPerBlock) * header.size() + c];
    }

    /**
     * The rows with column {@code drop} left out (none: −1), as arrays of whole rows: one per block
     * of the table. A table of several blocks gives each up as it is copied.
     */
    private float[][] withoutColumn(int drop) {
      if (given) {
        throw new IllegalStateException(
            source + ": this table's cells already went into a dataset; read the file again");
      }
      int cols = header.size();
      int n = drop < 0 ? cols : cols - 1;
      float[][] out = new float[blocks.length][];
      for (int b = 0; b < blocks.length; b++) {
        float[] cells = blocks[b];
        int count = cells.length / cols;
        float[] x = new float[count * n];
        for (int r = 0; r < count; r++) {
          if (drop < 0) {
            System.arraycopy(cells, r * cols, x, r * n, cols);
          } else {
            System.arraycopy(cells, r * cols, x, r * n, drop);
            System.arraycopy(cells, r * cols + drop + 1, x, r * n + drop, cols - drop - 1);
          }
        }
        out[b] = x;
        if (blocks.length > 1) {
          blocks[b] = null;
          given = true;
        }
      }
      return out;
    }

    /** The label column (see {@link #labelIndex}) as labels and every other column as a feature. */
    public Labeled labeled(String labelColumn) throws DataFormatException {
      int label = labelIndex(labelColumn);
      int cols = header.size();
      if (cols < 2) {
        throw new DataFormatException(
            source + ": needs at least one feature column besides the label");
      }
      requireNumbers(label);
      int n = cols - 1;
      float[] y = new float[rows];
      if (notNumbers[label] != null) {
        return textLabeled(label, y, n);
      }
      for (int r = 0; r < rows; r++) {
        float v = cell(r, label);
        if (!(v >= 0f && v == Math.rint(v))) {
          throw new DataFormatException(
              source
                  + ": line "
                  + lines[r]
                  + ", column "
                  + (label + 1)
                  + " ("
                  + header.get(label)
                  + "): label "
                  + v
                  + " is not 0/1 or a whole number >= 0 (a class)",
              lines[r],
              label + 1);
        }
        y[r] = v;
      }
      List<String> names = new ArrayList<>(header);
      names.remove(label);
      return new Labeled(wrap(withoutColumn(label), y, n), List.copyOf(names), header.get(label));
    }

    /**
     * Labels that are text: the sorted distinct labels are the classes, named by their text
     * (numbers in the column by their value: "3" for 3.0). Two classes are the binary model's, the
     * first 0 and the second 1.
     */
    private Labeled textLabeled(int label, float[] y, int n) throws DataFormatException {
      int cols = header.size();
      String[] names = new String[rows];
      java.util.TreeSet<String> distinct = new java.util.TreeSet<>();
      for (int r = 0; r < rows; r++) {
        String text = texts.get((long) r * cols + label);
        if (text == null) {
          float v = cell(r, label);
          text =
              v == Math.rint(v) && Math.abs(v) < 1e9f ? Long.toString((long) v) : Float.toString(v);
        }
        names[r] = text;
        distinct.add(text);
      }
      List<String> classes = List.copyOf(distinct);
      if (classes.size() < 2) {
        throw new DataFormatException(
            source
                + ": every label is "
                + Excerpt.quoted(classes.get(0))
                + "; training needs two classes at least");
      }
      Map<String, Integer> index = new java.util.HashMap<>();
      for (String c : classes) {
        index.put(c, index.size());
      }
      for (int r = 0; r < rows; r++) {
        y[r] = index.get(names[r]);
      }
      List<String> featureNames = new ArrayList<>(header);
      featureNames.remove(label);
      if (rows == 0) {
        throw new DataFormatException(source + ": has a header but no data rows");
      }
      Dataset d = Dataset.wrap(withoutColumn(label), y, n, classes.size()).withClassNames(classes);
      return new Labeled(d, List.copyOf(featureNames), header.get(label));
    }

    /**
     * The features of each row for a model of {@code n} features: all columns if there are n, or
     * all but the label column (see {@link #labelIndex}) if there are n + 1; in arrays of whole
     * rows, in order (one unless the file is larger than {@link ExampleBlocks#BLOCK_FLOATS} cells).
     */
    public float[][] features(int n, String labelColumn) throws DataFormatException {
      int cols = header.size();
      if (cols == n + 1) {
        int label = labelIndex(labelColumn);
        requireNumbers(label);
        return withoutColumn(label);
      }
      if (cols == n && labelColumn == null) {
        requireNumbers(-1);
        return withoutColumn(-1);
      }
      throw new DataFormatException(
          source
              + ": has "
              + cols
              + " columns; the model needs "
              + n
              + " features ("
              + n
              + " columns, or "
              + (n + 1)
              + " with a label column)");
    }

    private Dataset wrap(float[][] x, float[] y, int n) throws DataFormatException {
      if (rows == 0) {
        throw new DataFormatException(source + ": has a header but no data rows");
      }
      return Labels.classes(x, y, n, true);
    }
  }

  /** Reads {@code path} (UTF-8) with labels; see {@link Table#labeled}. */
  public static Labeled read(Path path, String labelColumn) throws IOException {
    return readTable(path).labeled(labelColumn);
  }

  /** Reads every cell of {@code path} (UTF-8, a header row first). */
  public static Table readTable(Path path) throws IOException {
    return readTable(path, true);
  }

  /**
   * Reads every cell of {@code path} (UTF-8), whose first row names the columns if {@code header}.
   */
  public static Table readTable(Path path, boolean header) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return readTable(r, path.toString(), header);
    } catch (CharacterCodingException e) {
      throw new DataFormatException(
          path + ": is not UTF-8 text (" + e.getMessage() + "); save the file as UTF-8");
    }
  }

  /**
   * Reads every cell from {@code reader}, a header row first; {@code source} names it in messages.
   */
  public static Table readTable(Reader reader, String source) throws IOException {
    return readTable(reader, source, true);
  }

  /** Reads every cell from {@code reader}; {@code source} names it in messages. */
  public static Table readTable(Reader reader, String source, boolean hasHeader)
      throws IOException {
    return new Table(source, CsvParser.read(reader, source, hasHeader));
  }

  /** The same, the cells in blocks of at most {@code blockFloats} (for tests). */
  static Table readTable(Reader reader, String source, boolean hasHeader, int blockFloats)
      throws IOException {
    return new Table(source, CsvParser.read(reader, source, hasHeader, blockFloats));
  }
}
