package io.vlogit.io;

import io.vlogit.InvalidDataException;
import io.vlogit.LogisticModel;
import io.vlogit.internal.text.JsonReader;
import io.vlogit.internal.text.JsonWriter;
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
    Object root;
    try {
      root = JsonReader.parse(json);
    } catch (JsonReader.SyntaxError e) {
      throw new ModelFormatException(e.getMessage());
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new ModelFormatException("a vlogit model in JSON is an object");
    }
    for (Object key : map.keySet()) {
      if (!List.of("format", "formatVersion", "features", "weights", "bias", "metadata")
          .contains(key)) {
        throw new ModelFormatException("unknown key \"" + key + "\"");
      }
    }
    if (!(map.get("format") instanceof JsonReader.Text f) || !f.text().equals(FORMAT)) {
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
        if (!(e.getValue() instanceof JsonReader.Text q)) {
          throw new ModelFormatException("metadata \"" + e.getKey() + "\" must be a string");
        }
        meta.put((String) e.getKey(), q.text());
      }
    }
    try {
      return new ModelFile.SavedModel(new LogisticModel(weights, bias), ModelMetadata.of(meta));
    } catch (InvalidDataException | IllegalArgumentException e) {
      // A bad weight, or a metadata key that ModelMetadata refuses.
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
}
