package io.vlogit.spark;

import io.vlogit.PassSums;
import io.vlogit.SummedExamples;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The cached partitions as vlogit's trainer sees them: each pass broadcasts the model, every
 * partition sums its examples with the fused kernel, and the driver adds the partitions' sums in
 * partition order, so that a fit is the same for the same partitioning whatever order the tasks
 * finish in.
 */
final class SparkPasses implements SummedExamples {
  private final JavaSparkContext sc;
  private final JavaRDD<PartitionBlocks> partitions;
  private final int features;
  private final int classes;
  private final long examples;
  private final double weightSum;
  private final boolean intercept;
  private String kernels = "";
  private int passes;

  SparkPasses(
      JavaSparkContext sc,
      JavaRDD<PartitionBlocks> partitions,
      int features,
      int classes,
      long examples,
      double weightSum,
      boolean intercept) {
    this.sc = sc;
    this.partitions = partitions;
    this.features = features;
    this.classes = classes;
    this.examples = examples;
    this.weightSum = weightSum;
    this.intercept = intercept;
  }

  @Override
  public boolean intercept() {
    return intercept;
  }

  @Override
  public int features() {
    return features;
  }

  @Override
  public int classes() {
    return classes;
  }

  @Override
  public long examples() {
    return examples;
  }

  @Override
  public double weightSum() {
    return weightSum;
  }

  @Override
  public PassSums sums(float[] weights, float[] biases, boolean withLoss) {
    Broadcast<float[][]> model = sc.broadcast(new float[][] {weights.clone(), biases.clone()});
    try {
      List<PassSums> parts =
          partitions
              .map(p -> p.sums(model.value()[0], model.value()[1], withLoss))
              .collect(); // in partition order
      PassSums total = PassSums.zero(features, classes);
      for (PassSums part : parts) {
        total.add(part);
      }
      kernels = total.kernel();
      passes++;
      return total;
    } finally {
      model.destroy();
    }
  }

  /** The kernels the partitions summed with in the last pass ("scalar", "vector-256", ...). */
  String kernels() {
    return kernels;
  }

  /** Passes made so far. */
  int passes() {
    return passes;
  }

  @Override
  public String description() {
    return partitions.getNumPartitions() + " partitions of " + examples + " examples";
  }
}
