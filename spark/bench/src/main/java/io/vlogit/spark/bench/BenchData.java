package io.vlogit.spark.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The benchmarks' DataFrames of (features, label), in a given number of partitions. */
final class BenchData {
  private BenchData() {}

  static final StructType SCHEMA =
      new StructType()
          .add("features", SQLDataTypes.VectorType(), false)
          .add("label", DataTypes.DoubleType, false);

  /** Where Debian's dataset-fashion-mnist puts the data (-Dvlogit.bench.fashion overrides). */
  static final Path FASHION =
      Path.of(System.getProperty("vlogit.bench.fashion", "/usr/share/datasets/fashion-mnist"));

  /** "fashion-footwear" or "NxM" (generated), in {@code partitions} partitions, checkpointed. */
  static Dataset<Row> frame(SparkSession spark, String name, int partitions) throws IOException {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Dataset<Row> frame;
    if (name.equals("fashion-footwear")) {
      frame = spark.createDataFrame(sc.parallelize(fashionFootwear(), partitions), SCHEMA);
    } else {
      String[] nm = name.split("x");
      int n = Integer.parseInt(nm[0]);
      long m = Long.parseLong(nm[1]);
      List<Integer> parts = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        parts.add(p);
      }
      frame =
          spark.createDataFrame(
              sc.parallelize(parts, partitions)
                  .flatMap(p -> generated(n, m, p, partitions).iterator()),
              SCHEMA);
    }
    // Checkpointed (kept by the block manager, lineage cut): a frame made from a local list
    // otherwise makes every task of every later job carry its partition's slice of the list.
    return frame.localCheckpoint();
  }

  /**
   * Partition p of m generated examples of n features: x standard normal, y drawn from the logistic
   * model of a fixed w* (normal, scaled by 2/√n) and b* = 0.3; seeded by p, so the same for every
   * run.
   */
  static List<Row> generated(int n, long m, int p, int partitions) {
    Random truth = new Random(42);
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = truth.nextGaussian() * 2 / Math.sqrt(n);
    }
    long from = m * p / partitions;
    long to = m * (p + 1) / partitions;
    Random r = new Random(1000 + p);
    List<Row> rows = new ArrayList<>((int) (to - from));
    for (long j = from; j < to; j++) {
      double[] x = new double[n];
      double z = 0.3;
      for (int i = 0; i < n; i++) {
        x[i] = r.nextGaussian();
        z += w[i] * x[i];
      }
      double y = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
      rows.add(RowFactory.create(Vectors.dense(x), y));
    }
    return rows;
  }

  /**
   * Fashion-MNIST's 60 000 training images (IDX files, gzipped): pixels / 255 as 784 features,
   * label 1 for classes 5, 7 and 9 (sandal, sneaker, ankle boot: footwear), 0 otherwise; as
   * bench/'s Workload reads them for the single-machine benchmarks.
   */
  static List<Row> fashionFootwear() throws IOException {
    ByteBuffer images = ByteBuffer.wrap(gunzip(FASHION.resolve("train-images-idx3-ubyte.gz")));
    ByteBuffer labels = ByteBuffer.wrap(gunzip(FASHION.resolve("train-labels-idx1-ubyte.gz")));
    if (images.getInt() != 0x803 || labels.getInt() != 0x801) {
      throw new IOException(FASHION + ": not the IDX files of Fashion-MNIST");
    }
    int m = images.getInt();
    int n = images.getInt() * images.getInt();
    labels.getInt();
    List<Row> rows = new ArrayList<>(m);
    for (int j = 0; j < m; j++) {
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = (images.get() & 0xff) / 255.0;
      }
      int c = labels.get();
      rows.add(RowFactory.create(Vectors.dense(x), c == 5 || c == 7 || c == 9 ? 1.0 : 0.0));
    }
    return rows;
  }

  private static byte[] gunzip(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return in.readAllBytes();
    }
  }
}
