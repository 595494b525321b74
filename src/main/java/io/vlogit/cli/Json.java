package io.vlogit.cli;

/**
 * A minimal streaming JSON writer for vlogit's reports: objects (one member per line when pretty),
 * arrays (on one line), strings, numbers. Non-finite numbers, which JSON cannot represent, are
 * written as null.
 */
final class Json {
  private final StringBuilder out = new StringBuilder();
  private final boolean pretty;
  private int depth;
  private boolean needComma;
  private boolean afterName;

  Json(boolean pretty) {
    this.pretty = pretty;
  }

  Json beginObject() {
    beforeValue();
    out.append('{');
    depth++;
    needComma = false;
    return this;
  }

  Json endObject() {
    depth--;
    newline();
    out.append('}');
    needComma = true;
    return this;
  }

  Json beginArray() {
    beforeValue();
    out.append('[');
    needComma = false;
    return this;
  }

  Json endArray() {
    out.append(']');
    needComma = true;
    return this;
  }

  Json name(String name) {
    if (needComma) {
      out.append(',');
    }
    newline();
    string(name);
    out.append(pretty ? ": " : ":");
    afterName = true;
    return this;
  }

  Json value(String s) {
    beforeValue();
    if (s == null) {
      out.append("null");
    } else {
      string(s);
    }
    needComma = true;
    return this;
  }

  Json value(double v) {
    beforeValue();
    out.append(Double.isFinite(v) ? Double.toString(v) : "null");
    needComma = true;
    return this;
  }

  Json value(float v) {
    beforeValue();
    out.append(Float.isFinite(v) ? Float.toString(v) : "null");
    needComma = true;
    return this;
  }

  Json value(long v) {
    beforeValue();
    out.append(v);
    needComma = true;
    return this;
  }

  Json value(boolean v) {
    beforeValue();
    out.append(v);
    needComma = true;
    return this;
  }

  Json array(double[] values) {
    beginArray();
    for (double v : values) {
      value(v);
    }
    return endArray();
  }

  Json array(float[] values) {
    beginArray();
    for (float v : values) {
      value(v);
    }
    return endArray();
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
