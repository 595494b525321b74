package io.vlogit.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
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
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int CHUNK = 1 << 20;

  /** Largest Java array vlogit allocates. */
  private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  private NpyFile() {}

  /** How the two axes of a matrix map to examples and features. */
  public enum Orientation {
    /** Shape (m, n): one row per example. NumPy and scikit-learn's convention; the default. */
    EXAMPLES_BY_FEATURES,
    /** Shape (n, m): one column per example, as the seed's pseudo-code writes X. */
    FEATURES_BY_EXAMPLES
  }

  /** A matrix in vlogit's layout: example j's n features at {@code values[j*n .. j*n+n)}. */
  public record Matrix(float[] values, int features, int examples) {}

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
      return readHeader(in, path);
    }
  }

  /** Reads a float32 or float64 matrix as examples by features, or as {@code orientation} says. */
  public static Matrix readMatrix(Path path, Orientation orientation) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      Header h = readHeader(in, path);
      Dtype type = Dtype.parse(h.descr(), path, false);
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
      float[] values = new float[(int) h.count()];
      // Walk the file in storage order; (r, c) is the element's row and column.
      // Element (r, c) is feature i = c, example j = r (or the reverse), stored at i + j*n.
      long strideR = examplesByFeatures ? n : 1;
      long strideC = examplesByFeatures ? 1 : n;
      boolean rowFastest = h.fortranOrder();
      readElements(
          in,
          path,
          type,
          h.count(),
          new ElementSink() {
            long r;
            long c;

            @Override
            public void accept(double v) {
              values[(int) (r * strideR + c * strideC)] = (float) v;
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
      return new Matrix(values, n, m);
    }
  }

  /**
   * Reads labels: a 1-D array of m values, or a 2-D array of shape (m, 1) or (1, m); float32,
   * float64, any integer type or bool. Values are not checked here (the Dataset does that, naming
   * the example).
   */
  public static float[] readLabels(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      Header h = readHeader(in, path);
      Dtype type = Dtype.parse(h.descr(), path, true);
      long[] s = h.shape();
      boolean vector = s.length == 1 || (s.length == 2 && (s[0] == 1 || s[1] == 1));
      if (!vector) {
        throw new DataFormatException(
            path
                + ": labels must be a 1-D array of shape (examples,), found shape "
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
            public void accept(double v) {
              values[k++] = (float) v;
            }
          });
      return values;
    }
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
    byte[] header = headerBytes(shape);
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

  /** The magic, version 1.0 and a header dict padded so the data starts on a 64-byte boundary. */
  private static byte[] headerBytes(long[] shape) {
    StringJoiner dims = new StringJoiner(", ", "(", shape.length == 1 ? ",)" : ")");
    for (long d : shape) {
      dims.add(Long.toString(d));
    }
    StringBuilder dict =
        new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': " + dims + ", }");
    int preamble = MAGIC.length + 2 + 2;
    while ((preamble + dict.length() + 1) % 64 != 0) {
      dict.append(' ');
    }
    dict.append('\n');
    byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(preamble + text.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
    return b.array();
  }

  // ---------------------------------------------------------------------------------------------

  private static Header readHeader(InputStream in, Path path) throws IOException {
    byte[] preamble = in.readNBytes(8);
    if (preamble.length < 8 || !Arrays.equals(Arrays.copyOf(preamble, 6), MAGIC)) {
      throw new DataFormatException(
          path + ": not a NumPy .npy file (the magic bytes \\x93NUMPY are missing)");
    }
    int major = preamble[6] & 0xff;
    int minor = preamble[7] & 0xff;
    long headerLength;
    int lengthBytes;
    if (major == 1) {
      byte[] b = in.readNBytes(2);
      if (b.length < 2) {
        throw new DataFormatException(path + ": the .npy header is cut short");
      }
      headerLength = (b[0] & 0xff) | (b[1] & 0xff) << 8;
      lengthBytes = 2;
    } else if (major == 2 || major == 3) {
      byte[] b = in.readNBytes(4);
      if (b.length < 4) {
        throw new DataFormatException(path + ": the .npy header is cut short");
      }
      headerLength = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
      lengthBytes = 4;
    } else {
      throw new DataFormatException(
          path
              + ": .npy format version "
              + major
              + "."
              + minor
              + " is not supported (1.0, 2.0 and 3.0 are)");
    }
    if (headerLength > 1 << 20) {
      throw new DataFormatException(
          path + ": the .npy header claims " + headerLength + " bytes; the file is damaged");
    }
    byte[] text = in.readNBytes((int) headerLength);
    if (text.length < headerLength) {
      throw new DataFormatException(path + ": the .npy header is cut short");
    }
    String dict =
        new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Map<String, Object> fields = new HeaderParser(dict, path).parse();
    Object descr = fields.get("descr");
    Object fortran = fields.get("fortran_order");
    Object shape = fields.get("shape");
    if (!(descr instanceof String) || !(fortran instanceof Boolean) || !(shape instanceof long[])) {
      throw new DataFormatException(
          path
              + ": the .npy header must give 'descr' (a string), 'fortran_order' (True or False) and"
              + " 'shape' (a tuple); found "
              + dict.trim());
    }
    long offset = 8 + lengthBytes + headerLength;
    Header h = new Header((String) descr, (Boolean) fortran, (long[]) shape, offset);
    try {
      if (h.count() > MAX_ELEMENTS) {
        throw new DataFormatException(
            path
                + ": "
                + h
                + " has "
                + h.count()
                + " values; vlogit holds at most "
                + MAX_ELEMENTS
                + " in one array");
      }
    } catch (ArithmeticException overflow) {
      throw new DataFormatException(path + ": the shape " + h.shapeText() + " is too large");
    }
    return h;
  }

  private static void checkSize(Path path, Header h, Dtype type, long fileSize)
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

  private interface ElementSink {
    void accept(double v);
  }

  private static void readElements(
      InputStream in, Path path, Dtype type, long count, ElementSink sink) throws IOException {
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

  /** The element types vlogit reads. */
  private static final class Dtype {
    final char kind;
    final int size;
    final ByteOrder order;

    private Dtype(char kind, int size, ByteOrder order) {
      this.kind = kind;
      this.size = size;
      this.order = order;
    }

    static Dtype parse(String descr, Path path, boolean labels) throws DataFormatException {
      String accepted =
          labels
              ? "float32, float64, integer or bool labels"
              : "float32 (<f4, >f4) or float64 (<f8, >f8)";
      if (descr.length() >= 3) {
        char orderChar = descr.charAt(0);
        char kind = descr.charAt(1);
        int size;
        try {
          size = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
          size = -1;
        }
        ByteOrder order =
            switch (orderChar) {
              case '<' -> ByteOrder.LITTLE_ENDIAN;
              case '>' -> ByteOrder.BIG_ENDIAN;
              case '=', '|' -> ByteOrder.nativeOrder();
              default -> null;
            };
        boolean isFloat = kind == 'f' && (size == 4 || size == 8);
        boolean isInt =
            (kind == 'i' || kind == 'u') && (size == 1 || size == 2 || size == 4 || size == 8);
        boolean isBool = kind == 'b' && size == 1;
        if (order != null && (isFloat || (labels && (isInt || isBool)))) {
          return new Dtype(kind, size, order);
        }
      }
      throw new DataFormatException(
          path + ": dtype '" + descr + "' is not supported; vlogit reads " + accepted);
    }

    double read(ByteBuffer b) {
      return switch (kind) {
        case 'f' -> size == 4 ? b.getFloat() : b.getDouble();
        case 'b' -> b.get() != 0 ? 1 : 0;
        case 'u' ->
            switch (size) {
              case 1 -> b.get() & 0xff;
              case 2 -> b.getShort() & 0xffff;
              case 4 -> b.getInt() & 0xffffffffL;
              default -> unsignedLong(b.getLong());
            };
        default ->
            switch (size) {
              case 1 -> b.get();
              case 2 -> b.getShort();
              case 4 -> b.getInt();
              default -> b.getLong();
            };
      };
    }

    private static double unsignedLong(long v) {
      return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }
  }

  /**
   * Parses the Python dict literal of an .npy header: string keys; string, bool and tuple values.
   */
  private static final class HeaderParser {
    private final String s;
    private final Path path;
    private int p;

    HeaderParser(String s, Path path) {
      this.s = s;
      this.path = path;
    }

    Map<String, Object> parse() throws DataFormatException {
      Map<String, Object> out = new HashMap<>();
      expect('{');
      while (true) {
        skipSpace();
        if (peek() == '}') {
          p++;
          break;
        }
        String key = string();
        expect(':');
        Object value = value();
        if (out.put(key, value) != null) {
          throw damaged("key '" + key + "' appears twice");
        }
        skipSpace();
        if (peek() == ',') {
          p++;
        } else if (peek() != '}') {
          throw damaged("expected ',' or '}' at position " + p);
        }
      }
      skipSpace();
      if (p != s.length()) {
        throw damaged("unexpected text after the dict");
      }
      for (String key : out.keySet()) {
        if (!key.equals("descr") && !key.equals("fortran_order") && !key.equals("shape")) {
          throw damaged("unexpected key '" + key + "'");
        }
      }
      return out;
    }

    private Object value() throws DataFormatException {
      skipSpace();
      char c = peek();
      if (c == '\'' || c == '"') {
        return string();
      }
      if (s.startsWith("True", p)) {
        p += 4;
        return Boolean.TRUE;
      }
      if (s.startsWith("False", p)) {
        p += 5;
        return Boolean.FALSE;
      }
      if (c == '(') {
        return tuple();
      }
      if (c == '[') {
        throw damaged("structured dtypes are not supported");
      }
      throw damaged("unexpected value at position " + p);
    }

    private long[] tuple() throws DataFormatException {
      expect('(');
      long[] dims = new long[0];
      while (true) {
        skipSpace();
        if (peek() == ')') {
          p++;
          return dims;
        }
        int start = p;
        while (p < s.length() && Character.isDigit(s.charAt(p))) {
          p++;
        }
        if (start == p) {
          throw damaged("a shape must hold non-negative integers");
        }
        long d;
        try {
          d = Long.parseLong(s.substring(start, p));
        } catch (NumberFormatException e) {
          throw damaged("dimension " + s.substring(start, p) + " is too large");
        }
        if (p < s.length() && s.charAt(p) == 'L') {
          p++; // Python 2 long literal
        }
        dims = Arrays.copyOf(dims, dims.length + 1);
        dims[dims.length - 1] = d;
        skipSpace();
        if (peek() == ',') {
          p++;
        } else if (peek() != ')') {
          throw damaged("expected ',' or ')' in the shape");
        }
      }
    }

    private String string() throws DataFormatException {
      skipSpace();
      char quote = peek();
      if (quote != '\'' && quote != '"') {
        throw damaged("expected a quoted string at position " + p);
      }
      int end = s.indexOf(quote, p + 1);
      if (end < 0) {
        throw damaged("unterminated string");
      }
      String v = s.substring(p + 1, end);
      p = end + 1;
      return v;
    }

    private void expect(char c) throws DataFormatException {
      skipSpace();
      if (peek() != c) {
        throw damaged("expected '" + c + "' at position " + p);
      }
      p++;
    }

    private char peek() throws DataFormatException {
      if (p >= s.length()) {
        throw damaged("the header ends early");
      }
      return s.charAt(p);
    }

    private void skipSpace() {
      while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
        p++;
      }
    }

    private DataFormatException damaged(String what) {
      return new DataFormatException(path + ": damaged .npy header: " + what);
    }
  }
}
