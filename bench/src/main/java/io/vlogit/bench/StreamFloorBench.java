package io.vlogit.bench;

import io.vlogit.ExampleStream;
import io.vlogit.io.NpyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * What a streamed fit cannot go below on this machine, whatever its design: the operating system's
 * work to hand over the matrix file's bytes from the page cache, with no sums and no copy into a
 * {@code float[]}. Two ways, on {@link #threads} threads, each thread taking every threads-th
 * piece:
 *
 * <ul>
 *   <li>{@link #reads}: {@link StreamBench#EPOCHS} passes of positional reads of 4 MiB (the
 *       stream's read size) into a direct buffer per thread: the copy out of the page cache that
 *       every pass of a stream that reads pays;
 *   <li>{@link #readFloats}: the same passes through {@code NpyStream.read}, as a streamed pass
 *       reads (pieces of 2<sup>20</sup> floats rounded down to a power of two examples, their
 *       labels too), into a {@code float[]} per thread: the reads plus the copy into the arrays the
 *       kernels take;
 *   <li>{@link #faults}: one pass touching one byte of every 4 KiB page of a fresh mapping of the
 *       file: the page faults that the first pass of a stream that maps the file (and reads the
 *       floats where they are) pays before it sums anything.
 * </ul>
 *
 * Judged against {@code StreamBench}'s in-memory fit in the same run: if a floor is above the
 * in-memory fit's time ÷ 0.8, no stream of that kind reaches 80 % of the in-memory rate on the same
 * cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
public class StreamFloorBench {
  private static final int READ_BYTES = 4 << 20;
  private static final int PAGE = 4096;

  @Param({"128x1000000", "784x60000", "8x1000000"})
  public String shape;

  @Param({"1", "2"})
  public int threads;

  private Path dir;
  private Path x;
  private FileChannel channel;
  private long dataStart;
  private long dataBytes;
  private ExecutorService others;
  private ByteBuffer[] buffers;
  private ExampleStream stream;
  private int perPiece;
  private float[][] pieceX;
  private float[][] pieceY;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    Workload w = Workload.of(shape);
    dir = Files.createTempDirectory("vlogit-stream-floor");
    x = dir.resolve("x.npy");
    NpyFile.write(x, w.x, w.m, w.n);
    channel = FileChannel.open(x, StandardOpenOption.READ);
    dataBytes = 4L * w.n * w.m;
    dataStart = channel.size() - dataBytes; // the header comes first, the floats fill the rest
    others = Executors.newFixedThreadPool(Math.max(1, threads - 1));
    buffers = new ByteBuffer[threads];
    for (int t = 0; t < threads; t++) {
      buffers[t] = ByteBuffer.allocateDirect(READ_BYTES);
    }
    Path y = dir.resolve("y.npy");
    NpyFile.write(y, w.y, w.m);
    stream = NpyFile.stream(x, y);
    perPiece = Integer.highestOneBit(Math.max(1, (1 << 20) / w.n));
    pieceX = new float[threads][perPiece * w.n];
    pieceY = new float[threads][perPiece];
    reads(); // into the page cache
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    others.shutdownNow();
    channel.close();
    stream.close();
    Files.deleteIfExists(dir.resolve("y.npy"));
    Files.deleteIfExists(x);
    Files.deleteIfExists(dir);
  }

  @Benchmark
  public long reads() {
    return passes(this::readPieces);
  }

  @Benchmark
  public long readFloats() {
    return passes(this::readStreamPieces);
  }

  /** {@link StreamBench#EPOCHS} passes of {@code part} on the threads; the sum of its results. */
  private long passes(Part part) {
    long total = 0;
    for (int e = 0; e < StreamBench.EPOCHS; e++) {
      total += onThreads(part);
    }
    return total;
  }

  @Benchmark
  public long faults() throws IOException {
    MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, dataStart, dataBytes);
    return onThreads(t -> touchPages(map, t));
  }

  /** Participant t's pieces: t, t + threads, ... of READ_BYTES each; returns the bytes read. */
  private long readPieces(int t) {
    ByteBuffer b = buffers[t];
    long bytes = 0;
    try {
      for (long at = (long) t * READ_BYTES; at < dataBytes; at += (long) threads * READ_BYTES) {
        b.clear().limit((int) Math.min(READ_BYTES, dataBytes - at));
        while (b.hasRemaining()) {
          if (channel.read(b, dataStart + at + b.position()) < 0) {
            throw new IOException("end of file at " + (dataStart + at + b.position()));
          }
        }
        bytes += b.position();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes;
  }

  /** Participant t's pieces t, t + threads, ... through the stream; returns the examples read. */
  private long readStreamPieces(int t) {
    long examples = 0;
    try {
      int pieces = (stream.examples() + perPiece - 1) / perPiece;
      for (int p = t; p < pieces; p += threads) {
        examples += stream.read(p, perPiece, pieceX[t], pieceY[t]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return examples;
  }

  /** Participant t's pieces of the mapping, one byte of each page; returns their sum. */
  private long touchPages(MappedByteBuffer map, int t) {
    long sum = 0;
    int limit = map.limit();
    for (long at = (long) t * READ_BYTES; at < limit; at += (long) threads * READ_BYTES) {
      int end = (int) Math.min(limit, at + READ_BYTES);
      for (int p = (int) at; p < end; p += PAGE) {
        sum += map.get(p);
      }
    }
    return sum;
  }

  private interface Part {
    long run(int participant);
  }

  /** Runs participants 1.. on the pool and 0 on this thread; the sum of their results. */
  private long onThreads(Part part) {
    List<Future<Long>> futures = new ArrayList<>();
    for (int t = 1; t < threads; t++) {
      int participant = t;
      futures.add(others.submit(() -> part.run(participant)));
    }
    long total = part.run(0);
    try {
      for (Future<Long> f : futures) {
        total += f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return total;
  }
}
