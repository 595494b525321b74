package io.vlogit.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The header of an .npy file: the magic, the version, and the Python dict that describes the array.
 */
final class NpyHeaders {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  private NpyHeaders() {}

  /** The magic, version 1.0 and a header dict padded so the data starts on a 64-byte boundary. */
  static byte[] bytes(long[] shape) {
    return bytes("<f4", shape);
  }

  /** The same for an array of type {@code descr} (for example '<f8', '|u1'). */
  static byte[] bytes(String descr, long[] shape) {
    StringJoiner dims = new StringJoiner(", ", "(", shape.length == 1 ? ",)" : ")");
    for (long d : shape) {
      dims.add(Long.toString(d));
    }
    StringBuilder dict =
        new StringBuilder(
            "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + dims + ", }");
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

  /** The preamble and the header dict of an .npy file, checked against what vlogit can hold. */
  static NpyFile.Header read(InputStream in, Path path) throws IOException {
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
    NpyFile.Header h =
        new NpyFile.Header((String) descr, (Boolean) fortran, (long[]) shape, offset);
    try {
      h.count();
      for (long d : h.shape()) {
        if (d > NpyFile.MAX_ELEMENTS) {
          throw new DataFormatException(
              path
                  + ": "
                  + h
                  + " has a dimension of "
                  + d
                  + "; vlogit holds at most "
                  + NpyFile.MAX_ELEMENTS
                  + " examples, features or labels");
        }
      }
    } catch (ArithmeticException overflow) {
      throw new DataFormatException(path + ": the shape " + h.shapeText() + " is too large");
    }
    return h;
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
