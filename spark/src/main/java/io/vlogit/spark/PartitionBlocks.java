package io.vlogit.spark;

import io.vlogit.Dataset;
import io.vlogit.PassSums;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * One partition's examples as vlogit's kernels take them, converted once and cached by Spark:
 * column-major float blocks of whole examples (example j's n features contiguous), each at most
 * {@link #BLOCK_FLOATS} floats, the labels and the weights (null if every weight is 1). Sparse rows
 * are made dense here. With standardization the features are stored standardized, {@code (x −
 * mean)/scale} computed in double, so the passes read them as they are.
 */
final class PartitionBlocks implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Floats per block: 16 MiB, well below Java's array limit, large enough to amortize a call. */
  static final int BLOCK_FLOATS = 1 << 22;

  private final int features;
  private final int classes;
  private final float[][] blocks;
  private final float[] labels;
  private final float[] weights;

  /** Whether some example weighs more than 0 (a dataset of weights that are all 0 is refused). */
  private final boolean weighs;

  /** The blocks as a dataset, made on first use in each JVM that holds them (not serialized). */
  private transient Dataset data;

  private PartitionBlocks(
      int features, int classes, float[][] blocks, float[] labels, float[] weights) {
    this.features = features;
    this.classes = classes;
    this.blocks = blocks;
    this.labels = labels;
    this.weights = weights;
    boolean any = weights == null && labels.length > 0;
    for (int j = 0; weights != null && j < weights.length && !any; j++) {
      any = weights[j] > 0;
    }
    this.weighs = any;
  }

  /**
   * The rows (features, label, weight) of one partition, which the summary pass has checked;
   * standardized by {@code mean} and {@code scale} unless they are null.
   */
  static PartitionBlocks of(
      Iterator<Row> rows, int n, int classes, boolean weighted, double[] mean, double[] scale) {
    int perBlock = Math.max(1, BLOCK_FLOATS / n);
    List<float[]> full = new ArrayList<>();
    FloatList y = new FloatList();
    FloatList s = weighted ? new FloatList() : null;
    double[] dense = new double[n];
    float[] block = new float[perBlock * n];
    int inBlock = 0;
    while (rows.hasNext()) {
      Row r = rows.next();
      PartitionSummary.toDense((Vector) r.get(0), dense);
      int at = inBlock * n;
      for (int i = 0; i < n; i++) {
        double v = mean == null ? dense[i] : (dense[i] - mean[i]) / scale[i];
        block[at + i] = (float) v;
      }
      y.add((float) r.getDouble(1));
      if (s != null) {
        s.add((float) r.getDouble(2));
      }
      if (++inBlock == perBlock) {
        full.add(block);
        block = new float[perBlock * n];
        inBlock = 0;
      }
    }
    if (inBlock > 0) {
      full.add(java.util.Arrays.copyOf(block, inBlock * n));
    }
    return new PartitionBlocks(
        n, classes, full.toArray(new float[0][]), y.toArray(), s == null ? null : s.toArray());
  }

  /** This partition's sums at the model (weights, biases), one pass of the fused kernel. */
  PassSums sums(float[] w, float[] b, boolean withLoss) {
    PassSums sums = PassSums.zero(features, classes);
    if (!weighs) {
      return sums; // no examples, or none that weighs: nothing to add
    }
    if (data == null) {
      Dataset d = Dataset.wrap(blocks, labels, features, classes);
      data = weights == null ? d : d.withSampleWeights(weights);
    }
    return sums.add(data, w, b, withLoss);
  }

  /** A growing float array (labels, weights), without boxing. */
  private static final class FloatList {
    private float[] a = new float[1024];
    private int size;

    void add(float v) {
      if (size == a.length) {
        a = java.util.Arrays.copyOf(a, a.length * 2);
      }
      a[size++] = v;
    }

    float[] toArray() {
      return java.util.Arrays.copyOf(a, size);
    }
  }
}
