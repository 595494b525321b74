package io.vlogit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.vlogit.LogisticModel;
import io.vlogit.MultinomialModel;
import io.vlogit.testing.Cases;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Damaged model files: random truncation, random bit flips, a wrong version, a wrong length, a
 * wrong magic. The reader always throws ModelFormatException; it never returns a model, let alone
 * one with wrong values. (A random corruption that kept the CRC-32C would get through with
 * probability 2^−32 per case; none of these cases does.)
 */
class ModelFuzzTest {
  enum Damage {
    TRUNCATE,
    FLIP_BITS,
    VERSION,
    LENGTH,
    MAGIC,
    APPEND
  }

  record Case(byte[] bytes, Damage damage, String detail) {
    @Override
    public String toString() {
      return damage + " " + detail + " (" + bytes.length + " bytes)";
    }
  }

  static Case random(Random r) {
    float[] w = new float[1 + r.nextInt(40)];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextGaussian();
    }
    ModelMetadata meta =
        ModelMetadata.empty()
            .with(ModelMetadata.ITERATIONS, r.nextInt(1000))
            .with("note", "ü" + r.nextInt());
    boolean multinomial = r.nextBoolean();
    byte[] good;
    if (multinomial) {
      int k = 3 + r.nextInt(5);
      float[][] rows = new float[k][];
      float[] biases = new float[k];
      List<String> names = new java.util.ArrayList<>();
      for (int c = 0; c < k; c++) {
        rows[c] = w.clone();
        rows[c][0] += c;
        biases[c] = (float) r.nextGaussian();
        names.add("class " + c + (r.nextBoolean() ? "ü" : ""));
      }
      good = ModelFile.toBytes(new MultinomialModel(rows, biases, names), meta);
    } else {
      good = ModelFile.toBytes(new LogisticModel(w, (float) r.nextGaussian()), meta);
    }
    Damage damage = Cases.oneOf(r, Damage.class);
    byte[] b = good.clone();
    String detail;
    switch (damage) {
      case TRUNCATE -> {
        int keep = r.nextInt(good.length);
        b = Arrays.copyOf(good, keep);
        detail = "to " + keep;
      }
      case FLIP_BITS -> {
        int flips = 1 + r.nextInt(8);
        StringBuilder where = new StringBuilder();
        for (int k = 0; k < flips; k++) {
          int bit = r.nextInt(8 * b.length);
          b[bit / 8] ^= (byte) (1 << (bit % 8));
          where.append(bit).append(' ');
        }
        detail = "bits " + where;
        if (Arrays.equals(b, good)) { // the flips cancelled out
          b[0] ^= 1;
        }
      }
      case VERSION -> {
        int version =
            r.nextInt(3) == 0 ? 0 : r.nextBoolean() ? (multinomial ? 1 : 2) : 3 + r.nextInt(1000);
        java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(8, version);
        detail = "version " + version;
      }
      case LENGTH -> {
        // n or the metadata length; version 2 also K and the names' length
        int field = multinomial ? 12 + 4 * r.nextInt(4) : r.nextBoolean() ? 12 : 16;
        int value = r.nextInt();
        java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(field, value);
        detail = "header field at " + field + " = " + Integer.toUnsignedString(value);
        if (Arrays.equals(b, good)) {
          b[field] ^= 1;
        }
      }
      case MAGIC -> {
        int at = r.nextInt(8);
        b[at] = (byte) (b[at] + 1 + r.nextInt(255));
        detail = "byte " + at;
      }
      default -> {
        byte[] longer = Arrays.copyOf(good, good.length + 1 + r.nextInt(16));
        b = longer;
        detail = "+" + (longer.length - good.length);
      }
    }
    return new Case(b, damage, detail);
  }

  @TestFactory
  Stream<DynamicTest> everyDamagedFileIsRefused() {
    return Cases.check(
        2000,
        ModelFuzzTest::random,
        c -> {
          try {
            ModelFile.SavedModel model = ModelFile.fromBytes(c.bytes());
            fail("a damaged file was read as " + model + ": " + c);
          } catch (ModelFormatException expected) {
            // refused, with a reason
          } catch (RuntimeException e) {
            fail("not a ModelFormatException: " + e + " for " + c);
          }
        });
  }

  @Test
  void multinomialModelsRoundTripThroughFileAndJson() throws ModelFormatException {
    MultinomialModel model =
        new MultinomialModel(
            new float[][] {{0.5f, -0f}, {Float.MIN_VALUE, 3e38f}, {0.1f, -2f}},
            new float[] {1f, -Float.MIN_NORMAL, 0f},
            List.of("cat", "dög, \"quoted\"", "eel"));
    ModelMetadata meta = ModelMetadata.empty().with("note", "x");
    ModelFile.SavedModel fromFile = ModelFile.fromBytes(ModelFile.toBytes(model, meta));
    assertEquals(model, fromFile.multinomialModel());
    assertEquals(meta, fromFile.metadata());
    ModelFile.SavedModel fromJson = ModelJson.read(ModelJson.write(model, meta));
    assertEquals(model, fromJson.multinomialModel());
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < 2; i++) {
        assertEquals(
            Float.floatToRawIntBits(model.weight(c, i)),
            Float.floatToRawIntBits(fromJson.multinomialModel().weight(c, i)));
      }
    }
    // A version 1 file still reads as the binary model it is.
    LogisticModel binary = new LogisticModel(new float[] {1f, 2f}, 3f);
    assertEquals(binary, ModelFile.fromBytes(ModelFile.toBytes(binary, meta)).model());
  }

  @Test
  void jsonRoundTripsEveryFloatExactly() throws ModelFormatException {
    float[] w = {
      0f,
      -0f,
      Float.MIN_VALUE,
      -Float.MIN_NORMAL,
      Float.MAX_VALUE,
      1e-30f,
      0.1f,
      (float) Math.PI,
      -3e38f
    };
    LogisticModel model = new LogisticModel(w, -Float.MIN_VALUE);
    ModelMetadata meta = ModelMetadata.empty().with("quote \" and \\\\ back", "tab\tand ünïcode");
    ModelFile.SavedModel back = ModelJson.read(ModelJson.write(model, meta));
    for (int i = 0; i < w.length; i++) {
      assertEquals(
          Float.floatToRawIntBits(w[i]),
          Float.floatToRawIntBits(back.model().weight(i)),
          "weight " + i);
    }
    assertEquals(
        Float.floatToRawIntBits(-Float.MIN_VALUE), Float.floatToRawIntBits(back.model().bias()));
    assertEquals(meta, back.metadata());
  }

  @Test
  void malformedJsonIsRefusedWithTheReason() {
    String good =
        ModelJson.write(new LogisticModel(new float[] {1f, 2f}, 3f), ModelMetadata.empty());
    String[][] cases = {
      {
        good.replace("\"features\": 2", "\"features\": 3"),
        "\"weights\" has 2 numbers but \"features\" is 3"
      },
      {good.replace("[1.0, 2.0]", "[1.0, \"2\"]"), "\"weights[1]\" must be a number"},
      {good.replace("[1.0, 2.0]", "[1.0, 1e39]"), "is not a finite float"},
      {good.replace("\"bias\": 3.0", "\"bias\": NaN"), "unexpected character"},
      {
        good.replace("\"formatVersion\": 1", "\"formatVersion\": 3"),
        "\"formatVersion\" 3 is not supported"
      },
      {
        good.replace("\"formatVersion\": 1", "\"formatVersion\": 2"),
        "\"classes\" must be an array of the classes' names"
      },
      {good.replace("vlogit-model", "other"), "\"format\" must be \"vlogit-model\""},
      {good.replace("\"bias\"", "\"bais\""), "unknown key \"bais\""},
      {good.substring(0, good.length() / 2), "invalid JSON"},
      {good + "x", "unexpected text after the JSON value"},
      {"[]", "is an object"},
    };
    for (String[] c : cases) {
      ModelFormatException e =
          assertThrows(ModelFormatException.class, () -> ModelJson.read(c[0]), c[1]);
      if (!e.getMessage().contains(c[1])) {
        fail("'" + e.getMessage() + "' should contain '" + c[1] + "'");
      }
    }
    assertArrayEquals(new float[] {1f, 2f}, assertDoesNotThrow(good));
  }

  private static float[] assertDoesNotThrow(String json) {
    try {
      return ModelJson.read(json).model().weights();
    } catch (ModelFormatException e) {
      throw new AssertionError(e);
    }
  }
}
