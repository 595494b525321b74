package io.vlogit;

import io.vlogit.internal.train.BlockStream;
import io.vlogit.internal.train.Diverged;
import io.vlogit.internal.train.ExampleBlocks;
import io.vlogit.internal.train.FeatureScaling;
import io.vlogit.internal.train.LabelsChecked;
import io.vlogit.internal.train.Split;
import io.vlogit.internal.train.TrainingSet;
import io.vlogit.internal.train.Validation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.SplittableRandom;
import java.util.function.Function;

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
    return withLoop(o, solver, stream, 1, run -> run.result(run.loop().run()));
  }

  /** {@link LogisticRegression#fitPath(ExampleStream, int)}. */
  static RegularizationPath path(
      TrainingOptions o, Solver solver, ExampleStream stream, int steps) {
    return withLoop(o, solver, stream, steps, run -> Fitting.path(run, steps));
  }

  /**
   * Checks the stream and the options, builds the training loop of {@code solver} for {@code runs}
   * fits over the stream's blocks, and gives it to {@code use} while the blocks are read.
   */
  private static <R> R withLoop(
      TrainingOptions o,
      Solver solver,
      ExampleStream stream,
      int runs,
      Function<Fitting.Prepared, R> use) {
    int n = stream.features();
    int m = stream.examples();
    int classes = stream.classes();
    Fitting.requireShape(stream.description(), n, m, classes);
    float[][] start = Fitting.start(o, n, classes, stream.classNames());
    Validation validation = Fitting.validationData(o, n, stream.classNames());
    BitSet held = null;
    long[] counts = null;
    if (o.validationFraction() > 0) {
      held = heldOut(o.validationFraction(), o.seed(), m, n);
      counts = o.balanced() ? new long[classes] : null;
      validation = validation(stream, held, classes, counts);
    }
    float[] classWeights = Fitting.classWeights(o, classes);
    if (o.balanced()) {
      classWeights =
          Fitting.balanced(counts != null ? counts : classCounts(stream), stream.classNames());
    }
    Before before = before(stream, held, classWeights, o.standardize(), o.fitIntercept());
    if (!(before.weightSum > 0)) {
      throw new InvalidDataException("every training example has weight 0");
    }
    BitSet out = held;
    float[] weightOf = classWeights;
    BlockStream.Reader checked =
        (block, perBlock, x, y, s, checkFinite) -> {
          int count = readChecked(stream, block, perBlock, x, y, s, checkFinite);
          long first = (long) block * perBlock;
          for (int k = 0; s != null && k < count; k++) {
            s[k] = weight(out, weightOf, first + k, y[k], stream.weighted() ? s[k] : 1f);
          }
          return count;
        };
    boolean weighted = held != null || classWeights != null || stream.weighted();
    try (BlockStream blocks =
        new BlockStream(
            checked, n, m, stream.examplesPerBlock(), classes, weighted, before.scaling)) {
      TrainingSet set = new TrainingSet(blocks, n, classes, before.weightSum);
      return use.apply(
          Fitting.build(
              o, solver, set, validation, start, runs, stream.classNames(), o.fitIntercept()));
    } catch (Diverged e) {
      throw new TrainingDivergedException(e.iteration(), e.what());
    }
  }

  /**
   * Example j's weight in training: 0 if it is held out, else its sample weight times its class's
   * weight (if class weights are given), as {@code ExampleWeights.combine} makes it in memory.
   */
  private static float weight(
      BitSet held, float[] classWeights, long j, float label, float sampleWeight) {
    if (held != null && held.get((int) j)) {
      return 0f;
    }
    return classWeights == null ? sampleWeight : sampleWeight * classWeights[(int) label];
  }

  /**
   * Reads a block of the stream, and its sample weights into {@code s} if it has them, and checks
   * them as a dataset in memory is checked: the labels classes (unless the stream checked them all
   * when it opened, {@link LabelsChecked}), the weights finite and ≥ 0, and the features finite if
   * {@code checkFinite} (a full pass finds those by its sums instead).
   */
  private static int readChecked(
      ExampleStream stream,
      int block,
      int perBlock,
      float[] x,
      float[] y,
      float[] s,
      boolean checkFinite)
      throws IOException {
    int count;
    if (stream.threadSafe()) {
      count = readRaw(stream, block, perBlock, x, y, s);
    } else {
      synchronized (stream) { // one read at a time; the checks below run in parallel
        count = readRaw(stream, block, perBlock, x, y, s);
      }
    }
    long first = (long) block * perBlock;
    if (!(stream instanceof LabelsChecked)) {
      Dataset.checkLabels(y, count, stream.classes(), first);
    }
    if (checkFinite) {
      Dataset.checkFinite(x, stream.features(), count, first);
    }
    if (stream.weighted()) {
      Dataset.checkWeights(s, count, first);
    }
    return count;
  }

  /** What training needs to know of the examples before its first pass. */
  private record Before(double weightSum, FeatureScaling scaling) {}

  /**
   * The training examples' weight sum, in order and in double as a training set in memory sums it,
   * and their standardization if {@code standardize} (centred if {@code intercept}): one pass over
   * the stream (none when every training example weighs 1).
   */
  private static Before before(
      ExampleStream stream,
      BitSet held,
      float[] classWeights,
      boolean standardize,
      boolean intercept) {
    int n = stream.features();
    int m = stream.examples();
    if (classWeights == null && !standardize && !stream.weighted()) {
      return new Before(held == null ? m : m - held.cardinality(), null);
    }
    FeatureScaling.Statistics statistics = standardize ? new FeatureScaling.Statistics(n) : null;
    double[] sum = {0};
    passChecked(
        stream,
        (first, count, x, y, s) -> {
          for (int k = 0; k < count; k++) {
            sum[0] += weight(held, classWeights, first + k, y[k], s == null ? 1f : s[k]);
            if (statistics != null && (held == null || !held.get((int) (first + k)))) {
              statistics.add(x, k * n);
            }
          }
        });
    return new Before(sum[0], statistics == null ? null : statistics.scaling(intercept));
  }

  /** The examples of each class: one pass over the stream. */
  private static long[] classCounts(ExampleStream stream) {
    long[] counts = new long[stream.classes()];
    passChecked(
        stream,
        (first, count, x, y, s) -> {
          for (int k = 0; k < count; k++) {
            counts[(int) y[k]]++;
          }
        });
    return counts;
  }

  /** One pass over the stream's blocks, each checked as training checks it. */
  private static void passChecked(ExampleStream stream, BlockVisitor visitor) {
    try {
      forEachBlock(stream, true, visitor);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
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

  /**
   * The held-out examples, copied into memory by one pass over the stream; if {@code counts} is not
   * null, the same pass counts the training examples (those not held out) of each class into it,
   * reading every block checked as training checks it.
   */
  private static Validation validation(
      ExampleStream stream, BitSet held, int classes, long[] counts) {
    int n = stream.features();
    int count = held.cardinality();
    int perArray = ExampleBlocks.examplesPerBlock(n, ExampleBlocks.BLOCK_FLOATS);
    float[][] x = new float[(count + perArray - 1) / perArray][];
    for (int b = 0; b < x.length; b++) {
      x[b] = new float[Math.min(perArray, count - b * perArray) * n];
    }
    float[] y = new float[count];
    int[] at = {0};
    try {
      forEachBlock(
          stream,
          counts != null,
          (first, read, bx, by, bs) -> {
            for (int k = 0; counts != null && k < read; k++) {
              if (!held.get((int) (first + k))) {
                counts[(int) by[k]]++;
              }
            }
            for (int j = held.nextSetBit((int) first);
                j >= 0 && j < first + read;
                j = held.nextSetBit(j + 1)) {
              int k = at[0]++;
              System.arraycopy(bx, (int) (j - first) * n, x[k / perArray], (k % perArray) * n, n);
              y[k] = by[(int) (j - first)];
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    Dataset d = Dataset.wrap(x, y, n, classes);
    return new Validation(d.blocks(), d.yArray(), null, 0, count, classes);
  }

  private static int readRaw(
      ExampleStream stream, int block, int perBlock, float[] x, float[] y, float[] s)
      throws IOException {
    int count = stream.read(block, perBlock, x, y);
    if (stream.weighted()) {
      stream.readWeights(block, perBlock, s);
    }
    return count;
  }

  /** What a pass over a stream does with each block. */
  interface BlockVisitor {
    /**
     * Block of examples [first, first + count): their features in x, their labels in y, their
     * sample weights in s if they were read, else null (arrays reused for the next block).
     */
    void block(long first, int count, float[] x, float[] y, float[] s) throws IOException;
  }

  /**
   * One pass over the stream's blocks in order, read into arrays made once; {@code checked}: with
   * the sample weights, and every block checked as training checks it ({@link #readChecked}).
   */
  static void forEachBlock(ExampleStream stream, boolean checked, BlockVisitor visitor)
      throws IOException {
    int per = stream.examplesPerBlock();
    float[] x = new float[Math.multiplyExact(per, stream.features())];
    float[] y = new float[per];
    float[] s = checked && stream.weighted() ? new float[per] : null;
    for (int block = 0; (long) block * per < stream.examples(); block++) {
      int count =
          checked ? readChecked(stream, block, per, x, y, s, true) : stream.read(block, per, x, y);
      visitor.block((long) block * per, count, x, y, s);
    }
  }
}
