package io.vlogit.io;

import io.vlogit.ExampleStream;
import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.LogisticKernel;
import io.vlogit.internal.train.ExampleBlocks;
import io.vlogit.internal.train.LabelsChecked;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@code .npy} matrix of shape (examples, features) in C order, and its labels, read block by
 * block ({@link NpyFile#stream}): each block by sequential positional reads of the matrix file into
 * a direct buffer reused from read to read and from stream to stream (one per read in progress; the
 * operating system copies into it without a buffer of its own), converted from there into the
 * kernels' array; the labels are read with it. Each file's size is checked before every read and
 * its modification time every 64 MiB read, so a file that shrinks or changes stops training; the
 * labels are checked once, when the stream opens ({@link LabelsChecked}). (Mapping the file instead
 * measured slower: bench/README.md.)
 */
final class NpyStream implements ExampleStream, LabelsChecked {
  /**
   * Bytes per read, as many as a piece of a streamed pass holds (ParallelGradient), so that a piece
   * is one read; one buffer per read in progress, kept between streams ({@link #IDLE}).
   */
  private static final int READ_BYTES = 1 << 22;

  /** Bytes read between checks of a file's modification time ({@code Opened#read}). */
  private static final long MTIME_EVERY = 64L << 20;

  /**
   * What a read counts for at least, so that a file read in small pieces (labels) is checked too.
   */
  private static final int MTIME_MIN = 1 << 20;

  private final Opened xs;
  private final Opened ys;

  /** The sample weights' file, or null. */
  private final Opened ws;

  private final int n;
  private final int m;
  private final int classes;
  private final int perBlock;

  /** Read buffers kept while no read uses them: {@link #IDLE}. */
  private static final int IDLE_BUFFERS = 4;

  /**
   * Buffers not in use, shared by every stream: a read takes one (or makes one) and puts it back,
   * so several threads read at once ({@link #threadSafe}) with as many buffers as read at the same
   * time. Up to {@link #IDLE_BUFFERS} (16 MiB, outside the heap) stay when the streams close, so
   * that a stream opened per fit does not make new ones each time: a new direct buffer is zeroed
   * and its pages faulted in, a cost every opening paid (bench/README.md, "Opening a stream").
   */
  private static final ArrayBlockingQueue<Buffer> IDLE = new ArrayBlockingQueue<>(IDLE_BUFFERS);

  /** Labels checked at a time by {@link #scanClasses}. */
  private static final int SCAN_VALUES = 1 << 16;

  /** A direct buffer for reads and a float view of it in the buffer's byte order. */
  private static final class Buffer {
    final ByteBuffer bytes = ByteBuffer.allocateDirect(READ_BYTES);
    FloatBuffer floats;

    /** This buffer, its bytes and its float view in {@code order}. */
    Buffer in(ByteOrder order) {
      bytes.order(order);
      if (floats == null || floats.order() != order) {
        floats = bytes.duplicate().clear().order(order).asFloatBuffer(); // all of it, from 0
      }
      return this;
    }
  }

  /** One open file: its header, element type, and what it was when opened. */
  private static final class Opened implements AutoCloseable {
    final Path path;
    final File file;
    final FileChannel channel;
    final NpyFile.Header header;
    final NpyDtype type;
    final long size;
    final long modified;

    Opened(Path path, boolean labels) throws IOException {
      this.path = path;
      this.file = path.toFile();
      try (InputStream in = Files.newInputStream(path)) {
        this.header = NpyHeaders.read(in, path);
      }
      this.type = NpyDtype.parse(header.descr(), path, labels);
      this.size = Files.size(path);
      this.modified = file.lastModified();
      NpyFile.checkSize(path, header, type, size);
      this.channel = FileChannel.open(path, StandardOpenOption.READ);
    }

    /**
     * Bytes read since the modification time was last checked: a stat of the path costs about what
     * reading a few hundred KiB does, so it is checked every {@link #MTIME_EVERY} bytes (and the
     * size, a stat of the open file, before every read).
     */
    private final AtomicLong sinceChecked = new AtomicLong(Long.MAX_VALUE / 2);

    /** Reads {@code bytes} bytes at byte {@code at} of the data into {@code into}, from 0. */
    void read(long at, int bytes, ByteBuffer into) throws IOException {
      boolean mtime = sinceChecked.addAndGet(Math.max(bytes, MTIME_MIN)) >= MTIME_EVERY;
      if (mtime) {
        sinceChecked.set(0);
      }
      if (channel.size() != size || (mtime && file.lastModified() != modified)) {
        throw new IOException(
            path + " changed while training (its size or modification time is not what it was)");
      }
      into.clear().limit(bytes);
      long position = header.dataOffset() + at;
      while (into.hasRemaining()) {
        if (channel.read(into, position + into.position()) < 0) {
          throw new IOException(path + ": the data ends early (the file was truncated)");
        }
      }
      into.flip();
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  NpyStream(Path xPath, Path yPath, Path weightsPath, int perBlock) throws IOException {
    Opened x = null;
    Opened y = null;
    try {
      x = new Opened(xPath, false);
      y = new Opened(yPath, true);
      this.ws = weightsPath == null ? null : new Opened(weightsPath, false);
    } catch (IOException | RuntimeException e) {
      closeAll(x, y, null);
      throw e;
    }
    this.xs = x;
    this.ys = y;
    try {
      long[] shape = xs.header.shape();
      if (shape.length != 2 || xs.header.fortranOrder()) {
        throw new DataFormatException(
            xPath
                + ": streaming reads a 2-D array of shape (examples, features) in C order, found "
                + xs.header);
      }
      this.m = (int) shape[0];
      this.n = (int) shape[1];
      if (!vector(ys.header, m)) {
        throw new DataFormatException(
            yPath + ": labels must be a 1-D array of " + m + " values, found " + ys.header);
      }
      if (ws != null && !vector(ws.header, m)) {
        throw new DataFormatException(
            weightsPath
                + ": sample weights must be a 1-D array of "
                + m
                + " values, found "
                + ws.header);
      }
      this.perBlock = perBlock > 0 ? perBlock : defaultPerBlock(n);
      if (Integer.bitCount(this.perBlock) != 1) {
        throw new IllegalArgumentException(
            "examples per block must be a power of two (got " + this.perBlock + ")");
      }
      this.classes = scanClasses();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Examples per block by default: a power of two, at most 2²⁴ floats (64 MiB) and at most an
   * eighth of the heap, so that the two blocks in flight take at most a quarter of it.
   */
  static int defaultPerBlock(int n) {
    long floats = Math.min(1 << 24, Runtime.getRuntime().maxMemory() / 32);
    return ExampleBlocks.examplesPerBlock(Math.max(1, n), floats);
  }

  /** K from one pass over the labels: 2 for labels 0 and 1, else the largest + 1. */
  private int scanClasses() throws IOException {
    Buffer b = take(ys.type.order);
    try {
      return ys.type.kind == 'f' && ys.type.size == 4 ? scanFloatClasses(b) : scanValueClasses(b);
    } finally {
      IDLE.offer(b);
    }
  }

  /**
   * {@link #scanClasses} of float32 labels, checked by the kernel: a label of K or more (a class,
   * else an error) raises K to it + 1, and the check goes on past it, so the scan is one pass
   * whatever the order of the labels.
   */
  private int scanFloatClasses(Buffer b) throws IOException {
    LogisticKernel kernel = Kernels.selected();
    float[] labels = new float[Math.min(m, SCAN_VALUES)];
    int classes = 2;
    for (int start = 0; start < m; start += labels.length) {
      int count = Math.min(labels.length, m - start);
      readVector(ys, start, count, labels, b);
      for (int k = kernel.firstNonClass(labels, 0, count, classes);
          k >= 0;
          k = kernel.firstNonClass(labels, k + 1, count, classes)) {
        if (!Labels.isClass(labels[k])) {
          throw new DataFormatException(ys.path + ": " + Labels.notAClass(start + k, labels[k]));
        }
        classes = (int) labels[k] + 1;
      }
    }
    return classes;
  }

  /**
   * {@link #scanClasses} of labels of any other type, value by value in double, so that a float64
   * label near a whole number is not taken for it.
   */
  private int scanValueClasses(Buffer b) throws IOException {
    ByteBuffer bytes = b.bytes;
    double max = 0;
    int per = READ_BYTES / ys.type.size;
    for (int start = 0; start < m; start += per) {
      int count = Math.min(per, m - start);
      ys.read((long) start * ys.type.size, count * ys.type.size, bytes);
      for (int k = 0; k < count; k++) {
        double v = ys.type.read(bytes);
        if (!Labels.isClass(v)) {
          throw new DataFormatException(ys.path + ": " + Labels.notAClass(start + k, v));
        }
        max = Math.max(max, v);
      }
    }
    return max <= 1 ? 2 : (int) max + 1;
  }

  @Override
  public int features() {
    return n;
  }

  @Override
  public int examples() {
    return m;
  }

  @Override
  public int classes() {
    return classes;
  }

  @Override
  public int examplesPerBlock() {
    return perBlock;
  }

  @Override
  public int read(int block, int per, float[] xOut, float[] yOut) throws IOException {
    long first = (long) block * per;
    int count = (int) Math.min(per, m - first);
    int size = xs.type.size;
    Buffer b = take(xs.type.order);
    try {
      ByteBuffer buffer = b.bytes;
      int rowsPerRead = Math.max(1, buffer.capacity() / (n * size));
      for (int done = 0; done < count; ) {
        int rows = Math.min(rowsPerRead, count - done);
        int values = rows * n;
        xs.read((first + done) * n * size, values * size, buffer);
        int at = done * n;
        if (size == 4) {
          b.floats.clear();
          b.floats.get(xOut, at, values);
        } else {
          for (int k = 0; k < values; k++) {
            xOut[at + k] = (float) xs.type.read(buffer);
          }
        }
        done += rows;
      }
      readVector(ys, first, count, yOut, b);
    } finally {
      IDLE.offer(b);
    }
    return count;
  }

  /** A buffer for one read, in {@code order}; put back by {@code IDLE.offer}. */
  private static Buffer take(ByteOrder order) {
    Buffer b = IDLE.poll();
    return (b == null ? new Buffer() : b).in(order);
  }

  @Override
  public boolean weighted() {
    return ws != null;
  }

  @Override
  public void readWeights(int block, int per, float[] s) throws IOException {
    long first = (long) block * per;
    Buffer b = take(xs.type.order);
    try {
      readVector(ws, first, (int) Math.min(per, m - first), s, b);
    } finally {
      IDLE.offer(b);
    }
  }

  /** Several threads read at once: each read has a buffer of its own. */
  @Override
  public boolean threadSafe() {
    return true;
  }

  /**
   * Values [first, first + count) of a file of one value per example, into {@code out}: float32 in
   * the buffer's float order in one bulk copy, as the features are, any other type value by value.
   */
  private static void readVector(Opened f, long first, int count, float[] out, Buffer b)
      throws IOException {
    int size = f.type.size;
    ByteBuffer buffer = b.bytes;
    boolean bulk = f.type.kind == 'f' && size == 4 && f.type.order == b.floats.order();
    int perRead = buffer.capacity() / size;
    for (int done = 0; done < count; ) {
      int values = Math.min(perRead, count - done);
      f.read((first + done) * size, values * size, buffer.order(f.type.order));
      if (bulk) {
        b.floats.clear();
        b.floats.get(out, done, values);
      } else {
        for (int k = 0; k < values; k++) {
          out[done + k] = (float) f.type.read(buffer);
        }
      }
      done += values;
    }
  }

  /** Whether a header is of a vector of m values: shape (m,), (m, 1) or (1, m). */
  private static boolean vector(NpyFile.Header header, int m) {
    long[] shape = header.shape();
    boolean vector = shape.length == 1 || (shape.length == 2 && (shape[0] == 1 || shape[1] == 1));
    return vector && header.count() == m;
  }

  @Override
  public String description() {
    return xs.path.toString();
  }

  @Override
  public void close() throws IOException {
    closeAll(xs, ys, ws);
  }

  private static void closeAll(Opened x, Opened y, Opened w) throws IOException {
    try {
      if (x != null) {
        x.close();
      }
    } finally {
      try {
        if (y != null) {
          y.close();
        }
      } finally {
        if (w != null) {
          w.close();
        }
      }
    }
  }
}
