package io.vlogit;

import io.vlogit.internal.kernel.GradientWorkspace;
import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.LogisticKernel;
import io.vlogit.internal.train.ParallelGradient;
import io.vlogit.internal.train.TrainingSet;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The sums one pass of the fused kernel makes over some examples at a model: what the trainer needs
 * from each part of data held elsewhere ({@link SummedExamples}). For the binary model (one row of
 * n weights w, a bias b; z = w·x + b, p = σ(z)) and an example of label y and sample weight s:
 *
 * <pre>
 *   loss     Σ s·(softplus(z) − y·z)
 *   gradient Σ s·(p − y)·x        (n entries)
 *   bias     Σ s·(p − y)
 * </pre>
 *
 * and for the multinomial model (K rows, softmax p_c, one-hot y_c) Σ s·(logsumexp(z) − z_y), K·n
 * entries Σ s·(p_c − y_c)·x (class c's at [c·n, c·n + n)) and K bias entries Σ s·(p_c − y_c). Not
 * divided by anything: the trainer divides the total by the examples' weight sum and adds the
 * penalty.
 *
 * <p>Parts are added in an order the caller fixes ({@link #add(PassSums)}), in double, so a pass
 * summed from the same parts in the same order gives the same bits: a Spark job, for example,
 * collects one per partition and adds them in partition order. Mutable, not thread-safe;
 * serializable, to travel from where it is summed.
 */
public final class PassSums implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int features;
  private final int classes;
  private final double[] gradient;
  private final double[] biasGradient;
  private double loss;
  private boolean withLoss = true;
  private long examples;
  private String kernel = "";

  private PassSums(int features, int classes) {
    if (features < 1 || classes < 2 || classes > Dataset.MAX_CLASSES) {
      throw new IllegalArgumentException(
          "a pass needs at least 1 feature and 2 to "
              + Dataset.MAX_CLASSES
              + " classes (got n = "
              + features
              + ", "
              + classes
              + " classes)");
    }
    int rows = classes == 2 ? 1 : classes;
    this.features = features;
    this.classes = classes;
    this.gradient = new double[Math.multiplyExact(rows, features)];
    this.biasGradient = new double[rows];
  }

  /** Sums of no examples yet, for a model of n {@code features} and {@code classes} classes. */
  public static PassSums zero(int features, int classes) {
    return new PassSums(features, classes);
  }

  /**
   * Adds the pass over every example of {@code data} (and its sample weights, if it has them) at
   * the model given by {@code weights} (K rows of n, K = 1 for 2 classes) and {@code biases} (K):
   * one fused pass of this JVM's kernel (the Vector API's where it runs, else the scalar
   * reference), the loss formed only {@code withLoss} (it costs a log per example). Returns this.
   *
   * @throws DimensionMismatchException if the data, weights or biases do not have these sums' n and
   *     classes
   */
  public PassSums add(Dataset data, float[] weights, float[] biases, boolean withLoss) {
    int rows = biasGradient.length;
    if (data.features() != features) {
      throw new DimensionMismatchException("dataset", features, data.features());
    }
    if (data.classes() != classes) {
      throw new InvalidDataException(
          "the dataset has " + data.classes() + " classes, these sums " + classes);
    }
    if (weights.length != gradient.length) {
      throw new DimensionMismatchException("weights", gradient.length, weights.length);
    }
    if (biases.length != rows) {
      throw new DimensionMismatchException("biases", rows, biases.length);
    }
    if (data.examples() == 0) {
      return this;
    }
    LogisticKernel kernel = Kernels.selected();
    GradientWorkspace ws =
        rows == 1 ? kernel.newWorkspace(features) : kernel.newWorkspace(features, rows);
    ws.withLoss = withLoss;
    int first = data.firstExample();
    TrainingSet set = data.passes();
    try (ParallelGradient pass = new ParallelGradient(kernel, features, rows, 1, null)) {
      if (rows == 1) {
        pass.evaluate(set, first, first + data.examples(), weights, biases[0], ws);
      } else {
        pass.evaluateSoftmax(set, first, first + data.examples(), weights, biases, ws);
      }
    }
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] += ws.gradient[i];
    }
    if (rows == 1) {
      biasGradient[0] += ws.dzSum;
    } else {
      for (int c = 0; c < rows; c++) {
        biasGradient[c] += ws.classDz[c];
      }
    }
    addLoss(withLoss, ws.lossSum);
    examples += data.examples();
    addKernel(kernel.name());
    return this;
  }

  /**
   * Adds {@code other}'s sums (of other examples at the same model) into these: in double, so the
   * order the parts are added in fixes the bits. Returns this.
   *
   * @throws DimensionMismatchException if other is of another n or number of classes
   */
  public PassSums add(PassSums other) {
    if (other.features != features || other.classes != classes) {
      throw new DimensionMismatchException(
          "sums of " + other.classes + " classes over features", features, other.features);
    }
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] += other.gradient[i];
    }
    for (int c = 0; c < biasGradient.length; c++) {
      biasGradient[c] += other.biasGradient[c];
    }
    addLoss(other.withLoss, other.loss);
    examples += other.examples;
    for (String name : other.kernel.split("\\+")) {
      addKernel(name);
    }
    return this;
  }

  private void addKernel(String name) {
    if (name.isEmpty() || ("+" + kernel + "+").contains("+" + name + "+")) {
      return;
    }
    kernel = kernel.isEmpty() ? name : kernel + "+" + name;
  }

  private void addLoss(boolean formed, double sum) {
    if (!formed) {
      withLoss = false;
      loss = Double.NaN;
    } else if (withLoss) {
      loss += sum;
    }
  }

  /** Number of features, n. */
  public int features() {
    return features;
  }

  /** Number of classes: 2 for the binary model, K ≥ 3 for the multinomial one. */
  public int classes() {
    return classes;
  }

  /** Examples summed so far. */
  public long examples() {
    return examples;
  }

  /**
   * The kernels that summed these, by name ({@code vector-512}, {@code scalar}, ...), joined by "+"
   * if the parts were summed by different ones (JVMs started with different flags); empty if no
   * examples were summed.
   */
  public String kernel() {
    return kernel;
  }

  /** Σ s·loss, or NaN if a part was summed without the loss. */
  public double loss() {
    return loss;
  }

  /** Entry i of the weights' gradient sum: feature i % n of row i / n. */
  public double gradient(int i) {
    return gradient[i];
  }

  /** The bias gradient sum of row r (0 for the binary model). */
  public double biasGradient(int r) {
    return biasGradient[r];
  }

  /** The weights' gradient sums (K·n, see above) into {@code dst}, the biases' (K) after them. */
  void copyTo(GradientWorkspace dst) {
    System.arraycopy(gradient, 0, dst.gradient, 0, gradient.length);
    if (biasGradient.length == 1) {
      dst.dzSum = biasGradient[0];
    } else {
      System.arraycopy(biasGradient, 0, dst.classDz, 0, biasGradient.length);
    }
    dst.lossSum = loss;
  }

  @Override
  public String toString() {
    return "PassSums[n="
        + features
        + ", classes="
        + classes
        + ", examples="
        + examples
        + ", loss="
        + loss
        + ", gradient="
        + Arrays.toString(Arrays.copyOf(gradient, Math.min(8, gradient.length)))
        + (gradient.length > 8 ? "..." : "")
        + "]";
  }
}
