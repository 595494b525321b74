package io.vlogit.internal.text;

/** How much of an offending value an error message quotes: a short prefix, never the whole. */
public final class Excerpt {
  /** Characters quoted at most. */
  public static final int MAX = 40;

  private Excerpt() {}

  /** {@code text}, or its first {@value #MAX} characters and an ellipsis. */
  public static String of(String text) {
    return text.length() <= MAX ? text : text.substring(0, MAX) + "…";
  }

  /** {@code 'text'}, or its excerpt in quotes and how long it is. */
  public static String quoted(String text) {
    return "'" + of(text) + (text.length() > MAX ? "' (" + text.length() + " characters)" : "'");
  }
}
