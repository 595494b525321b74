package io.vlogit.io;

import io.vlogit.InvalidDataException;
import io.vlogit.LogisticModel;
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
 * vlogit's binary model file, format version 1. All numbers little-endian:
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
 * The file is exactly {@code 28 + 4n + L} bytes. The magic's first byte has the high bit set and
 * its last is a line feed, so a transfer that strips the eighth bit or rewrites line ends is caught
 * at once. A reader refuses a wrong magic, an unknown version, a wrong length, a checksum that does
 * not match, and non-finite weights: it never returns a model with wrong values. Files are written
 * atomically (see {@link AtomicFiles}).
 */
public final class ModelFile {
  /** The format version this vlogit writes and reads. */
  public static final int VERSION = 1;

  private static final byte[] MAGIC = {(byte) 0x89, 'V', 'L', 'O', 'G', 'I', 'T', 0x0A};
  private static final int FIXED_BYTES = 28;
  private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  private ModelFile() {}

  /** A model and the metadata stored with it. */
  public record SavedModel(LogisticModel model, ModelMetadata metadata) {}

  /** Writes {@code model} and {@code metadata} to {@code path}, replacing it atomically. */
  public static void write(Path path, LogisticModel model, ModelMetadata metadata)
      throws IOException {
    byte[] bytes = toBytes(model, metadata);
    AtomicFiles.write(path, out -> out.write(bytes));
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

  /** The file's bytes for {@code model} and {@code metadata}. */
  public static byte[] toBytes(LogisticModel model, ModelMetadata metadata) {
    StringBuilder text = new StringBuilder();
    metadata.entries().forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    byte[] meta = text.toString().getBytes(StandardCharsets.UTF_8);
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
    if (version != VERSION) {
      throw new ModelFormatException(
          "model format version "
              + version
              + " is not supported (this vlogit reads version "
              + VERSION
              + ")");
    }
    long n = b.getInt() & 0xffffffffL;
    long metaLength = b.getInt() & 0xffffffffL;
    long expected = FIXED_BYTES + 4 * n + metaLength;
    if (expected != bytes.length) {
      throw new ModelFormatException(
          "wrong length: the header (n = "
              + n
              + ", "
              + metaLength
              + " bytes of metadata) needs "
              + expected
              + " bytes, the file has "
              + bytes.length);
    }
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

  private static ModelMetadata parseMetadata(byte[] bytes, int offset, int length)
      throws ModelFormatException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, offset, length))
              .toString();
    } catch (CharacterCodingException e) {
      throw new ModelFormatException("the metadata is not valid UTF-8");
    }
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
