package io.vlogit.internal.train;

import io.vlogit.internal.kernel.GradientWorkspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ObjIntConsumer;

/**
 * Training data read from outside the heap block by block, again for every pass: a reader thread
 * fills the next of a few reusable buffers while the kernels work on the current one (double
 * buffering), so that the trainer holds O(n) plus the buffers, whatever m is, and allocates nothing
 * per pass.
 *
 * <p>The reader reads every pass's blocks in the order the pass posted ({@link #orders}: 0, 1, 2,
 * ... for a full-batch pass, shuffled for an epoch of mini-batches), each into the buffer its
 * sequence number names, and keeps {@link #BUFFERS} − 1 blocks ahead of the passes; a block already
 * in its buffer (data of at most {@link #BUFFERS} blocks) is not read again. Each block holds a
 * power-of-two number of examples, raised to a multiple of the pass's chunk ({@link
 * ParallelGradient#chunkSize}) unless two such blocks would take more than a quarter of the heap,
 * so a pass over the blocks in order adds the chunks' partial sums in the order, and with the bits,
 * of a pass over the same examples in one array. (With smaller blocks the chunks are the blocks:
 * the same sums, rounded differently.)
 */
public final class BlockStream implements AutoCloseable {
  /** Reads one block of examples. */
  public interface Reader {
    /**
     * Reads block {@code block}'s examples (example j of the data is example j − block·perBlock of
     * the block) into x (column-major, n features each), their labels into y and, for a weighted
     * stream, their weights into s (else null); returns how many (perBlock, fewer for the last
     * block). Called on the reader thread.
     *
     * @throws IOException if the data cannot be read, or has changed since the first read
     */
    int read(int block, int perBlock, float[] x, float[] y, float[] s) throws IOException;
  }

  /** Buffers in flight: the one the kernels read, and the one being filled. */
  static final int BUFFERS = 2;

  private static final int SPINS = 2_000;

  private final Reader source;
  private final int examples;
  private final int perBlock;
  private final int blocks;
  private final int chunk;
  private final FeatureScaling scaling;
  private final Buffer[] buffers = new Buffer[BUFFERS];
  private final Thread reader;

  /** Sequence numbers of the blocks the passes have finished with. */
  private volatile long released;

  /** The sequence number the next {@link #next} returns. */
  private long consumed;

  /**
   * The order of the blocks in pass p at {@code orders[p % 2]}, posted by the passes before the
   * reader reads them: a full-batch pass posts its own order and the next pass's as 0, 1, 2, ...
   * when they are not posted yet; a pass of mini-batches posts shuffled orders ({@link
   * #beginShuffledPass}).
   */
  private final int[][] orders;

  /** The last pass whose order is posted (its writes happen before this volatile write). */
  private volatile long posted = -1;

  private volatile boolean closed;
  private volatile Throwable failure;

  /** The thread running the passes, woken when a block is read. */
  private volatile Thread consumer;

  private static final class Buffer {
    final float[] x;
    final float[] y;
    final float[] s;
    final TrainingSet set;

    /** The same examples by the row index {@link #rows}, for mini-batches in shuffled order. */
    final TrainingSet shuffled;

    final int[] rows;
    volatile long sequence = -1;
    int block = -1;
    int count;

    Buffer(int n, int perBlock, int classes, boolean weighted) {
      x = new float[Math.multiplyExact(n, perBlock)];
      y = new float[perBlock];
      s = weighted ? new float[perBlock] : null;
      rows = new int[perBlock];
      set = new TrainingSet(ExampleBlocks.of(x, n), y, s, n, null, 0, perBlock, classes);
      shuffled = new TrainingSet(ExampleBlocks.of(x, n), y, s, n, rows, 0, perBlock, classes);
    }
  }

  /**
   * @param examples m, the examples of all the blocks
   * @param perBlock examples per block: a power of two (raised to the pass's chunk if below it)
   * @param classes 2 for the binary model, K ≥ 3 for the multinomial one
   * @param weighted whether the examples have weights (the reader fills them)
   * @param scaling the standardization applied to each block as it is read, or null for none
   */
  public BlockStream(
      Reader source,
      int n,
      int examples,
      int perBlock,
      int classes,
      boolean weighted,
      FeatureScaling scaling) {
    if (Integer.bitCount(perBlock) != 1) {
      // Fewer examples than the kernels' flush are allowed: wide data in a small heap needs them.
      throw new IllegalArgumentException("examples per block must be a power of two: " + perBlock);
    }
    this.source = source;
    this.scaling = scaling;
    this.examples = examples;
    int whole = ParallelGradient.chunkSize(examples);
    long chunkBytes = 4L * whole * (n + 1);
    if (perBlock < whole && BUFFERS * chunkBytes > Runtime.getRuntime().maxMemory() / 4) {
      // Blocks of a whole chunk would take more than a quarter of the heap: smaller chunks, whose
      // sums round differently from the pass in memory.
      this.chunk = perBlock;
      this.perBlock = perBlock;
    } else {
      this.chunk = whole;
      this.perBlock = Math.max(perBlock, whole);
    }
    this.blocks = (int) (((long) examples + this.perBlock - 1) / this.perBlock);
    for (int k = 0; k < BUFFERS; k++) {
      buffers[k] = new Buffer(n, Math.min(this.perBlock, examples), classes, weighted);
    }
    this.orders = new int[2][blocks];
    this.reader = new Thread(this::readAhead, "vlogit-stream-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Examples per block. */
  public int perBlock() {
    return perBlock;
  }

  /** Number of blocks a pass reads. */
  public int blocks() {
    return blocks;
  }

  /** m. */
  public int examples() {
    return examples;
  }

  /** The standardization applied to each block as it is read: the parameters' space. */
  FeatureScaling scaling() {
    return scaling != null ? scaling : FeatureScaling.none();
  }

  /**
   * One pass over every block, in order: the sums of the binary pass (bias {@code b}) or of the
   * softmax's ({@code classBiases}) added into {@code total}, which the caller cleared.
   */
  void pass(
      ParallelGradient parallel, float[] w, float b, float[] classBiases, GradientWorkspace total) {
    consumer = Thread.currentThread();
    long pass = consumed / blocks;
    post(pass, null);
    post(pass + 1, null); // what the reader reads ahead, unless a pass of mini-batches said first
    for (int k = 0; k < blocks; k++) {
      Buffer buffer = next();
      parallel.accumulate(buffer.set, 0, buffer.count, chunk, w, b, classBiases, total);
      release();
    }
  }

  /**
   * One pass over every block, in order, each given to {@code visitor} as a training set of
   * positions [0, count): for what needs the examples once (λ_max), not for the epochs' passes.
   */
  void forEachBlock(ObjIntConsumer<TrainingSet> visitor) {
    consumer = Thread.currentThread();
    long pass = consumed / blocks;
    post(pass, null);
    post(pass + 1, null);
    for (int k = 0; k < blocks; k++) {
      Buffer buffer = next();
      visitor.accept(buffer.set, buffer.count);
      release();
    }
  }

  /**
   * Starts a pass of mini-batches: its blocks in the order already posted for it (0, 1, 2, ... if a
   * full-batch pass came before it), or else shuffled with {@code random}; the next pass's order
   * shuffled now, so the reader can read ahead into it. Then {@link #nextShuffled} gives the pass's
   * blocks, each once, and {@link #release} returns each.
   */
  void beginShuffledPass(SplittableRandom random) {
    consumer = Thread.currentThread();
    long pass = consumed / blocks;
    post(pass, random);
    post(pass + 1, random);
  }

  /**
   * Posts pass p's order, unless it is posted already: 0, 1, 2, ..., shuffled with {@code random}
   * unless that is null.
   */
  private void post(long pass, SplittableRandom random) {
    if (posted < pass) {
      int[] order = orders[(int) (pass % 2)];
      for (int k = 0; k < blocks; k++) {
        order[k] = k;
      }
      if (random != null) {
        Split.shuffle(order, blocks, random);
      }
      posted = pass;
      LockSupport.unpark(reader);
    }
  }

  /**
   * The pass's next block, by a row index of its examples shuffled with {@code random}: positions
   * [0, {@link #count}) of the returned set.
   */
  TrainingSet nextShuffled(SplittableRandom random) {
    Buffer buffer = next();
    int[] rows = buffer.rows;
    for (int k = 0; k < buffer.count; k++) {
      rows[k] = k;
    }
    Split.shuffle(rows, buffer.count, random);
    return buffer.shuffled;
  }

  /** The examples of the block given last. */
  int count() {
    return buffers[(int) ((consumed - 1) % BUFFERS)].count;
  }

  /** Returns the block the pass is done with to the reader. */
  void release() {
    released = consumed;
    LockSupport.unpark(reader);
  }

  /** The block of sequence number {@link #consumed}, once read. */
  private Buffer next() {
    long sequence = consumed++;
    Buffer buffer = buffers[(int) (sequence % BUFFERS)];
    for (int spin = 0; buffer.sequence != sequence; spin++) {
      Throwable f = failure;
      if (f != null) {
        throw f instanceof RuntimeException r
            ? r
            : f instanceof IOException io
                ? new UncheckedIOException(io.getMessage(), io)
                : new IllegalStateException("the stream's reader failed", f);
      }
      if (spin < SPINS) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(this, 100_000);
      }
    }
    return buffer;
  }

  private void readAhead() {
    try {
      for (long sequence = 0; !closed; sequence++) {
        while (sequence - released >= BUFFERS && !closed) {
          LockSupport.parkNanos(this, 100_000);
        }
        long pass = sequence / blocks;
        while (posted < pass && !closed) {
          LockSupport.parkNanos(this, 100_000);
        }
        if (closed) {
          return;
        }
        Buffer buffer = buffers[(int) (sequence % BUFFERS)];
        int block = orders[(int) (pass % 2)][(int) (sequence % blocks)];
        if (buffer.block != block) {
          buffer.block = -1;
          int expected = (int) Math.min(perBlock, examples - (long) block * perBlock);
          int count = source.read(block, perBlock, buffer.x, buffer.y, buffer.s);
          if (count != expected) {
            throw new IOException(
                "block "
                    + block
                    + " has "
                    + count
                    + " examples where "
                    + expected
                    + " were read before");
          }
          if (scaling != null) {
            scaling.standardizeInPlace(buffer.x, count);
          }
          buffer.count = count;
          buffer.block = block;
        }
        buffer.sequence = sequence; // publishes the buffer's contents
        wake();
      }
    } catch (Throwable e) {
      failure = e;
      wake();
    }
  }

  private void wake() {
    Thread waiting = consumer;
    if (waiting != null) {
      LockSupport.unpark(waiting);
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(reader);
  }
}
