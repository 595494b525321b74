package io.vlogit.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Training metadata stored with a model: text keys and values, in order. The keys vlogit writes are
 * listed as constants; unknown keys are kept, so a newer vlogit can add keys without a new format
 * version. Keys may not contain '=' or a line break, values may not contain a line break.
 */
public final class ModelMetadata {
  public static final String ITERATIONS = "iterations";
  public static final String SOLVER = "solver";
  public static final String FINAL_COST = "finalCost";
  public static final String KERNEL = "kernel";
  public static final String TRAINED_AT = "trainedAt";
  public static final String VLOGIT_VERSION = "vlogitVersion";

  private static final ModelMetadata EMPTY = new ModelMetadata(new LinkedHashMap<>());

  private final Map<String, String> entries;

  private ModelMetadata(LinkedHashMap<String, String> entries) {
    this.entries = Collections.unmodifiableMap(entries);
  }

  public static ModelMetadata empty() {
    return EMPTY;
  }

  /** Metadata holding {@code entries} in their iteration order. */
  public static ModelMetadata of(Map<String, String> entries) {
    LinkedHashMap<String, String> copy = new LinkedHashMap<>();
    entries.forEach(
        (k, v) -> {
          check(k, v);
          copy.put(k, v);
        });
    return new ModelMetadata(copy);
  }

  /** A copy with {@code key} set to {@code value}. */
  public ModelMetadata with(String key, Object value) {
    String text = String.valueOf(Objects.requireNonNull(value, "value"));
    check(key, text);
    LinkedHashMap<String, String> copy = new LinkedHashMap<>(entries);
    copy.put(key, text);
    return new ModelMetadata(copy);
  }

  /** The value of {@code key}, or null. */
  public String get(String key) {
    return entries.get(key);
  }

  /** All entries, unmodifiable, in order. */
  public Map<String, String> entries() {
    return entries;
  }

  private static void check(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (key.isEmpty()
        || key.indexOf('=') >= 0
        || key.indexOf('\n') >= 0
        || key.indexOf('\r') >= 0) {
      throw new IllegalArgumentException(
          "metadata key '" + key + "' must be non-empty, without '=' or line breaks");
    }
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException(
          "metadata value of '" + key + "' must not contain a line break");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelMetadata other && entries.equals(other.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return entries.toString();
  }
}
