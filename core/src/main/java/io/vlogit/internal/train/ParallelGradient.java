package io.vlogit.internal.train;

import io.vlogit.internal.kernel.GradientWorkspace;
import io.vlogit.internal.kernel.LogisticKernel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * One gradient evaluation spread over threads, with a result that does not depend on how many.
 *
 * <p>The positions to sum over are cut into chunks whose size depends only on the number of
 * positions ({@link #chunkSize}), never on the number of threads. Each chunk's partial sums go into
 * its own workspace; the partials are then added in chunk order, in double. So 1, 2, 3 or 8 threads
 * compute the same floating-point operations in the same order and give the same bits.
 *
 * <p>Workers (threads − 1 of them; the calling thread is participant 0) claim chunks with a
 * compare-and-set of the chunk's slot to the evaluation's number, so a worker still busy with an
 * earlier evaluation cannot claim a chunk of a later one, whose job it has not read. Participant t
 * first claims its own chunks t, t + T, t + 2T, ..., so that on data that fits in the caches a
 * chunk stays with the same core from epoch to epoch (claiming in any order makes cache-resident
 * data bounce between the cores' caches; bench/README.md, "Threads"); then it takes whatever is
 * left. Between evaluations they spin briefly and then park: epochs on small data take
 * microseconds, and waking a parked thread costs about as much. If the executor runs the workers
 * late or never, the calling thread does every chunk itself: slower, never stuck.
 *
 * <p>Each evaluation takes the next number; {@link #writing} holds it while and after its job is
 * written, {@link #generation} once it is published. A worker checks the first after claiming a
 * chunk, so a worker that woke for an evaluation already over never runs a chunk of the next.
 */
public final class ParallelGradient implements AutoCloseable {
  private static final int SPINS = 20_000;

  private final LogisticKernel kernel;
  private final int n;

  /** 1 for the binary model's pass, K ≥ 2 for the softmax's. */
  private final int classes;

  private static final int FLUSH = LogisticKernel.FLUSH;

  private final List<GradientWorkspace> partials = new ArrayList<>();

  /** Per participant, scratch for data in several blocks (made at its first evaluation). */
  private Piece[] pieces;

  /** The stream of a full pass over one ({@link #evaluateStream}), or null. */
  private BlockStream stream;

  /** Per participant, the piece of a stream it reads and sums (made at the first such pass). */
  private Piece[] streamPieces;

  /**
   * Floats of a stream's piece (4 MiB): read, then summed while still in the core's caches. As
   * large as one read of {@code NpyStream}, so that a piece is one read: wide examples (784
   * features) trained faster with fewer, larger reads, narrow ones alike (bench/README.md, "Data
   * larger than an array or the heap").
   */
  private static final int PIECE_FLOATS = 1 << 20;

  private final List<Thread> parked = new ArrayList<>();

  // The job of the current evaluation, published by the volatile write of generation.
  private TrainingSet data;
  private int from;
  private int to;
  private float[] w;
  private float b;
  private float[] classBiases;
  private int chunk;
  private int chunks;

  /**
   * Longs from one participant's or one chunk's slot to the next: 128 bytes, so that no two share a
   * cache line or the pair of lines the CPU fetches together. A slot one core writes is then read
   * by the other only when it has to be: each line that moves between two cores costs a trip
   * between them, a large part of an epoch of microseconds (bench/README.md, "Threads").
   */
  private static final int STRIDE = 16;

  /** Per chunk (at c × STRIDE), the number of the evaluation that claimed it last. */
  private AtomicLongArray claims = new AtomicLongArray(16 * STRIDE);

  /** Per participant (at t × STRIDE), the chunks it has run since it started; only it writes. */
  private final AtomicLongArray finished;

  /** The chunks of every finished evaluation: what {@link #finished} adds up to between them. */
  private long completed;

  /** The number of the evaluation whose job is being written or was written last. */
  private volatile long writing;

  private final int participants;
  private volatile long generation;
  private volatile boolean closed;
  private volatile Throwable failure;

  /** Evaluations of the binary model's gradient (see {@link #evaluate}). */
  public ParallelGradient(LogisticKernel kernel, int n, int threads, Executor executor) {
    this(kernel, n, 1, threads, executor);
  }

  /**
   * Evaluations of the binary model's gradient ({@code classes} = 1, {@link #evaluate}) or of the
   * softmax's with K = {@code classes} ≥ 2 ({@link #evaluateSoftmax}).
   */
  public ParallelGradient(
      LogisticKernel kernel, int n, int classes, int threads, Executor executor) {
    this.kernel = kernel;
    this.n = n;
    this.classes = classes;
    this.participants = threads;
    this.finished = new AtomicLongArray(threads * STRIDE);
    for (int t = 1; t < threads; t++) {
      int index = t;
      Runnable worker = () -> work(index);
      if (executor != null) {
        try {
          executor.execute(worker);
        } catch (RejectedExecutionException e) {
          // The caller's executor is full: the calling thread does the work.
        }
      } else {
        Thread thread = new Thread(worker, "vlogit-trainer-" + t);
        thread.setDaemon(true);
        thread.start();
      }
    }
  }

  /**
   * Chunk size for a range of {@code length} positions: 16 to 32 chunks (enough for 16 threads), a
   * power of two between 256 and 65536 positions: a multiple of the kernels' flush interval (so
   * chunking adds no rounding). A stream's pass reads these same chunks ({@link #evaluateStream}),
   * so its sums are the in-memory pass's.
   */
  static int chunkSize(int length) {
    return Math.max(256, Math.min(65536, Integer.highestOneBit(Math.max(1, length / 16))));
  }

  /**
   * Σ over positions [from, to) of {@code data} into {@code total} (cleared first). The loss is
   * formed if {@code total.withLoss} asks for it; otherwise {@code total.lossSum} is NaN.
   */
  public void evaluate(
      TrainingSet data, int from, int to, float[] w, float b, GradientWorkspace total) {
    total.clear();
    run(data, null, from, to, chunkSize(to - from), w, b, null, total);
  }

  /**
   * The softmax's sums over positions [from, to) into {@code total} (cleared first), with the K
   * rows of weights in {@code w} and the biases in {@code b}; as {@link #evaluate} otherwise.
   */
  public void evaluateSoftmax(
      TrainingSet data, int from, int to, float[] w, float[] b, GradientWorkspace total) {
    total.clear();
    run(data, null, from, to, chunkSize(to - from), w, 0f, b, total);
  }

  /**
   * Σ over every example of {@code s} into {@code total} (cleared first), in the chunks and with
   * the bits of {@link #evaluate} over the same examples in memory: each participant reads the
   * chunks it sums from the stream, in pieces of a power of two examples that stay in its cache, at
   * least {@link LogisticKernel#FLUSH} (so the pieces add the bits of one call) unless the examples
   * are so wide that pieces of FLUSH would take more than an eighth of the heap (then the same
   * sums, rounded differently). {@code b} the binary model's bias, or {@code classBiases} the
   * softmax's.
   */
  void evaluateStream(
      BlockStream s, float[] w, float b, float[] classBiases, GradientWorkspace total) {
    int m = s.examples();
    int size = chunkSize(m);
    if (streamPieces == null) {
      int per = Integer.highestOneBit(Math.max(1, PIECE_FLOATS / n));
      if (per < FLUSH && 4L * FLUSH * n * participants <= Runtime.getRuntime().maxMemory() / 8) {
        per = FLUSH; // wide data: pieces of whole flushes while an eighth of the heap holds them
      }
      per = Math.min(size, per);
      streamPieces = new Piece[participants];
      for (int t = 0; t < participants; t++) {
        streamPieces[t] = new Piece(n, per);
      }
    }
    total.clear();
    run(null, s, 0, m, size, w, b, classBiases, total);
    // The pieces' features are not checked as they are read: a value that is not finite makes the
    // gradient's entry of its feature ±∞ or NaN (x·dz, and NaN for the whole example if the value
    // is NaN or its weight 0), so a pass whose gradient is not finite looks for it, to name it.
    for (double g : total.gradient) {
      if (!Double.isFinite(g)) {
        try {
          s.requireFinite();
        } catch (IOException e) {
          throw new UncheckedIOException(e.getMessage(), e);
        }
        break;
      }
    }
  }

  /**
   * The job (the data or stream, positions [from, to) in chunks of {@code size}, the weights and
   * the bias or the class biases) run by the participants, its sums added into {@code total}.
   */
  private void run(
      TrainingSet data,
      BlockStream stream,
      int from,
      int to,
      int size,
      float[] w,
      float b,
      float[] classBiases,
      GradientWorkspace total) {
    if (data != null && !data.x.single()) {
      data.sliceBlocks();
      if (pieces == null) {
        pieces = new Piece[participants];
        for (int t = 0; t < participants; t++) {
          pieces[t] = new Piece(n);
        }
      }
    }
    int length = to - from;
    int count = (length + size - 1) / size;
    while (partials.size() < count) {
      partials.add(classes == 1 ? kernel.newWorkspace(n) : kernel.newWorkspace(n, classes));
    }
    for (int c = 0; c < count; c++) {
      partials.get(c).withLoss = total.withLoss;
    }
    // A worker that read the generation of an earlier evaluation may still be about to claim a
    // chunk when this one starts. Marking the job as being written first lets it see, after its
    // claim, that the fields it would read are no longer its evaluation's (claimAndRun).
    long gen = writing + 1;
    writing = gen;
    VarHandle.storeStoreFence();
    if (claims.length() < count * STRIDE) {
      AtomicLongArray grown = new AtomicLongArray(Math.max(count * STRIDE, 2 * claims.length()));
      for (int c = 0; c < claims.length(); c += STRIDE) {
        grown.set(c, claims.get(c));
      }
      claims = grown;
    }
    this.data = data;
    this.stream = stream;
    this.from = from;
    this.to = to;
    this.chunk = size;
    this.chunks = count;
    this.w = w;
    this.b = b;
    this.classBiases = classBiases;
    if (participants == 1) {
      for (int c = 0; c < count; c++) {
        try {
          runChunk(c, 0);
        } catch (IOException e) {
          throw new UncheckedIOException(e.getMessage(), e);
        }
      }
    } else {
      long target = completed + count;
      generation = gen; // publishes the job: its fields were written before
      unparkAll();
      runChunks(gen, 0);
      for (int spin = 0; finishedChunks() < target; spin++) {
        if (spin < SPINS) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
        }
      }
      completed = target;
      Throwable f = failure;
      if (f != null) {
        failure = null;
        throw f instanceof RuntimeException r
            ? r
            : f instanceof IOException io
                ? new UncheckedIOException(io.getMessage(), io)
                : new IllegalStateException("a training thread failed", f);
      }
    }
    for (int c = 0; c < count; c++) {
      partials.get(c).addTo(total);
    }
    if (!total.withLoss) {
      total.lossSum = Double.NaN;
    }
  }

  /** The chunks the participants have run since they started. */
  private long finishedChunks() {
    long sum = 0;
    for (int t = 0; t < participants; t++) {
      sum += finished.get(t * STRIDE);
    }
    return sum;
  }

  /** Claims and runs chunks of evaluation {@code gen}: own ones first, then any left. */
  private void runChunks(long gen, int participant) {
    AtomicLongArray slots = claims;
    // Bounded by the slots read: a late worker may read a later job's count with earlier slots.
    int count = Math.min(chunks, slots.length() / STRIDE);
    if (generation != gen) {
      return; // a later evaluation has started: this worker read a stale job
    }
    for (int c = participant; c < count; c += participants) {
      claimAndRun(slots, gen, c, participant);
    }
    for (int c = 0; c < count; c++) {
      claimAndRun(slots, gen, c, participant);
    }
  }

  private void claimAndRun(AtomicLongArray slots, long gen, int c, int participant) {
    int slot = c * STRIDE;
    long seen;
    do {
      seen = slots.get(slot);
      if (seen >= gen) {
        return; // done or being done by another participant
      }
      // A late worker's claim for an earlier evaluation may come between the read and the
      // compare-and-set: then read again rather than leave the chunk to nobody.
    } while (!slots.compareAndSet(slot, seen, gen));
    if (writing != gen) {
      return; // claimed for an evaluation that is over: the job's fields are a later one's
    }
    try {
      runChunk(c, participant);
    } catch (Throwable e) {
      failure = e;
    } finally {
      int i = participant * STRIDE;
      finished.set(i, finished.get(i) + 1);
    }
  }

  /** Chunk c of the current job into its partial sums. */
  private void runChunk(int c, int participant) throws IOException {
    GradientWorkspace ws = partials.get(c);
    ws.clear();
    int start = from + c * chunk;
    int end = Math.min(to, start + chunk);
    ws.passExamples = end - start;
    TrainingSet d = data;
    if (d == null) {
      passStream(start, end, streamPieces[participant], ws);
    } else if (d.x.single()) {
      pass(d.x.array(0), d.y, d.weights, d.rows, start, end, ws);
    } else {
      passBlocks(d, start, end, pieces[participant], ws);
    }
  }

  /** One kernel call: the binary or the softmax pass. */
  private void pass(
      float[] x, float[] y, float[] s, int[] rows, int start, int end, GradientWorkspace ws) {
    if (classes == 1) {
      kernel.accumulateGradient(x, y, s, n, rows, start, end, w, b, ws);
    } else {
      kernel.accumulateSoftmaxGradient(x, y, s, n, classes, rows, start, end, w, classBiases, ws);
    }
  }

  /**
   * Positions [start, end) of data in several blocks, with the bits of one call over one array
   * ({@link LogisticKernel#FLUSH}): the chunk is cut into pieces at multiples of FLUSH from its
   * start; runs of pieces inside one block are passed straight from the block, and a piece that
   * crosses a block's edge, or any piece by row index, is copied into the participant's {@link
   * Piece} first.
   */
  private void passBlocks(TrainingSet d, int start, int end, Piece piece, GradientWorkspace ws) {
    ExampleBlocks blocks = d.x;
    int p = start;
    while (p < end) {
      if (d.rows == null) {
        int b = blocks.blockOf(p);
        int blockEnd = blocks.end(b);
        int q = end <= blockEnd ? end : start + (blockEnd - start) / FLUSH * FLUSH;
        if (q > p) {
          int base = blocks.start(b);
          pass(blocks.array(b), d.blockLabels(b), d.blockWeights(b), null, p - base, q - base, ws);
          p = q;
          continue;
        }
      }
      int q = Math.min(end, p + FLUSH);
      piece.gather(d, p, q);
      pass(piece.x, piece.y, d.weights == null ? null : piece.s, null, 0, q - p, ws);
      p = q;
    }
  }

  /**
   * Examples [start, end) of the stream read piece by piece into {@code piece} and summed from
   * there: pieces of the piece's size from the chunk's start, which divides the chunk.
   */
  private void passStream(int start, int end, Piece piece, GradientWorkspace ws)
      throws IOException {
    BlockStream s = stream;
    int per = piece.y.length;
    for (int p = start; p < end; p += per) {
      int count = s.read(p / per, per, piece.x, piece.y, piece.s);
      pass(piece.x, piece.y, s.weighted() ? piece.s : null, null, 0, count, ws);
    }
  }

  /** A participant's copy of one piece of examples, their labels and weights. */
  private static final class Piece {
    final float[] x;
    final float[] y;
    final float[] s;

    /** A piece of {@link #FLUSH} examples. */
    Piece(int n) {
      this(n, FLUSH);
    }

    Piece(int n, int examples) {
      y = new float[examples];
      s = new float[examples];
      x = new float[Math.multiplyExact(examples, n)];
    }

    /** Copies the examples at positions [from, to) of {@code d}. */
    void gather(TrainingSet d, int from, int to) {
      int n = d.n;
      for (int p = from; p < to; p++) {
        int j = d.row(p);
        d.x.copyExample(j, x, (p - from) * n);
        y[p - from] = d.y[j];
        if (d.weights != null) {
          s[p - from] = d.weights[j];
        }
      }
    }
  }

  private void work(int participant) {
    long seen = generation;
    Thread me = Thread.currentThread();
    while (!closed) {
      int spin = 0;
      while (generation == seen && !closed) {
        if (spin++ < SPINS) {
          Thread.onSpinWait();
        } else {
          synchronized (parked) {
            parked.add(me);
          }
          if (generation == seen && !closed) {
            LockSupport.parkNanos(1_000_000);
          }
          synchronized (parked) {
            parked.remove(me);
          }
        }
      }
      if (closed) {
        return;
      }
      seen = generation;
      runChunks(seen, participant);
    }
  }

  @Override
  public void close() {
    closed = true;
    unparkAll();
  }

  /**
   * Wakes every parked worker. By index, not by iterator: an evaluation allocates nothing, and an
   * iterator here was seen on the heap (32 bytes per evaluation) on JDK 25 after the whole suite.
   */
  private void unparkAll() {
    synchronized (parked) {
      for (int i = 0; i < parked.size(); i++) {
        LockSupport.unpark(parked.get(i));
      }
    }
  }
}
