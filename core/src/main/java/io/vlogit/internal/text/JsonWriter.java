package io.vlogit.internal.text;

/**
 * The one JSON writer of vlogit (model files as JSON, the CLI's reports and evaluations): objects
 * (one member per line when pretty), arrays (on one line), strings, numbers. Floats and doubles are
 * written in Java's shortest round-trip form, so that reading gives back the same bits; non-finite
 * numbers, which JSON cannot represent, are written as null.
 */
public final class JsonWriter {
  private final StringBuilder out = new StringBuilder();
  private final boolean pretty;
  private int depth;
  private boolean needComma;
  private boolean afterName;

  public JsonWriter(boolean pretty) {
    this.pretty = pretty;
  }

  public JsonWriter beginObject() {
    beforeValue();
    out.append('{');
    depth++;
    needComma = false;
    return this;
  }

  public JsonWriter endObject() {
    depth--;
    if (needComma) {
      newline(); // an empty object stays {}
    }
    out.append('}');
    needComma = true;
    return this;
  }

  public JsonWriter beginArray() {
    beforeValue();
    out.append('[');
    needComma = false;
    return this;
  }

  public JsonWriter endArray() {
    out.append(']');
    needComma = true;
    return this;
  }

  public JsonWriter name(String name) {
    if (needComma) {
      out.append(',');
    }
    newline();
    string(name);
    out.append(pretty ? ": " : ":");
    afterName = true;
    return this;
  }

  public JsonWriter value(String s) {
    beforeValue();
    if (s == null) {
      out.append("null");
    } else {
      string(s);
    }
    needComma = true;
    return this;
  }

  public JsonWriter value(double v) {
    beforeValue();
    out.append(Double.isFinite(v) ? Double.toString(v) : "null");
    needComma = true;
    return this;
  }

  public JsonWriter value(float v) {
    beforeValue();
    out.append(Float.isFinite(v) ? Float.toString(v) : "null");
    needComma = true;
    return this;
  }

  public JsonWriter value(long v) {
    beforeValue();
    out.append(v);
    needComma = true;
    return this;
  }

  public JsonWriter value(boolean v) {
    beforeValue();
    out.append(v);
    needComma = true;
    return this;
  }

  public JsonWriter array(double[] values) {
    beginArray();
    for (double v : values) {
      separate();
      out.append(Double.isFinite(v) ? Double.toString(v) : "null");
    }
    return endArray();
  }

  public JsonWriter array(float[] values) {
    beginArray();
    for (float v : values) {
      separate();
      out.append(Float.isFinite(v) ? Float.toString(v) : "null");
    }
    return endArray();
  }

  /** An array of strings. */
  public JsonWriter strings(java.util.List<String> values) {
    beginArray();
    for (String v : values) {
      value(v);
    }
    return endArray();
  }

  /** Before an array element: a comma (and, pretty, a space) after the first. */
  private void separate() {
    if (needComma) {
      out.append(pretty ? ", " : ",");
    }
    needComma = true;
  }

  private void beforeValue() {
    if (afterName) {
      afterName = false;
    } else if (needComma) {
      out.append(',');
    }
  }

  private void newline() {
    if (pretty) {
      out.append('\n').append("  ".repeat(depth));
    }
  }

  private void string(String s) {
    // Escapes what JSON requires: the quote, the backslash and the control characters.
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
