package io.vlogit.internal.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ObjIntConsumer;

/**
 * Training data read from outside the heap, again for every pass, holding O(n) plus what is in
 * flight, whatever m is, and allocating nothing per pass. Two ways:
 *
 * <ul>
 *   <li>A full pass ({@link ParallelGradient#evaluateStream}): every participant of the pass reads
 *       the pieces of the chunks it sums ({@link #read}) into a piece of its own that stays in its
 *       cache while the kernels sum it, so each byte is read from memory once; the chunks are the
 *       in-memory pass's, so the sums have its bits.
 *   <li>Blocks, whole, for epochs of mini-batches and for one-off passes ({@link #forEachBlock}): a
 *       reader thread reads each pass's blocks in the order the pass posted ({@link #orders}: 0, 1,
 *       2, ... or shuffled for an epoch of mini-batches) into reusable buffers while the trainer
 *       works on the block before (double buffering), and keeps {@link #BUFFERS} − 1 blocks ahead;
 *       a block already in its buffer (data of at most {@link #BUFFERS} blocks) is not read again.
 *       The buffers are made at the first such pass.
 * </ul>
 */
public final class BlockStream implements AutoCloseable {
  /** Reads one block of examples. */
  public interface Reader {
    /**
     * Reads block {@code block}'s examples (example j of the data is example j − block·perBlock of
     * the block) into x (column-major, n features each), their labels into y and, for a weighted
     * stream, their weights into s (else null); returns how many (perBlock, fewer for the last
     * block). The labels and weights are checked; the features are if {@code checkFinite}. Called
     * by the reader thread and by the participants of full passes, several at once (for different
     * blocks): it must allow that.
     *
     * @throws IOException if the data cannot be read, or has changed since the first read
     */
    int read(int block, int perBlock, float[] x, float[] y, float[] s, boolean checkFinite)
        throws IOException;
  }

  /** Buffers in flight: the one the kernels read, and the one being filled. */
  static final int BUFFERS = 2;

  private static final int SPINS = 2_000;

  private final Reader source;
  private final int n;
  private final int examples;
  private final int perBlock;
  private final int classes;
  private final boolean weighted;
  private final int blocks;
  private final FeatureScaling scaling;

  /** Made by the first pass of whole blocks (a fit of full passes never needs them). */
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
   * @param n features per example
   * @param examples m, the examples of all the blocks
   * @param perBlock examples per block: a power of two
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
      throw new IllegalArgumentException("examples per block must be a power of two: " + perBlock);
    }
    this.source = source;
    this.scaling = scaling;
    this.n = n;
    this.examples = examples;
    this.perBlock = perBlock;
    this.classes = classes;
    this.weighted = weighted;
    this.blocks = (int) (((long) examples + perBlock - 1) / perBlock);
    this.orders = new int[2][blocks];
    this.reader = new Thread(this::readAhead, "vlogit-stream-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Reads examples [block·perBlock, min(m, (block + 1)·perBlock)) into x, y and (weighted) s,
   * standardized if the stream standardizes; returns how many. Any thread may call it, for any
   * power of two perBlock. The features are not checked: a full pass finds a value that is not
   * finite by its sums ({@link #requireFinite}).
   *
   * @throws IOException as {@link Reader#read}
   */
  int read(int block, int perBlock, float[] x, float[] y, float[] s) throws IOException {
    return read(block, perBlock, x, y, s, false);
  }

  private int read(int block, int perBlock, float[] x, float[] y, float[] s, boolean checkFinite)
      throws IOException {
    int count = source.read(block, perBlock, x, y, s, checkFinite);
    int expected = (int) Math.min(perBlock, examples - (long) block * perBlock);
    if (count != expected) {
      throw new IOException(
          "the stream's block "
              + block
              + " of "
              + perBlock
              + " examples has "
              + count
              + " examples where "
              + expected
              + " were expected");
    }
    if (scaling != null) {
      scaling.standardizeInPlace(x, count);
    }
    return count;
  }

  /**
   * Reads every block with its features checked, on this thread: throws, naming the first value
   * that is not finite, if there is one. For a pass whose sums are not finite.
   *
   * @throws IOException as {@link Reader#read}
   */
  void requireFinite() throws IOException {
    float[] x = new float[Math.multiplyExact(n, Math.min(perBlock, examples))];
    float[] y = new float[Math.min(perBlock, examples)];
    float[] s = new float[y.length];
    for (int block = 0; block < blocks; block++) {
      source.read(block, perBlock, x, y, s, true);
    }
  }

  /** Whether the examples have weights (then {@link #read} fills s). */
  boolean weighted() {
    return weighted;
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
    if (buffers[0] == null) {
      for (int k = 0; k < BUFFERS; k++) { // published to the reader by the write of posted
        buffers[k] = new Buffer(n, Math.min(perBlock, examples), classes, weighted);
      }
    }
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

  /**
   * The reader thread. It waits parked without a timeout: {@link #post}, {@link #release} and
   * {@link #close} unpark it after they write what it waits for, and an unpark before the park
   * makes the park return at once. A fit of full passes never posts, so a timed park would only
   * wake it to look, taking time from the cores the passes keep busy (bench/README.md, "The stream
   * at equal cores").
   */
  private void readAhead() {
    try {
      for (long sequence = 0; !closed; sequence++) {
        while (sequence - released >= BUFFERS && !closed) {
          LockSupport.park(this);
        }
        long pass = sequence / blocks;
        while (posted < pass && !closed) {
          LockSupport.park(this);
        }
        if (closed) {
          return;
        }
        Buffer buffer = buffers[(int) (sequence % BUFFERS)];
        int block = orders[(int) (pass % 2)][(int) (sequence % blocks)];
        if (buffer.block != block) {
          buffer.block = -1;
          int count = read(block, perBlock, buffer.x, buffer.y, buffer.s, true);
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
