package io.vlogit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.LogisticModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
  private static final LogisticModel MODEL =
      new LogisticModel(new float[] {0.5f, -1.25f, 3e-8f}, -0.75f);
  private static final ModelMetadata META =
      ModelMetadata.empty()
          .with(ModelMetadata.ITERATIONS, 1000)
          .with(ModelMetadata.SOLVER, "gradient descent (learning rate 0.1)")
          .with(ModelMetadata.KERNEL, "vector-256")
          .with("note", "ünïcode = fine");

  @TempDir Path dir;

  @Test
  void roundTripsExactly() throws IOException {
    Path p = dir.resolve("m.vlm");
    ModelFile.write(p, MODEL, META);
    ModelFile.SavedModel back = ModelFile.read(p);
    assertEquals(MODEL, back.model());
    assertEquals(META, back.metadata());
    assertEquals(
        28
            + 4 * 3
            + META.entries().entrySet().stream()
                .mapToInt(
                    e ->
                        (e.getKey() + "=" + e.getValue() + "\n")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)
                            .length)
                .sum(),
        Files.size(p));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void layoutIsAsDocumented() {
    byte[] b = ModelFile.toBytes(MODEL, ModelMetadata.empty());
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    assertArrayEquals(
        new byte[] {(byte) 0x89, 'V', 'L', 'O', 'G', 'I', 'T', 0x0A}, Arrays.copyOf(b, 8));
    assertEquals(1, buf.getInt(8));
    assertEquals(3, buf.getInt(12));
    assertEquals(0, buf.getInt(16));
    assertEquals(0.5f, buf.getFloat(20));
    assertEquals(-1.25f, buf.getFloat(24));
    assertEquals(3e-8f, buf.getFloat(28));
    assertEquals(-0.75f, buf.getFloat(32));
    CRC32C crc = new CRC32C();
    crc.update(b, 0, 36);
    assertEquals((int) crc.getValue(), buf.getInt(36));
    assertEquals(40, b.length);
  }

  @Test
  void refusesEveryKindOfDamage() {
    byte[] good = ModelFile.toBytes(MODEL, META);
    byte[] magic = good.clone();
    magic[0] = 'V';
    assertRefused(magic, "not a vlogit model file");
    byte[] version = withFixedCrc(good, 8, 3);
    assertRefused(version, "model format version 3 is not supported");
    assertRefused(Arrays.copyOf(good, good.length - 1), "wrong length");
    assertRefused(Arrays.copyOf(good, good.length + 1), "wrong length");
    assertRefused(Arrays.copyOf(good, 12), "truncated");
    byte[] flipped = good.clone();
    flipped[21] ^= 0x10; // a bit of the first weight
    assertRefused(flipped, "checksum mismatch");
    byte[] n = withFixedCrc(good, 12, 4);
    assertRefused(n, "wrong length");
    // A well-formed file whose weight is NaN: checksum right, values not.
    byte[] nan = good.clone();
    ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putFloat(24, Float.NaN);
    assertRefused(fixCrc(nan), "invalid model");
  }

  @Test
  void aFailedWriteLeavesTheOldFileIntact() throws IOException {
    Path p = dir.resolve("m.vlm");
    ModelFile.write(p, MODEL, META);
    byte[] before = Files.readAllBytes(p);
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.write(
                    p,
                    out -> {
                      out.write(new byte[100]);
                      throw new IOException("disk full");
                    }));
    assertEquals("disk full", e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(p));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "the temporary file is removed");
    }
  }

  @Test
  void readNamesTheFile() throws IOException {
    Path p = dir.resolve("bad.vlm");
    Files.write(p, new byte[] {1, 2, 3});
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(p));
    assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
  }

  private static void assertRefused(byte[] bytes, String expected) {
    ModelFormatException e =
        assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes(bytes));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static byte[] withFixedCrc(byte[] good, int offset, int value) {
    byte[] b = good.clone();
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
    return fixCrc(b);
  }

  private static byte[] fixCrc(byte[] b) {
    CRC32C crc = new CRC32C();
    crc.update(b, 0, b.length - 4);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 4, (int) crc.getValue());
    return b;
  }
}
