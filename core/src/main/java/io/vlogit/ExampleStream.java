package io.vlogit;

import java.io.IOException;
import java.util.List;

/**
 * Training examples that stay outside the heap and are read block by block, again for every pass
 * over them: for data larger than the heap ({@link LogisticRegression#fit(ExampleStream)}). {@link
 * io.vlogit.io.NpyFile#stream} streams a {@code .npy} file; other sources implement this.
 *
 * <p>A full pass (every gradient-descent epoch and L-BFGS evaluation) is read by the threads that
 * sum it, at least two, each reading pieces of the chunks it sums (blocks of a power of two
 * examples of the trainer's choosing, about 4 MiB) and summing them while they are in its cache;
 * one thread at a time unless {@link #threadSafe}. An epoch of mini-batches reads blocks of {@link
 * #examplesPerBlock} in a shuffled order, on a reader thread that fills the next while the trainer
 * works on the one before (double buffering). The memory the trainer needs is those pieces and
 * blocks plus O(n), whatever the number of examples. Each block must read the same values every
 * time, or fail ({@link io.vlogit.io.NpyFile#stream}'s checks its files' size before every read and
 * modification time every 64 MiB); the trainer checks the labels and weights as they arrive
 * (classes; finite and ≥ 0) and the features by the sums of each pass (a value that is not finite
 * makes them so, and the pass then looks for it), and stops on the first bad one, naming it.
 */
public interface ExampleStream extends AutoCloseable {
  /** Number of features, n. */
  int features();

  /** Number of examples, m (at most 2³¹ − 1). */
  int examples();

  /** Number of classes, K: 2 for the binary model's labels 0 and 1, else labels 0..K−1. */
  int classes();

  /** The classes' names, class c's at index c: "0", "1", ... unless the source names them. */
  default List<String> classNames() {
    return Dataset.indexNames(classes());
  }

  /**
   * Examples per block for epochs of mini-batches: a power of two. Full passes read with a power of
   * two of their own; block b holds examples [b·k, min(m, (b + 1)·k)) for the k it {@link #read}s
   * with.
   */
  int examplesPerBlock();

  /**
   * Reads the examples [block·perBlock, min(m, (block + 1)·perBlock)) into {@code x} (column-major:
   * example j's n features at {@code x[(j − block·perBlock)·n ..]}) and their labels into {@code
   * y}; returns how many it read.
   *
   * @throws IOException if they cannot be read or are no longer the data first read (a file that
   *     changed or shrank)
   */
  int read(int block, int perBlock, float[] x, float[] y) throws IOException;

  /** Whether the examples have sample weights, which {@link #readWeights} reads: false here. */
  default boolean weighted() {
    return false;
  }

  /**
   * Reads the sample weights of the examples that {@link #read} reads for the same block and
   * perBlock into {@code s}, one per example; called only if {@link #weighted}. The trainer checks
   * them as they arrive (finite, ≥ 0).
   *
   * @throws IOException as {@link #read}
   */
  default void readWeights(int block, int perBlock, float[] s) throws IOException {
    throw new UnsupportedOperationException(description() + " has no sample weights");
  }

  /**
   * Whether {@link #read} and {@link #readWeights} may be called by several threads at once, for
   * different blocks into different arrays (positional reads of a file, with a buffer per thread,
   * allow it): false here, and the trainer then reads one block at a time. The trainer reads with
   * as many threads as it sums with, and at least two.
   */
  default boolean threadSafe() {
    return false;
  }

  /** What the examples are, for messages: a file name, for example. */
  String description();

  /** Releases what the source holds open (a file). */
  @Override
  void close() throws IOException;
}
