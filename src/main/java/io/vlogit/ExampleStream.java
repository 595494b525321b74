package io.vlogit;

import java.io.IOException;
import java.util.List;

/**
 * Training examples that stay outside the heap and are read block by block, again for every pass
 * over them: for data larger than the heap ({@link LogisticRegression#fit(ExampleStream)}). {@link
 * io.vlogit.io.NpyFile#stream} streams a {@code .npy} file; other sources implement this.
 *
 * <p>The trainer reads each block once per pass (in order, 0, 1, 2, ..., or for an epoch of
 * mini-batches in a shuffled order), on a thread of its own while it works on the block before
 * (double buffering). It holds two blocks at a time: the memory it needs is that plus O(n),
 * whatever the number of examples. Each block must read the same values every time, or fail ({@link
 * io.vlogit.io.NpyFile#stream}'s checks its files' size and modification time before every read);
 * the trainer checks the values as they arrive (finite features, labels that are classes, weights
 * that are finite and ≥ 0) and stops on the first bad one, naming it.
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
   * Examples per block: a power of two. The trainer may raise it to the chunk it sums in (at most
   * 65536 examples); block b holds examples [b·k, min(m, (b + 1)·k)) for the k it {@link #read}s
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

  /** What the examples are, for messages: a file name, for example. */
  String description();

  /** Releases what the source holds open (a file). */
  @Override
  void close() throws IOException;
}
