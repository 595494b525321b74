package io.vlogit;

import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.ScalarMath;
import io.vlogit.internal.text.Excerpt;
import io.vlogit.internal.train.ExampleBlocks;
import io.vlogit.internal.train.TrainingSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Training or evaluation data: {@code n} features by {@code m} examples, stored column-major so
 * that example {@code j}'s features are contiguous: feature {@code i} of example {@code j} is
 * {@code x[i + j*n]}. Labels are 0 or 1 (two classes: the binary model), or, for K ≥ 3 classes (the
 * multinomial model), the class indices 0..K−1, held as floats; each class may have a name.
 *
 * <p>Every value is checked when the dataset is built (finite features, labels exactly 0 or 1 or
 * the integers 0..K−1, {@code x.length == n*m}); a violation throws {@link InvalidDataException}
 * naming the example, the feature and the value. A dataset is immutable as long as nobody writes to
 * arrays given to {@link #wrap}; {@link #of} copies them so that nobody can.
 *
 * <p>{@link #range(int, int)} is a view of consecutive examples that shares the arrays: it costs
 * nothing, so trainers use it for blocks, batches and threads.
 *
 * <p>The features may be held in several arrays of whole examples ({@link #wrap(float[][], float[],
 * int, int)}, {@link #inBlocks}), so that a dataset can hold more than one Java array can (2³¹ − 1
 * floats; up to 2³¹ − 1 examples). Everything that reads a dataset reads it the same way and gets
 * the same bits, whatever the arrays.
 */
public final class Dataset {
  private final ExampleBlocks x;
  private final float[] y;
  private final float[] weights;
  private final int n;
  private final int first;
  private final int m;
  private final List<String> classNames;

  /** The engine's view of every example for {@link PassSums}, made at the first pass summed. */
  private volatile TrainingSet passes;

  private Dataset(
      ExampleBlocks x,
      float[] y,
      float[] weights,
      int n,
      int first,
      int m,
      List<String> classNames) {
    this.x = x;
    this.y = y;
    this.weights = weights;
    this.n = n;
    this.first = first;
    this.m = m;
    this.classNames = classNames;
  }

  /** The names "0", "1", ..., of K classes: what a dataset's classes are called until named. */
  public static List<String> indexNames(int classes) {
    List<String> names = new ArrayList<>(classes);
    for (int c = 0; c < classes; c++) {
      names.add(Integer.toString(c));
    }
    return List.copyOf(names);
  }

  /** Validates copies of {@code x} and {@code y}; later writes to the arguments do not matter. */
  public static Dataset of(float[] x, float[] y, int features) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    return wrap(x.clone(), y.clone(), features);
  }

  /**
   * Validates and keeps {@code x} and {@code y} without copying (for data too large to hold twice).
   * The caller must not write to them afterwards.
   */
  public static Dataset wrap(float[] x, float[] y, int features) {
    return wrap(x, y, features, 2);
  }

  /**
   * Validates copies of {@code x} and {@code y} for {@code classes} ≥ 2 classes (labels 0..K−1);
   * later writes to the arguments do not matter.
   */
  public static Dataset of(float[] x, float[] y, int features, int classes) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    return wrap(x.clone(), y.clone(), features, classes);
  }

  /**
   * Validates and keeps {@code x} and {@code y} without copying, for {@code classes} ≥ 2 classes:
   * every label an integer in 0..K−1 (0 or 1 for 2 classes, which train the binary model). The
   * classes are named "0", "1", ... unless {@link #withClassNames} names them. The caller must not
   * write to the arrays afterwards.
   */
  public static Dataset wrap(float[] x, float[] y, int features, int classes) {
    Objects.requireNonNull(x, "x");
    return wrap(new float[][] {x}, y, features, classes);
  }

  /**
   * Validates and keeps the features in the arrays {@code blocks} without copying, for data larger
   * than one Java array: each array holds whole examples (a multiple of n floats, at least one
   * example), in order, so that example j is the j-th across them; {@code y} has one label per
   * example (as in {@link #wrap(float[], float[], int, int)}). Training, scoring and metrics give
   * the bits they give on the same examples in one array. The caller must not write to the arrays
   * afterwards.
   */
  public static Dataset wrap(float[][] blocks, float[] y, int features, int classes) {
    Objects.requireNonNull(blocks, "blocks");
    Objects.requireNonNull(y, "y");
    if (blocks.length == 0) {
      throw new InvalidDataException("a dataset needs at least one array of examples (got none)");
    }
    if (classes < 2 || classes > MAX_CLASSES) {
      throw new InvalidDataException(
          "a dataset has 2 to " + MAX_CLASSES + " classes (got " + classes + ")");
    }
    if (features < 1) {
      throw new InvalidDataException(
          "a dataset needs at least 1 feature (got n = " + features + ")");
    }
    int m = y.length;
    if (m == 0) {
      throw new InvalidDataException("a dataset needs at least 1 example (got m = 0 labels)");
    }
    long expected = (long) features * m;
    long values = 0;
    for (int b = 0; b < blocks.length; b++) {
      float[] block = Objects.requireNonNull(blocks[b], "blocks[" + b + "]");
      if (blocks.length > 1 && (block.length == 0 || block.length % features != 0)) {
        throw new InvalidDataException(
            "array "
                + b
                + " of x has "
                + block.length
                + " values: each array holds whole examples, a positive multiple of n = "
                + features);
      }
      values += block.length;
    }
    if (values != expected) {
      throw new InvalidDataException(
          "x has " + values + " values but n × m = " + features + " × " + m + " = " + expected);
    }
    checkLabels(y, m, classes, 0);
    long before = 0;
    for (float[] block : blocks) {
      checkFinite(block, features, before);
      before += block.length / features;
    }
    return new Dataset(
        ExampleBlocks.of(blocks, features), y, null, features, 0, m, indexNames(classes));
  }

  /**
   * These examples copied into arrays of {@code examplesPerBlock} examples each (the last may hold
   * fewer), with the same labels, weights and class names: for data that must be split to fit the
   * heap's largest free region, and for testing that the result does not depend on the arrays.
   */
  public Dataset inBlocks(int examplesPerBlock) {
    if (examplesPerBlock < 1) {
      throw new IllegalArgumentException(
          "a block holds at least 1 example (got " + examplesPerBlock + ")");
    }
    return withFeatures(x.split(first, first + m, examplesPerBlock));
  }

  /**
   * This view's labels, weights and class names with other features: {@code x}, of n features,
   * holds as many examples as this view, in order (checked by the caller).
   */
  Dataset withFeatures(ExampleBlocks features) {
    float[] labels = java.util.Arrays.copyOfRange(y, first, first + m);
    float[] w = weights == null ? null : java.util.Arrays.copyOfRange(weights, first, first + m);
    return new Dataset(features, labels, w, n, 0, m, classNames);
  }

  /** Number of arrays that hold the examples (1 unless they were given or split in blocks). */
  public int arrays() {
    int firstBlock = x.blockOf(first);
    return x.blockOf(first + m - 1) - firstBlock + 1;
  }

  /** The most classes a dataset (and a model) can have. */
  public static final int MAX_CLASSES = 1 << 16;

  /**
   * This dataset with its classes named: {@code names.get(c)} is class c's, one distinct, non-empty
   * name per class. Models trained on it keep the names (a CSV file's string labels, for example).
   */
  public Dataset withClassNames(List<String> names) {
    return new Dataset(x, y, weights, n, first, m, checkClassNames(names, classes()));
  }

  /**
   * The same examples (sharing x and the sample weights) with their classes renumbered into {@code
   * names}, a list of distinct names that contains each of this dataset's class names (and may hold
   * others): label c becomes the index of class c's name in {@code names}. For evaluating a model
   * whose classes are {@code names} on data that has some of them, in another order.
   *
   * @throws InvalidDataException naming the first example whose class is not among {@code names}
   */
  public Dataset inClasses(List<String> names) {
    List<String> target = checkClassNames(names, names.size());
    if (target.size() < 2 || target.size() > MAX_CLASSES) {
      throw new InvalidDataException(
          "a dataset has 2 to " + MAX_CLASSES + " classes (got " + target.size() + ")");
    }
    int[] index = new int[classes()];
    for (int c = 0; c < index.length; c++) {
      index[c] = target.indexOf(classNames.get(c));
    }
    float[] relabeled = new float[y.length];
    for (int j = 0; j < m; j++) {
      int label = (int) y[first + j];
      if (index[label] < 0) {
        throw new InvalidDataException(
            "example "
                + j
                + ": class "
                + classNames.get(label)
                + " is not among "
                + Excerpt.of(target.toString()),
            j,
            InvalidDataException.NONE,
            label);
      }
      relabeled[first + j] = index[label];
    }
    return new Dataset(x, relabeled, weights, n, first, m, target);
  }

  /** A copy of {@code names} if they are K distinct, non-empty names, else an error saying why. */
  static List<String> checkClassNames(List<String> names, int classes) {
    Objects.requireNonNull(names, "names");
    if (names.size() != classes) {
      throw new InvalidDataException(
          "there are " + names.size() + " class names for " + classes + " classes");
    }
    Set<String> seen = new HashSet<>();
    for (int c = 0; c < classes; c++) {
      String name = Objects.requireNonNull(names.get(c), "class name");
      if (name.isEmpty() || !seen.add(name)) {
        throw new InvalidDataException(
            "class "
                + c
                + "'s name \""
                + name
                + "\" is "
                + (name.isEmpty() ? "empty" : "also another class's")
                + "; class names are distinct and non-empty");
      }
    }
    return List.copyOf(names);
  }

  /** Number of classes, K: 2 for binary labels. */
  public int classes() {
    return classNames.size();
  }

  /** The classes' names, class c's at index c ("0", "1", ... unless they were named). */
  public List<String> classNames() {
    return classNames;
  }

  /**
   * This dataset with a weight per example (a copy of {@code weights}, one per example of this
   * view): finite, ≥ 0, not all zero. The trainer minimizes {@code (1/Σs) Σ s_j·loss_j}; a weight
   * of 2 counts an example twice, a weight of 0 leaves it out.
   *
   * @throws InvalidDataException naming the first bad weight
   */
  public Dataset withSampleWeights(float[] weights) {
    Objects.requireNonNull(weights, "weights");
    if (weights.length != m) {
      throw new InvalidDataException(
          "there are " + weights.length + " sample weights for " + m + " examples");
    }
    checkWeights(weights, m, 0);
    boolean any = false;
    for (int j = 0; j < m && !any; j++) {
      any = weights[j] > 0;
    }
    if (!any) {
      throw new InvalidDataException("every sample weight is 0");
    }
    float[] all = new float[y.length];
    java.util.Arrays.fill(all, 0f);
    System.arraycopy(weights, 0, all, first, m);
    return new Dataset(x, y, all, n, first, m, classNames);
  }

  /** The weight of example {@code example}: 1 unless sample weights were given. */
  public float sampleWeight(int example) {
    Objects.checkIndex(example, m);
    return weights == null ? 1f : weights[first + example];
  }

  /** True if this dataset carries sample weights. */
  public boolean hasSampleWeights() {
    return weights != null;
  }

  /**
   * Checks that every value of column-major {@code x} with {@code features} features is finite.
   *
   * @throws InvalidDataException naming the first example and feature that is not
   */
  public static void checkFinite(float[] x, int features) {
    checkFinite(x, features, 0);
  }

  /**
   * The same for one of several arrays of examples, whose first example is example {@code before}
   * of them all: the error names the example by that count.
   */
  public static void checkFinite(float[] x, int features, long before) {
    checkFinite(x, features, x.length / Math.max(1, features), before);
  }

  /**
   * Checks that the first {@code count} labels of {@code y} are classes 0..K−1, {@code y[0]} being
   * example {@code before}'s (the error names the example by that count).
   */
  static void checkLabels(float[] y, int count, int classes, long before) {
    // Plain Java, not the kernel's vector check: a streamed pass reads and checks each piece in the
    // method that sums it, and C2, inlining the read there, stopped short of inlining the Vector
    // API's own methods in some JVMs, which slowed the pass (bench/README.md, "Two speeds of the
    // streamed pass").
    int j = ScalarMath.firstNonClass(y, 0, count, classes);
    if (j >= 0) {
      throw InvalidDataException.badLabel(before + j, y[j], classes);
    }
  }

  /**
   * Checks that the first {@code count} sample weights of {@code s} are finite and ≥ 0, {@code
   * s[0]} being example {@code before}'s.
   */
  static void checkWeights(float[] s, int count, long before) {
    for (int j = 0; j < count; j++) {
      if (!Float.isFinite(s[j]) || s[j] < 0) {
        throw new InvalidDataException(
            "example " + (before + j) + ": sample weight " + s[j] + " is not a finite number >= 0",
            before + j,
            InvalidDataException.NONE,
            s[j]);
      }
    }
  }

  /** The same for the first {@code examples} examples of {@code x}. */
  static void checkFinite(float[] x, int features, int examples, long before) {
    int k = Kernels.selected().firstNonFinite(x, 0, examples * features);
    if (k >= 0) {
      throw InvalidDataException.nonFiniteFeature(before + k / features, k % features, x[k]);
    }
  }

  /** Number of features, n. */
  public int features() {
    return n;
  }

  /** Number of examples, m. */
  public int examples() {
    return m;
  }

  /**
   * Feature {@code feature} of example {@code example} (both zero-based, relative to this view).
   */
  public float value(int example, int feature) {
    Objects.checkIndex(example, m);
    Objects.checkIndex(feature, n);
    return x.value(first + example, feature);
  }

  /** The label of example {@code example}: 0 or 1, or its class index 0..K−1. */
  public float label(int example) {
    Objects.checkIndex(example, m);
    return y[first + example];
  }

  /** Copies example {@code example}'s n features into {@code dst} at {@code offset}. */
  public void copyExample(int example, float[] dst, int offset) {
    Objects.checkIndex(example, m);
    x.copyExample(first + example, dst, offset);
  }

  /** A view of examples {@code [from, to)}, sharing this dataset's arrays. */
  public Dataset range(int from, int to) {
    Objects.checkFromToIndex(from, to, m);
    if (from == to) {
      throw new InvalidDataException(
          "an empty range of examples is not a dataset (" + from + ".." + to + ")");
    }
    return new Dataset(x, y, weights, n, first + from, to - from, classNames);
  }

  /** Number of examples per class, class c's at index c. */
  public long[] classCounts() {
    long[] counts = new long[classes()];
    for (int j = first; j < first + m; j++) {
      counts[(int) y[j]]++;
    }
    return counts;
  }

  /** Number of examples labelled 1. */
  public int positives() {
    int count = 0;
    for (int j = first; j < first + m; j++) {
      count += (int) y[j];
    }
    return count;
  }

  // Raw access for the trainer and the scorer in this package; kernels take arrays and absolute
  // example indices, so a view costs no copy.
  ExampleBlocks blocks() {
    return x;
  }

  /** A run of a view's consecutive examples that lie in one array. */
  interface Run {
    /**
     * @param x the array
     * @param offset where the run's first example starts in it
     * @param count the run's examples
     * @param example the view's index of the run's first example
     */
    void accept(float[] x, int offset, int count, int example);
  }

  /** Examples [from, to) of this view, in order, one run per array they lie in. */
  void forEachRun(int from, int to, Run run) {
    int j = first + from;
    int end = first + to;
    while (j < end) {
      int b = x.blockOf(j);
      int stop = Math.min(end, x.end(b));
      run.accept(x.array(b), x.offset(j), stop - j, j - first);
      j = stop;
    }
  }

  float[] yArray() {
    return y;
  }

  /** Sample weights indexed like {@link #yArray()}, or null. */
  float[] weightArray() {
    return weights;
  }

  /** Absolute index in {@link #blocks()} / {@link #yArray()} of this view's first example. */
  int firstExample() {
    return first;
  }

  @Override
  public String toString() {
    return "Dataset[n=" + n + ", m=" + m + (classes() == 2 ? "" : ", classes=" + classes()) + "]";
  }

  /**
   * Every example as the engine reads it, made once and kept: each pass of {@link PassSums#add}
   * over the same dataset would otherwise sum the weights and copy the labels of every block again.
   * Sliced before it is published, so the passes that share it only read it.
   */
  TrainingSet passes() {
    TrainingSet set = passes;
    if (set == null) {
      set = new TrainingSet(x, y, weights, n, null, first, first + m, classes());
      set.sliceBlocks();
      passes = set;
    }
    return set;
  }
}
