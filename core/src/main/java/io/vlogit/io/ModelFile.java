package io.vlogit.io;

import io.vlogit.InvalidDataException;
import io.vlogit.LogisticModel;
import io.vlogit.MultinomialModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * vlogit's binary model file. A binary model is written in format version 1, all numbers
 * little-endian:
 *
 * <pre>
 * offset      size  field
 * 0           8     magic: 0x89 'V' 'L' 'O' 'G' 'I' 'T' 0x0A
 * 8           4     format version, uint32 = 1
 * 12          4     n, the number of features, uint32, at least 1
 * 16          4     L, the metadata length in bytes, uint32
 * 20          4·n   weights, float32
 * 20+4n       4     bias, float32
 * 24+4n       L     metadata: UTF-8 lines "key=value\n"
 * 24+4n+L     4     CRC-32C (Castagnoli) of bytes [0, 24+4n+L)
 * </pre>
 *
 * The file is exactly {@code 28 + 4n + L} bytes. A multinomial model of K ≥ 3 classes is written in
 * format version 2:
 *
 * <pre>
 * offset      size  field
 * 0           8     magic, as version 1
 * 8           4     format version, uint32 = 2
 * 12          4     n, the number of features, uint32, at least 1
 * 16          4     K, the number of classes, uint32, at least 3
 * 20          4     N, the class names' length in bytes, uint32
 * 24          4     L, the metadata length in bytes, uint32
 * 28          4·K·n weights, float32, class 0's n first
 * 28+4Kn      4·K   biases, float32
 * 28+4K(n+1)  N     class names: per class, its UTF-8 byte length (uint32), then the bytes
 * ...         L     metadata, as version 1
 * ...         4     CRC-32C of every byte before it
 * </pre>
 *
 * The file is exactly {@code 32 + 4K(n + 1) + N + L} bytes. Binary models stay in version 1, so
 * that the files they make are read by every vlogit that reads models; this one reads both. The
 * magic's first byte has the high bit set and its last is a line feed, so a transfer that strips
 * the eighth bit or rewrites line ends is caught at once. A reader refuses a wrong magic, an
 * unknown version, a wrong length, a checksum that does not match, and non-finite weights: it never
 * returns a model with wrong values. Files are written atomically (see {@link AtomicFiles}).
 */
public final class ModelFile {
  /** The format version of binary models. */
  public static final int VERSION = 1;

  /** The format version of multinomial models. */
  public static final int MULTINOMIAL_VERSION = 2;

  private static final byte[] MAGIC = {(byte) 0x89, 'V', 'L', 'O', 'G', 'I', 'T', 0x0A};
  private static final int FIXED_BYTES = 28;
  private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  private ModelFile() {}

  /**
   * A model and the metadata stored with it: a binary {@code model} or a {@code multinomialModel},
   * the other null.
   */
  public record SavedModel(
      LogisticModel model, MultinomialModel multinomialModel, ModelMetadata metadata) {
    public SavedModel {
      if ((model == null) == (multinomialModel == null)) {
        throw new IllegalArgumentException("exactly one of the two models is given");
      }
    }

    public SavedModel(LogisticModel model, ModelMetadata metadata) {
      this(model, null, metadata);
    }

    public SavedModel(MultinomialModel model, ModelMetadata metadata) {
      this(null, model, metadata);
    }

    /** True for a multinomial model. */
    public boolean multinomial() {
      return multinomialModel != null;
    }

    /** Number of features of the model. */
    public int features() {
      return model != null ? model.features() : multinomialModel.features();
    }
  }

  /** Writes {@code model} and {@code metadata} to {@code path}, replacing it atomically. */
  public static void write(Path path, LogisticModel model, ModelMetadata metadata)
      throws IOException {
    byte[] bytes = toBytes(model, metadata);
    AtomicFiles.write(path, out -> out.write(bytes));
  }

  /** Writes a multinomial {@code model} (format version 2), replacing {@code path} atomically. */
  public static void write(Path path, MultinomialModel model, ModelMetadata metadata)
      throws IOException {
    byte[] bytes = toBytes(model, metadata);
    AtomicFiles.write(path, out -> out.write(bytes));
  }

  /** Writes either model of {@code saved} with its metadata. */
  public static void write(Path path, SavedModel saved) throws IOException {
    byte[] bytes = toBytes(saved);
    AtomicFiles.write(path, out -> out.write(bytes));
  }

  /** The file's bytes for either model of {@code saved}. */
  public static byte[] toBytes(SavedModel saved) {
    return saved.multinomial()
        ? toBytes(saved.multinomialModel(), saved.metadata())
        : toBytes(saved.model(), saved.metadata());
  }

  /** Reads a model file; any defect is a {@link ModelFormatException} naming the file. */
  public static SavedModel read(Path path) throws IOException {
    long size = Files.size(path);
    if (size > MAX_BYTES) {
      throw new ModelFormatException(
          path + ": " + size + " bytes is far too large for a vlogit model");
    }
    try {
      return fromBytes(Files.readAllBytes(path));
    } catch (ModelFormatException e) {
      throw new ModelFormatException(path + ": " + e.getMessage());
    }
  }

  private static byte[] metadataBytes(ModelMetadata metadata) {
    StringBuilder text = new StringBuilder();
    metadata.entries().forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The file's bytes (format version 2) for a multinomial {@code model} and {@code metadata}. */
  public static byte[] toBytes(MultinomialModel model, ModelMetadata metadata) {
    byte[] meta = metadataBytes(metadata);
    int n = model.features();
    int k = model.classes();
    byte[][] names = new byte[k][];
    int namesLength = 0;
    for (int c = 0; c < k; c++) {
      names[c] = model.className(c).getBytes(StandardCharsets.UTF_8);
      namesLength = Math.addExact(namesLength, 4 + names[c].length);
    }
    int size =
        Math.addExact(
            Math.addExact(32 + meta.length, namesLength),
            Math.multiplyExact(4, Math.multiplyExact(k, n + 1)));
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).putInt(MULTINOMIAL_VERSION).putInt(n).putInt(k).putInt(namesLength);
    b.putInt(meta.length);
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < n; i++) {
        b.putFloat(model.weight(c, i));
      }
    }
    for (int c = 0; c < k; c++) {
      b.putFloat(model.bias(c));
    }
    for (byte[] name : names) {
      b.putInt(name.length).put(name);
    }
    b.put(meta);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /** The file's bytes for {@code model} and {@code metadata}. */
  public static byte[] toBytes(LogisticModel model, ModelMetadata metadata) {
    byte[] meta = metadataBytes(metadata);
    int n = model.features();
    int size = Math.addExact(FIXED_BYTES + meta.length, Math.multiplyExact(4, n));
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).putInt(VERSION).putInt(n).putInt(meta.length);
    for (int i = 0; i < n; i++) {
      b.putFloat(model.weight(i));
    }
    b.putFloat(model.bias()).put(meta);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /** Parses the bytes of a model file; see the class comment for what is refused. */
  public static SavedModel fromBytes(byte[] bytes) throws ModelFormatException {
    if (bytes.length < MAGIC.length
        || !java.util.Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new ModelFormatException("not a vlogit model file (wrong magic bytes)");
    }
    if (bytes.length < FIXED_BYTES) {
      throw new ModelFormatException(
          "truncated: " + bytes.length + " bytes, a model file has at least " + FIXED_BYTES);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    b.position(MAGIC.length);
    long version = b.getInt() & 0xffffffffL;
    if (version == MULTINOMIAL_VERSION) {
      return multinomialFromBytes(bytes, b);
    }
    if (version != VERSION) {
      throw new ModelFormatException(
          "model format version "
              + version
              + " is not supported (this vlogit reads versions "
              + VERSION
              + " and "
              + MULTINOMIAL_VERSION
              + ")");
    }
    long n = b.getInt() & 0xffffffffL;
    long metaLength = b.getInt() & 0xffffffffL;
    long expected = FIXED_BYTES + 4 * n + metaLength;
    if (expected != bytes.length) {
      throw wrongLength("n = " + n + ", " + metaLength, expected, bytes.length);
    }
    checkCrc(bytes);
    if (n == 0) {
      throw new ModelFormatException("the model has no features");
    }
    float[] weights = new float[(int) n];
    for (int i = 0; i < n; i++) {
      weights[i] = b.getFloat();
    }
    float bias = b.getFloat();
    LogisticModel model;
    try {
      model = new LogisticModel(weights, bias);
    } catch (InvalidDataException e) {
      throw new ModelFormatException("invalid model: " + e.getMessage());
    }
    return new SavedModel(model, parseMetadata(bytes, b.position(), (int) metaLength));
  }

  /** The header's sizes (ending in the metadata's length) disagree with the file's. */
  private static ModelFormatException wrongLength(String header, long expected, int actual) {
    return new ModelFormatException(
        "wrong length: the header ("
            + header
            + " bytes of metadata) needs "
            + expected
            + " bytes, the file has "
            + actual);
  }

  private static void checkCrc(byte[] bytes) throws ModelFormatException {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    int stored =
        ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (stored != (int) crc.getValue()) {
      throw new ModelFormatException(
          String.format(
              "checksum mismatch (stored %08x, computed %08x): the file is damaged",
              stored, (int) crc.getValue()));
    }
  }

  /** Version 2, from after the version field. */
  private static SavedModel multinomialFromBytes(byte[] bytes, ByteBuffer b)
      throws ModelFormatException {
    if (bytes.length < 32) {
      throw new ModelFormatException(
          "truncated: " + bytes.length + " bytes, a multinomial model file has at least 32");
    }
    long n = b.getInt() & 0xffffffffL;
    long k = b.getInt() & 0xffffffffL;
    long namesLength = b.getInt() & 0xffffffffL;
    long metaLength = b.getInt() & 0xffffffffL;
    // k·(n + 1) < 2^64 for 32-bit k and n; a product past the file's size is a wrong length.
    long parameters = k * (n + 1);
    long expected =
        parameters > MAX_BYTES ? Long.MAX_VALUE : 32 + 4 * parameters + namesLength + metaLength;
    if (expected != bytes.length) {
      throw wrongLength(
          "n = " + n + ", K = " + k + ", " + namesLength + " bytes of class names, " + metaLength,
          expected,
          bytes.length);
    }
    checkCrc(bytes);
    if (n == 0 || k < 3) {
      throw new ModelFormatException(
          "a multinomial model has at least 1 feature and 3 classes (n = "
              + n
              + ", K = "
              + k
              + ")");
    }
    float[][] weights = new float[(int) k][(int) n];
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < n; i++) {
        weights[c][i] = b.getFloat();
      }
    }
    float[] biases = new float[(int) k];
    for (int c = 0; c < k; c++) {
      biases[c] = b.getFloat();
    }
    int namesEnd = b.position() + (int) namesLength;
    java.util.List<String> names = new java.util.ArrayList<>();
    for (int c = 0; c < k; c++) {
      if (namesEnd - b.position() < 4) {
        throw new ModelFormatException("the class names end before class " + c + "'s");
      }
      int length = b.getInt();
      if (length < 0 || length > namesEnd - b.position()) {
        throw new ModelFormatException(
            "class " + c + "'s name of " + (length & 0xffffffffL) + " bytes runs past the names");
      }
      names.add(utf8(bytes, b.position(), length, "class " + c + "'s name"));
      b.position(b.position() + length);
    }
    if (b.position() != namesEnd) {
      throw new ModelFormatException(
          (namesEnd - b.position()) + " bytes are left over after the class names");
    }
    MultinomialModel model;
    try {
      model = new MultinomialModel(weights, biases, names);
    } catch (InvalidDataException e) {
      throw new ModelFormatException("invalid model: " + e.getMessage());
    }
    return new SavedModel(model, parseMetadata(bytes, b.position(), (int) metaLength));
  }

  private static String utf8(byte[] bytes, int offset, int length, String what)
      throws ModelFormatException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ModelFormatException(what + " is not valid UTF-8");
    }
  }

  private static ModelMetadata parseMetadata(byte[] bytes, int offset, int length)
      throws ModelFormatException {
    String text = utf8(bytes, offset, length, "the metadata");
    Map<String, String> entries = new LinkedHashMap<>();
    if (!text.isEmpty()) {
      if (!text.endsWith("\n")) {
        throw new ModelFormatException("the metadata does not end with a line break");
      }
      for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
        int eq = line.indexOf('=');
        if (eq <= 0) {
          throw new ModelFormatException("metadata line '" + line + "' is not key=value");
        }
        entries.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    try {
      return ModelMetadata.of(entries);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException("invalid metadata: " + e.getMessage());
    }
  }
}
