package io.vlogit.internal.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON reader of vlogit: a strict recursive-descent parser of the JSON vlogit reads
 * (objects, arrays, strings, numbers, literals), with the nesting bounded. Numbers are kept as
 * their text, so that a float is parsed once, exactly, by whoever knows its type.
 */
public final class JsonReader {
  /**
   * Objects and arrays nest at most this deep: vlogit's own documents nest 2 deep, and a bound
   * keeps a hostile document from exhausting the stack of the recursive descent.
   */
  static final int MAX_DEPTH = 64;

  private final String s;
  private int p;
  private int depth;

  private JsonReader(String s) {
    this.s = s;
  }

  /**
   * The value of a JSON document: a Map (keys in order, a key twice is an error), a List, a {@link
   * Text}, a number as the String of its digits, a Boolean or null.
   */
  public static Object parse(String json) throws SyntaxError {
    return new JsonReader(json).document();
  }

  private Object document() throws SyntaxError {
    Object v = value();
    space();
    if (p != s.length()) {
      throw error("unexpected text after the JSON value");
    }
    return v;
  }

  private Object value() throws SyntaxError {
    if (++depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH + " levels");
    }
    try {
      return valueAt();
    } finally {
      depth--;
    }
  }

  private Object valueAt() throws SyntaxError {
    space();
    if (p >= s.length()) {
      throw error("the JSON ends early");
    }
    char c = s.charAt(p);
    switch (c) {
      case '{' -> {
        p++;
        Map<String, Object> map = new LinkedHashMap<>();
        space();
        if (peek('}')) {
          p++;
          return map;
        }
        while (true) {
          space();
          if (!peek('"')) {
            throw error("expected a key");
          }
          String key = quoted();
          space();
          expect(':');
          Object v = value();
          if (map.put(key, v) != null) {
            throw error("key \"" + key + "\" appears twice");
          }
          space();
          if (peek(',')) {
            p++;
          } else {
            expect('}');
            return map;
          }
        }
      }
      case '[' -> {
        p++;
        List<Object> list = new ArrayList<>();
        space();
        if (peek(']')) {
          p++;
          return list;
        }
        while (true) {
          list.add(value());
          space();
          if (peek(',')) {
            p++;
          } else {
            expect(']');
            return list;
          }
        }
      }
      case '"' -> {
        return new Text(quoted());
      }
      default -> {
        int start = p;
        while (p < s.length() && "+-0123456789.eE".indexOf(s.charAt(p)) >= 0) {
          p++;
        }
        if (start == p) {
          for (String literal : new String[] {"true", "false", "null"}) {
            if (s.startsWith(literal, p)) {
              p += literal.length();
              return literal.equals("null") ? null : Boolean.valueOf(literal);
            }
          }
          throw error("unexpected character '" + c + "'");
        }
        return s.substring(start, p);
      }
    }
  }

  private String quoted() throws SyntaxError {
    p++;
    StringBuilder out = new StringBuilder();
    while (p < s.length()) {
      char c = s.charAt(p++);
      if (c == '"') {
        return out.toString();
      }
      if (c == '\\') {
        if (p >= s.length()) {
          break;
        }
        char e = s.charAt(p++);
        switch (e) {
          case '"', '\\', '/' -> out.append(e);
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            if (p + 4 > s.length()) {
              throw error("a \\u escape is cut short");
            }
            try {
              out.append((char) Integer.parseInt(s.substring(p, p + 4), 16));
            } catch (NumberFormatException x) {
              throw error("a \\u escape is not hexadecimal");
            }
            p += 4;
          }
          default -> throw error("unknown escape \\" + e);
        }
      } else {
        out.append(c);
      }
    }
    throw error("a string is not closed");
  }

  private boolean peek(char c) {
    return p < s.length() && s.charAt(p) == c;
  }

  private void expect(char c) throws SyntaxError {
    if (!peek(c)) {
      throw error("expected '" + c + "'");
    }
    p++;
  }

  private void space() {
    while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
      p++;
    }
  }

  private SyntaxError error(String what) {
    return new SyntaxError("invalid JSON at character " + p + ": " + what);
  }

  /**
   * A JSON string value (numbers are kept as their text, so that floats are parsed once, exactly).
   */
  public record Text(String text) {
    /** As it stood in the JSON, cut short if long: what error messages quote. */
    @Override
    public String toString() {
      return "\"" + Excerpt.of(text) + "\"";
    }
  }

  /** A document that is not JSON, or not JSON this reader takes; the message says where. */
  public static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message) {
      super(message);
    }
  }
}
