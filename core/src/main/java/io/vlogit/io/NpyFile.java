package io.vlogit.io;

import io.vlogit.Dataset;
import io.vlogit.ExampleStream;
import io.vlogit.internal.train.ExampleBlocks;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.StringJoiner;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0).
 *
 * <p>Matrices (X) are float32 or float64, C or Fortran order, little- or big-endian, and are read
 * into vlogit's column-major layout ({@code x[i + j*n]}, example j's features contiguous). By
 * default a matrix has shape (m examples, n features), the NumPy and scikit-learn convention: a
 * C-order file is then already in vlogit's layout and a Fortran-order one is transposed while it is
 * read. {@link Orientation#FEATURES_BY_EXAMPLES} accepts the (n, m) orientation instead.
 *
 * <p>Labels may also be stored as integers or booleans, as scikit-learn users often have them.
 * Anything else (float16, complex, structured or object arrays, other shapes, a damaged header, a
 * file shorter or longer than its header says) is a {@link DataFormatException} naming the file.
 */
public final class NpyFile {
  private static final int CHUNK = 1 << 20;

  /** Largest Java array vlogit allocates. */
  static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  private NpyFile() {}

  /** How the two axes of a matrix map to examples and features. */
  public enum Orientation {
    /** Shape (m, n): one row per example. NumPy and scikit-learn's convention; the default. */
    EXAMPLES_BY_FEATURES,
    /** Shape (n, m): one column per example, as textbook pseudo-code writes X. */
    FEATURES_BY_EXAMPLES
  }

  /**
   * A matrix in vlogit's layout, in one or more arrays of whole examples: example j's n features
   * contiguous, the examples in order across the arrays ({@link Dataset#wrap(float[][], float[],
   * int, int)} takes them as they are).
   */
  public record Matrix(float[][] blocks, int features, int examples) {
    /**
     * The values in one array: example j's n features at {@code values()[j*n .. j*n+n)}.
     *
     * @throws IllegalStateException if the matrix is in several arrays (more than one Java array
     *     holds)
     */
    public float[] values() {
      if (blocks.length != 1) {
        throw new IllegalStateException(
            "the matrix is in "
                + blocks.length
                + " arrays (more than one array holds): use blocks()");
      }
      return blocks[0];
    }
  }

  /** The parsed header of an .npy file. */
  public record Header(String descr, boolean fortranOrder, long[] shape, long dataOffset) {
    /** Number of elements: the product of the shape. */
    public long count() {
      long c = 1;
      for (long d : shape) {
        c = Math.multiplyExact(c, d);
      }
      return c;
    }

    String shapeText() {
      StringJoiner j = new StringJoiner(", ", "(", shape.length == 1 ? ",)" : ")");
      for (long d : shape) {
        j.add(Long.toString(d));
      }
      return j.toString();
    }

    @Override
    public String toString() {
      return "dtype "
          + descr
          + ", shape "
          + shapeText()
          + (fortranOrder ? ", Fortran order" : ", C order");
    }
  }

  /** Reads the header of {@code path}. */
  public static Header readHeader(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return NpyHeaders.read(in, path);
    }
  }

  /**
   * Reads a float32 or float64 matrix as examples by features, or as {@code orientation} says: into
   * one array if it holds the values, else into arrays of {@link #examplesPerArray} examples.
   */
  public static Matrix readMatrix(Path path, Orientation orientation) throws IOException {
    return readMatrix(path, orientation, 0);
  }

  /**
   * Examples per array for a matrix of n features too large for one array: a power of two, at most
   * 2²⁶ floats (256 MiB) per array, so that the heap finds room for each.
   */
  public static int examplesPerArray(int n) {
    return ExampleBlocks.examplesPerBlock(n, ExampleBlocks.BLOCK_FLOATS);
  }

  /**
   * The same, read into arrays of {@code perArray} examples (the last may hold fewer), whatever the
   * size; 0 chooses as {@link #readMatrix(Path, Orientation)} does.
   */
  public static Matrix readMatrix(Path path, Orientation orientation, int perArray)
      throws IOException {
    if (perArray < 0) {
      throw new IllegalArgumentException("examples per array must be >= 0 (got " + perArray + ")");
    }
    try (InputStream in = Files.newInputStream(path)) {
      Header h = NpyHeaders.read(in, path);
      NpyDtype type = NpyDtype.parse(h.descr(), path, false);
      if (h.shape().length != 2) {
        throw new DataFormatException(
            path
                + ": X must be a 2-D array of shape (examples, features), found shape "
                + h.shapeText());
      }
      long rows = h.shape()[0];
      long cols = h.shape()[1];
      checkSize(path, h, type, Files.size(path));
      boolean examplesByFeatures = orientation == Orientation.EXAMPLES_BY_FEATURES;
      int n = (int) (examplesByFeatures ? cols : rows);
      int m = (int) (examplesByFeatures ? rows : cols);
      if (n == 0 || m == 0) {
        return new Matrix(new float[][] {new float[0]}, n, m); // the Dataset says what is missing
      }
      int per = perArray > 0 ? perArray : h.count() <= MAX_ELEMENTS ? m : examplesPerArray(n);
      float[][] blocks = new float[(m + per - 1) / per][];
      for (int b = 0; b < blocks.length; b++) {
        blocks[b] = new float[Math.multiplyExact(Math.min(per, m - b * per), n)];
      }
      if (examplesByFeatures && !h.fortranOrder() && type.size == 4) {
        readInOrder(path, h.dataOffset(), type, blocks);
        return new Matrix(blocks, n, m);
      }
      // Walk the file in storage order; (r, c) is the element's row and column. Element (r, c) is
      // feature i = c, example j = r (or the reverse): at i + (j mod per)·n in array j / per.
      boolean rowFastest = h.fortranOrder();
      readElements(
          in,
          path,
          type,
          h.count(),
          new ElementSink() {
            long r;
            long c;
            // In storage order when the file is C order of shape (examples, features): the next
            // value's array and place there.
            final boolean inOrder = examplesByFeatures && !rowFastest;
            int block;
            int at;

            @Override
            public void accept(double v) {
              if (inOrder) {
                if (at == blocks[block].length) {
                  block++;
                  at = 0;
                }
                blocks[block][at++] = (float) v;
                return;
              }
              int j = (int) (examplesByFeatures ? r : c);
              int i = (int) (examplesByFeatures ? c : r);
              blocks[j / per][(j % per) * n + i] = (float) v;
              if (rowFastest) {
                if (++r == rows) {
                  r = 0;
                  c++;
                }
              } else if (++c == cols) {
                c = 0;
                r++;
              }
            }
          });
      return new Matrix(blocks, n, m);
    }
  }

  /**
   * Reads labels: a 1-D array of m values, or a 2-D array of shape (m, 1) or (1, m); float32,
   * float64, any integer type or bool. A value that float cannot hold exactly (a float64 label of
   * 1.0000000001) is refused here, naming the example; whether the values are classes the Dataset
   * checks.
   */
  public static float[] readLabels(Path path) throws IOException {
    return readVector(path, true);
  }

  /**
   * A vector of floats, one per example (sample weights, for example): float32, float64, integer or
   * bool, of shape (m,), (m, 1) or (1, m); float64 values are rounded to float.
   */
  public static float[] readVector(Path path) throws IOException {
    return readVector(path, false);
  }

  private static float[] readVector(Path path, boolean labels) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      Header h = NpyHeaders.read(in, path);
      NpyDtype type = NpyDtype.parse(h.descr(), path, true);
      long[] s = h.shape();
      boolean vector = s.length == 1 || (s.length == 2 && (s[0] == 1 || s[1] == 1));
      if (!vector) {
        throw new DataFormatException(
            path
                + ": "
                + (labels ? "labels" : "a vector")
                + " must be a 1-D array of shape (examples,), found shape "
                + h.shapeText());
      }
      checkSize(path, h, type, Files.size(path));
      float[] values = new float[(int) h.count()];
      readElements(
          in,
          path,
          type,
          h.count(),
          new ElementSink() {
            int k;

            @Override
            public void accept(double v) throws DataFormatException {
              if (labels && (double) (float) v != v) {
                // 1.0000000001 would round to the label 1: a label is a class, not a measurement.
                throw new DataFormatException(
                    path + ": example " + k + ": label " + v + " is not 0 or 1");
              }
              values[k++] = (float) v;
            }
          });
      return values;
    }
  }

  /**
   * Opens a matrix of shape (examples, features) in C order, float32 or float64, and its labels (as
   * {@link #readLabels} takes them) for training block by block without loading them ({@link
   * io.vlogit.LogisticRegression#fit(io.vlogit.ExampleStream)}): by default, blocks of a power of
   * two examples, at most 2²⁴ floats (64 MiB) and at most an eighth of the heap. The labels are
   * read once here, to find the classes (0/1: the binary model; else 0..K−1, K their largest + 1).
   */
  public static ExampleStream stream(Path x, Path y) throws IOException {
    return new NpyStream(x, y, null, 0);
  }

  /** The same with blocks of {@code examplesPerBlock} examples, a power of two. */
  public static ExampleStream stream(Path x, Path y, int examplesPerBlock) throws IOException {
    if (examplesPerBlock < 1) {
      throw new IllegalArgumentException(
          "examples per block must be a power of two (got " + examplesPerBlock + ")");
    }
    return new NpyStream(x, y, null, examplesPerBlock);
  }

  /**
   * The same with sample weights, one per example, from the vector {@code weights} (as {@link
   * #readVector} takes it; null for none), in blocks of {@code examplesPerBlock} examples (a power
   * of two), or 0 for the default.
   */
  public static ExampleStream stream(Path x, Path y, Path weights, int examplesPerBlock)
      throws IOException {
    if (examplesPerBlock < 0) {
      throw new IllegalArgumentException(
          "examples per block must be a power of two, or 0 (got " + examplesPerBlock + ")");
    }
    return new NpyStream(x, y, weights, examplesPerBlock);
  }

  /** Writes a little-endian float32 array of the given shape (C order) atomically. */
  public static void write(Path path, float[] data, long... shape) throws IOException {
    long count = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      count *= d;
    }
    if (count != data.length) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " holds "
              + count
              + " values, the data has "
              + data.length);
    }
    byte[] header = NpyHeaders.bytes(shape);
    AtomicFiles.write(
        path,
        raw -> {
          OutputStream out = new BufferedOutputStream(raw, CHUNK);
          out.write(header);
          ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
          for (float v : data) {
            if (!buf.hasRemaining()) {
              out.write(buf.array(), 0, buf.position());
              buf.clear();
            }
            buf.putFloat(v);
          }
          out.write(buf.array(), 0, buf.position());
          out.flush();
        });
  }

  static void checkSize(Path path, Header h, NpyDtype type, long fileSize)
      throws DataFormatException {
    long expected = h.dataOffset() + h.count() * type.size;
    if (fileSize != expected) {
      throw new DataFormatException(
          path
              + ": "
              + h
              + " needs "
              + expected
              + " bytes but the file has "
              + fileSize
              + (fileSize < expected ? " (truncated)" : " (trailing bytes)"));
    }
  }

  /**
   * float32 values in the arrays' own order (a C-order matrix of shape (examples, features)), from
   * byte {@code offset} of the file: read in chunks into a direct buffer and copied from there in
   * bulk, far faster than value by value.
   */
  private static void readInOrder(Path path, long offset, NpyDtype type, float[][] blocks)
      throws IOException {
    ByteBuffer bytes = ByteBuffer.allocateDirect(CHUNK).order(type.order);
    FloatBuffer floats = bytes.asFloatBuffer();
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long position = offset;
      for (float[] block : blocks) {
        for (int at = 0; at < block.length; ) {
          int count = Math.min(CHUNK / 4, block.length - at);
          bytes.clear().limit(4 * count);
          while (bytes.hasRemaining()) {
            if (channel.read(bytes, position + bytes.position()) < 0) {
              throw new DataFormatException(path + ": the data ends early");
            }
          }
          floats.get(0, block, at, count);
          position += 4L * count;
          at += count;
        }
      }
    }
  }

  private interface ElementSink {
    void accept(double v) throws DataFormatException;
  }

  private static void readElements(
      InputStream in, Path path, NpyDtype type, long count, ElementSink sink) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(type.order);
    long remaining = count;
    while (remaining > 0) {
      int want = (int) Math.min(remaining * type.size, CHUNK - (long) buf.position());
      int got = in.readNBytes(buf.array(), buf.position(), want);
      if (got < want) {
        throw new DataFormatException(path + ": the data ends early");
      }
      buf.position(buf.position() + got);
      buf.flip();
      while (buf.remaining() >= type.size) {
        sink.accept(type.read(buf));
        remaining--;
      }
      buf.compact();
    }
  }
}
