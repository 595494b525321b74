package io.vlogit.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** .npy files of types vlogit reads but does not write, for tests of other packages too. */
public final class NpyTestFiles {
  private NpyTestFiles() {}

  /**
   * A one-dimensional .npy of {@code values} stored as {@code descr}: '<f4', '>f4', '<f8' or '|u1'
   * (each value converted to that type), with the header NumPy writes.
   */
  public static void write(Path path, String descr, double[] values) throws IOException {
    int size = descr.equals("|u1") ? 1 : descr.endsWith("8") ? 8 : 4;
    byte[] header = NpyHeaders.bytes(descr, new long[] {values.length});
    ByteBuffer b =
        ByteBuffer.allocate(header.length + size * values.length)
            .order(descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    b.put(header);
    for (double v : values) {
      switch (size) {
        case 1 -> b.put((byte) v);
        case 8 -> b.putDouble(v);
        default -> b.putFloat((float) v);
      }
    }
    Files.write(path, b.array());
  }
}
