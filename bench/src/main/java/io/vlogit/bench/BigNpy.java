package io.vlogit.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * Writes a float32 {@code .npy} matrix of shape (m, n) and its 0/1 labels of any size, a block of
 * examples at a time (no array of the whole): x ~ N(0, 1), y from the fixed model w_i = (i mod 3) −
 * 1 with noise, so that training has something to find. For the out-of-core measurements:
 *
 * <pre>java -cp bench/target/benchmarks.jar io.vlogit.bench.BigNpy X.npy Y.npy N M</pre>
 */
public final class BigNpy {
  private BigNpy() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println("usage: BigNpy X.npy Y.npy N M");
      System.exit(2);
    }
    int n = Integer.parseInt(args[2]);
    long m = Long.parseLong(args[3]);
    write(Path.of(args[0]), Path.of(args[1]), n, m);
  }

  static void write(Path xPath, Path yPath, int n, long m) throws IOException {
    SplittableRandom r = new SplittableRandom(42);
    int per = Math.max(1, (1 << 20) / n);
    ByteBuffer xb = ByteBuffer.allocate(per * n * 4).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer yb = ByteBuffer.allocate(per * 4).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel x = open(xPath);
        FileChannel y = open(yPath)) {
      x.write(ByteBuffer.wrap(header("(" + m + ", " + n + ")")));
      y.write(ByteBuffer.wrap(header("(" + m + ",)")));
      for (long done = 0; done < m; ) {
        int count = (int) Math.min(per, m - done);
        xb.clear();
        yb.clear();
        for (int k = 0; k < count; k++) {
          double z = 0;
          for (int i = 0; i < n; i++) {
            float v = (float) gaussian(r);
            xb.putFloat(v);
            z += (i % 3 - 1) * v;
          }
          yb.putFloat(z / Math.sqrt(n) + 0.5 * gaussian(r) > 0 ? 1f : 0f);
        }
        xb.flip();
        yb.flip();
        while (xb.hasRemaining()) {
          x.write(xb);
        }
        while (yb.hasRemaining()) {
          y.write(yb);
        }
        done += count;
      }
    }
  }

  private static double gaussian(SplittableRandom r) {
    double u = r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
  }

  private static FileChannel open(Path p) throws IOException {
    return FileChannel.open(
        p,
        StandardOpenOption.CREATE,
        StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** A version 1.0 header for little-endian float32 in C order, padded to 64 bytes. */
  private static byte[] header(String shape) {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
    int unpadded = 10 + dict.length() + 1;
    int total = (unpadded + 63) / 64 * 64;
    String text = dict + " ".repeat(total - unpadded) + "\n";
    ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) text.length());
    b.put(text.getBytes(StandardCharsets.US_ASCII));
    return b.array();
  }
}
