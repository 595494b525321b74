package io.vlogit.io;

import io.vlogit.LogisticModel;
import io.vlogit.internal.text.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model as JSON, for inspection, diffs in review, and other languages:
 *
 * <pre>
 * {"format": "vlogit-model", "formatVersion": 1, "features": 3,
 *  "weights": [0.5, -1.25, 3.0E-8], "bias": -0.75, "metadata": {"epochs": "1000"}}
 * </pre>
 *
 * Numbers are written in Java's shortest round-trip form for float, so reading gives back the same
 * bits. Reading is strict: every key must be one of these, the weights exactly {@code features}
 * finite floats; anything else is a {@link ModelFormatException} that says what, never a model with
 * wrong values.
 */
public final class ModelJson {
  public static final String FORMAT = "vlogit-model";

  private ModelJson() {}

  /**
   * The JSON text of a model and its metadata (indented, one key per line, weights on one line).
   */
  public static String write(LogisticModel model, ModelMetadata metadata) {
    JsonWriter j =
        new JsonWriter(true)
            .beginObject()
            .name("format")
            .value(FORMAT)
            .name("formatVersion")
            .value(ModelFile.VERSION)
            .name("features")
            .value(model.features())
            .name("weights")
            .array(model.weights())
            .name("bias")
            .value(model.bias())
            .name("metadata")
            .beginObject();
    for (Map.Entry<String, String> e : metadata.entries().entrySet()) {
      j.name(e.getKey()).value(e.getValue());
    }
    return j.endObject().endObject() + "\n";
  }

  /** Parses {@link #write}'s format. */
  public static ModelFile.SavedModel read(String json) throws ModelFormatException {
    Object root = new Parser(json).document();
    if (!(root instanceof Map<?, ?> map)) {
      throw new ModelFormatException("a vlogit model in JSON is an object");
    }
    for (Object key : map.keySet()) {
      if (!List.of("format", "formatVersion", "features", "weights", "bias", "metadata")
          .contains(key)) {
        throw new ModelFormatException("unknown key \"" + key + "\"");
      }
    }
    if (!(map.get("format") instanceof Quoted f) || !f.text.equals(FORMAT)) {
      throw new ModelFormatException(
          "\"format\" must be \"" + FORMAT + "\" (got " + map.get("format") + ")");
    }
    if (!(map.get("formatVersion") instanceof String v)
        || !v.equals(Integer.toString(ModelFile.VERSION))) {
      throw new ModelFormatException(
          "\"formatVersion\" "
              + map.get("formatVersion")
              + " is not supported (this vlogit reads "
              + ModelFile.VERSION
              + ")");
    }
    int n;
    try {
      n = Integer.parseInt(String.valueOf(map.get("features")));
    } catch (NumberFormatException e) {
      throw new ModelFormatException(
          "\"features\" must be a whole number (got " + map.get("features") + ")");
    }
    if (!(map.get("weights") instanceof List<?> list)) {
      throw new ModelFormatException("\"weights\" must be an array");
    }
    if (list.size() != n) {
      throw new ModelFormatException(
          "\"weights\" has " + list.size() + " numbers but \"features\" is " + n);
    }
    float[] weights = new float[n];
    for (int i = 0; i < n; i++) {
      weights[i] = number(list.get(i), "weights[" + i + "]");
    }
    float bias = number(map.get("bias"), "bias");
    Map<String, String> meta = new LinkedHashMap<>();
    Object m = map.get("metadata");
    if (m != null) {
      if (!(m instanceof Map<?, ?> entries)) {
        throw new ModelFormatException("\"metadata\" must be an object of strings");
      }
      for (Map.Entry<?, ?> e : entries.entrySet()) {
        if (!(e.getValue() instanceof Quoted q)) {
          throw new ModelFormatException("metadata \"" + e.getKey() + "\" must be a string");
        }
        meta.put((String) e.getKey(), q.text);
      }
    }
    try {
      return new ModelFile.SavedModel(new LogisticModel(weights, bias), ModelMetadata.of(meta));
    } catch (IllegalArgumentException e) {
      // InvalidDataException (a bad weight) or a metadata key that ModelMetadata refuses.
      throw new ModelFormatException("invalid model: " + e.getMessage());
    }
  }

  private static float number(Object value, String what) throws ModelFormatException {
    if (!(value instanceof String text)) {
      throw new ModelFormatException("\"" + what + "\" must be a number (got " + value + ")");
    }
    float f;
    try {
      f = Float.parseFloat(text);
    } catch (NumberFormatException e) {
      throw new ModelFormatException("\"" + what + "\" must be a number (got " + text + ")");
    }
    if (!Float.isFinite(f)) {
      throw new ModelFormatException("\"" + what + "\" = " + text + " is not a finite float");
    }
    return f;
  }

  /**
   * A JSON string value (numbers are kept as their text, so that floats are parsed once, exactly).
   */
  private record Quoted(String text) {
    /** As it stood in the JSON, cut short if long: what error messages quote. */
    @Override
    public String toString() {
      return "\"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
    }
  }

  /** A strict parser for the JSON this class needs: objects, arrays, strings, numbers, literals. */
  private static final class Parser {
    private final String s;
    private int p;

    Parser(String s) {
      this.s = s;
    }

    Object document() throws ModelFormatException {
      Object v = value();
      space();
      if (p != s.length()) {
        throw error("unexpected text after the JSON value");
      }
      return v;
    }

    private Object value() throws ModelFormatException {
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
          return new Quoted(quoted());
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

    private String quoted() throws ModelFormatException {
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

    private void expect(char c) throws ModelFormatException {
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

    private ModelFormatException error(String what) {
      return new ModelFormatException("invalid JSON at character " + p + ": " + what);
    }
  }
}
