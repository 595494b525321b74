package io.vlogit;

import io.vlogit.internal.train.BlockStream;
import io.vlogit.internal.train.Diverged;
import io.vlogit.internal.train.ExampleBlocks;
import io.vlogit.internal.train.Split;
import io.vlogit.internal.train.TrainingSet;
import io.vlogit.internal.train.Validation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * {@link LogisticRegression#fit(ExampleStream)}: training over a stream's blocks, read again for
 * every pass, each block checked as it arrives. A validation fraction holds out examples chosen at
 * random (one bit per example marks them): they are copied into memory by one pass over the stream
 * before training, and train with weight 0.
 */
final class StreamFitting {
  private StreamFitting() {}

  /** Mixed into the seed for the held-out examples, as the in-memory split mixes its own. */
  private static final long HOLD_OUT_SALT = 0x5eed_0f_57_12ea_3L;

  static TrainingResult fit(TrainingOptions o, Solver solver, ExampleStream stream) {
    String refused =
        o.standardize()
            ? "standardize"
            : o.classWeights() != null || o.balanced() ? "classWeights" : null;
    if (refused != null) {
      throw new InvalidOptionException(
          refused,
          "set",
          "needs the examples in memory (a Dataset) for now: a stream trains on the examples as"
              + " they are");
    }
    int n = stream.features();
    int m = stream.examples();
    int classes = stream.classes();
    if (n < 1 || m < 1 || classes < 2 || classes > Dataset.MAX_CLASSES) {
      throw new InvalidDataException(
          stream.description()
              + ": a stream needs at least 1 feature, 1 example and 2 to "
              + Dataset.MAX_CLASSES
              + " classes (got n = "
              + n
              + ", m = "
              + m
              + ", "
              + classes
              + " classes)");
    }
    float[][] start = Fitting.start(o, n, classes, stream.classNames());
    Validation validation = Fitting.validationData(o, n, stream.classNames());
    BitSet held = null;
    if (o.validationFraction() > 0) {
      held = heldOut(o.validationFraction(), o.seed(), m, n);
      validation = validation(stream, held, classes);
    }
    BitSet out = held;
    BlockStream.Reader checked =
        (block, perBlock, x, y, s) -> {
          int count = stream.read(block, perBlock, x, y);
          long first = (long) block * perBlock;
          for (int k = 0; k < count; k++) {
            float label = y[k];
            if (!(label >= 0f && label < classes && label == (int) label)) {
              throw InvalidDataException.badLabel(first + k, label, classes);
            }
            if (s != null) {
              s[k] = out.get((int) (first + k)) ? 0f : 1f;
            }
          }
          Dataset.checkFinite(x, n, count, first);
          return count;
        };
    int trained = held == null ? m : m - held.cardinality();
    try (BlockStream blocks =
        new BlockStream(checked, n, m, stream.examplesPerBlock(), classes, held != null)) {
      TrainingSet set = new TrainingSet(blocks, n, classes, trained);
      Fitting.Prepared run =
          Fitting.build(o, solver, set, validation, start, 1, stream.classNames());
      return run.result(run.loop().run());
    } catch (Diverged e) {
      throw new TrainingDivergedException(e.iteration(), e.what());
    }
  }

  /**
   * Exactly round(fraction·m) examples at random (Floyd's sampling), checked as the in-memory split
   * checks them: at least one on each side, and few enough to hold in memory.
   */
  static BitSet heldOut(double fraction, long seed, int m, int n) {
    int count = Split.heldOut(fraction, m);
    if (count < 1 || count >= m) {
      throw new InvalidDataException(
          "a validation fraction of "
              + fraction
              + " of "
              + m
              + " examples leaves "
              + count
              + " for validation and "
              + (m - count)
              + " for training; both need at least 1");
    }
    long bytes = 4L * count * (n + 1);
    if (bytes > Runtime.getRuntime().maxMemory() / 2) {
      throw new InvalidOptionException(
          "validationFraction",
          fraction,
          "holds out "
              + count
              + " examples, "
              + bytes / (1 << 20)
              + " MiB in memory, more than half the heap: give a smaller fraction, or a validation"
              + " dataset");
    }
    BitSet held = new BitSet(m);
    SplittableRandom random = new SplittableRandom(seed ^ HOLD_OUT_SALT);
    for (int j = m - count; j < m; j++) {
      int t = random.nextInt(j + 1);
      held.set(held.get(t) ? j : t);
    }
    return held;
  }

  /** The held-out examples, copied into memory by one pass over the stream. */
  private static Validation validation(ExampleStream stream, BitSet held, int classes) {
    int n = stream.features();
    int count = held.cardinality();
    int perArray = ExampleBlocks.examplesPerBlock(n, ExampleBlocks.BLOCK_FLOATS);
    float[][] x = new float[(count + perArray - 1) / perArray][];
    for (int b = 0; b < x.length; b++) {
      x[b] = new float[Math.min(perArray, count - b * perArray) * n];
    }
    float[] y = new float[count];
    int per = stream.examplesPerBlock();
    float[] bx = new float[Math.multiplyExact(per, n)];
    float[] by = new float[per];
    int at = 0;
    try {
      for (int block = 0; (long) block * per < stream.examples(); block++) {
        int read = stream.read(block, per, bx, by);
        int first = block * per;
        for (int j = held.nextSetBit(first);
            j >= 0 && j < first + read;
            j = held.nextSetBit(j + 1)) {
          System.arraycopy(bx, (j - first) * n, x[at / perArray], (at % perArray) * n, n);
          y[at++] = by[j - first];
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    Dataset d = Dataset.wrap(x, y, n, classes);
    return new Validation(d.blocks(), d.yArray(), null, 0, count, classes);
  }
}
