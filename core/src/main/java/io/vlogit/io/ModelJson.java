package io.vlogit.io;

import io.vlogit.InvalidDataException;
import io.vlogit.LogisticModel;
import io.vlogit.MultinomialModel;
import io.vlogit.internal.text.Excerpt;
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
 *  "weights": [0.5, 0.0, 3.0E-8], "bias": -0.75, "nonZeroWeights": 2,
 *  "metadata": {"epochs": "1000"}}
 * </pre>
 *
 * A multinomial model (format version 2) has its classes' names, a row of weights per class and a
 * bias per class:
 *
 * <pre>
 * {"format": "vlogit-model", "formatVersion": 2, "features": 2, "classes": ["cat", "dog", "eel"],
 *  "weights": [[0.5, -1.0], [0.25, 2.0], [-0.75, -1.0]], "bias": [0.1, -0.2, 0.1],
 *  "nonZeroWeights": 6, "metadata": {}}
 * </pre>
 *
 * {@code nonZeroWeights} counts the weights that are not 0 (the features an L1-trained model kept),
 * for readers; it is derived from the weights, optional when read, and must agree with them when
 * given.
 *
 * <p>Numbers are written in Java's shortest round-trip form for float, so reading gives back the
 * same bits. Reading is strict: every key must be one of these, each row of weights exactly {@code
 * features} finite floats; anything else is a {@link ModelFormatException} that says what, never a
 * model with wrong values.
 */
public final class ModelJson {
  public static final String FORMAT = "vlogit-model";

  private ModelJson() {}

  /**
   * The JSON text of a model and its metadata (indented, one key per line, weights on one line).
   */
  public static String write(LogisticModel model, ModelMetadata metadata) {
    JsonWriter j =
        header(ModelFile.VERSION, model.features())
            .name("weights")
            .array(model.weights())
            .name("bias")
            .value(model.bias())
            .name("nonZeroWeights")
            .value(model.nonZeroWeights())
            .name("metadata")
            .beginObject();
    for (Map.Entry<String, String> e : metadata.entries().entrySet()) {
      j.name(e.getKey()).value(e.getValue());
    }
    return j.endObject().endObject() + "\n";
  }

  /** The JSON text of a multinomial model and its metadata (format version 2). */
  public static String write(MultinomialModel model, ModelMetadata metadata) {
    JsonWriter j =
        header(ModelFile.MULTINOMIAL_VERSION, model.features())
            .name("classes")
            .strings(model.classNames())
            .name("weights")
            .beginArray();
    for (float[] row : model.weights()) {
      j.array(row);
    }
    j.endArray()
        .name("bias")
        .array(model.biases())
        .name("nonZeroWeights")
        .value(model.nonZeroWeights())
        .name("metadata")
        .beginObject();
    for (Map.Entry<String, String> e : metadata.entries().entrySet()) {
      j.name(e.getKey()).value(e.getValue());
    }
    return j.endObject().endObject() + "\n";
  }

  private static JsonWriter header(int version, int features) {
    return new JsonWriter(true)
        .beginObject()
        .name("format")
        .value(FORMAT)
        .name("formatVersion")
        .value(version)
        .name("features")
        .value(features);
  }

  /** The JSON text of either model of {@code saved}. */
  public static String write(ModelFile.SavedModel saved) {
    return saved.multinomial()
        ? write(saved.multinomialModel(), saved.metadata())
        : write(saved.model(), saved.metadata());
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
    if (!(map.get("format") instanceof JsonReader.Text f) || !f.text().equals(FORMAT)) {
      throw new ModelFormatException(
          "\"format\" must be \"" + FORMAT + "\" (got " + map.get("format") + ")");
    }
    boolean multinomial =
        Integer.toString(ModelFile.MULTINOMIAL_VERSION).equals(map.get("formatVersion"));
    if (!multinomial && !Integer.toString(ModelFile.VERSION).equals(map.get("formatVersion"))) {
      throw new ModelFormatException(
          "\"formatVersion\" "
              + map.get("formatVersion")
              + " is not supported (this vlogit reads "
              + ModelFile.VERSION
              + " and "
              + ModelFile.MULTINOMIAL_VERSION
              + ")");
    }
    List<String> keys =
        List.of(
            "format", "formatVersion", "features", "weights", "bias", "nonZeroWeights", "metadata");
    for (Object key : map.keySet()) {
      if (!keys.contains(key) && !(multinomial && key.equals("classes"))) {
        throw new ModelFormatException("unknown key \"" + key + "\"");
      }
    }
    int n;
    try {
      n = Integer.parseInt(String.valueOf(map.get("features")));
    } catch (NumberFormatException e) {
      throw new ModelFormatException(
          "\"features\" must be a whole number (got " + map.get("features") + ")");
    }
    ModelMetadata metadata = metadata(map.get("metadata"));
    ModelFile.SavedModel saved;
    if (multinomial) {
      saved = multinomial(map, n, metadata);
    } else {
      float[] weights = numbers(map.get("weights"), n, "weights");
      float bias = number(map.get("bias"), "bias");
      try {
        saved = new ModelFile.SavedModel(new LogisticModel(weights, bias), metadata);
      } catch (InvalidDataException e) {
        throw new ModelFormatException("invalid model: " + e.getMessage());
      }
    }
    Object count = map.get("nonZeroWeights");
    int actual =
        multinomial ? saved.multinomialModel().nonZeroWeights() : saved.model().nonZeroWeights();
    if (count != null && !Integer.toString(actual).equals(count)) {
      throw new ModelFormatException(
          "\"nonZeroWeights\" is "
              + count
              + " but "
              + actual
              + " of the weights are not 0: it counts them, and must agree");
    }
    return saved;
  }

  private static ModelFile.SavedModel multinomial(Map<?, ?> map, int n, ModelMetadata metadata)
      throws ModelFormatException {
    if (!(map.get("classes") instanceof List<?> classes)) {
      throw new ModelFormatException("\"classes\" must be an array of the classes' names");
    }
    List<String> names = new java.util.ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      if (!(classes.get(c) instanceof JsonReader.Text name)) {
        throw new ModelFormatException("\"classes[" + c + "]\" must be a string");
      }
      names.add(name.text());
    }
    int k = names.size();
    if (!(map.get("weights") instanceof List<?> rows) || rows.size() != k) {
      throw new ModelFormatException(
          "\"weights\" must be an array of " + k + " rows, one per class");
    }
    float[][] weights = new float[k][];
    for (int c = 0; c < k; c++) {
      weights[c] = numbers(rows.get(c), n, "weights[" + c + "]");
    }
    float[] biases = numbers(map.get("bias"), k, "bias");
    try {
      return new ModelFile.SavedModel(new MultinomialModel(weights, biases, names), metadata);
    } catch (InvalidDataException e) {
      throw new ModelFormatException("invalid model: " + e.getMessage());
    }
  }

  /** {@code count} finite floats from a JSON array. */
  private static float[] numbers(Object value, int count, String what) throws ModelFormatException {
    if (!(value instanceof List<?> list)) {
      throw new ModelFormatException("\"" + what + "\" must be an array");
    }
    if (list.size() != count) {
      throw new ModelFormatException(
          "\""
              + what
              + "\" has "
              + list.size()
              + " numbers but "
              + (what.startsWith("bias")
                  ? "there are " + count + " classes"
                  : "\"features\" is " + count));
    }
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      out[i] = number(list.get(i), what + "[" + i + "]");
    }
    return out;
  }

  private static ModelMetadata metadata(Object m) throws ModelFormatException {
    Map<String, String> meta = new LinkedHashMap<>();
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
      return ModelMetadata.of(meta);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException("invalid metadata: " + e.getMessage());
    }
  }

  private static float number(Object value, String what) throws ModelFormatException {
    if (!(value instanceof String text)) {
      throw new ModelFormatException(
          "\"" + what + "\" must be a number (got " + Excerpt.quoted(String.valueOf(value)) + ")");
    }
    float f;
    try {
      f = Float.parseFloat(text);
    } catch (NumberFormatException e) {
      throw new ModelFormatException(
          "\"" + what + "\" must be a number (got " + Excerpt.quoted(text) + ")");
    }
    if (!Float.isFinite(f)) {
      throw new ModelFormatException(
          "\"" + what + "\" = " + Excerpt.quoted(text) + " is not a finite float");
    }
    return f;
  }
}
