package io.vlogit.spark;

import io.vlogit.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** One local[2] Spark session for every test class of this JVM, and DataFrames of datasets. */
final class LocalSpark {
  private LocalSpark() {}

  static final StructType SCHEMA =
      new StructType()
          .add("features", SQLDataTypes.VectorType(), false)
          .add("label", DataTypes.DoubleType, false)
          .add("weight", DataTypes.DoubleType, false);

  private static SparkSession session;

  static synchronized SparkSession session() {
    if (session == null) {
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("vlogit-spark-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }

  /**
   * The dataset's examples as rows (features, label, weight), in order, in {@code partitions}
   * partitions of consecutive rows; each row's features a sparse vector if {@code sparse}.
   */
  static org.apache.spark.sql.Dataset<Row> frame(
      Dataset data, float[] weights, int partitions, boolean sparse) {
    int n = data.features();
    List<Row> rows = new ArrayList<>();
    float[] x = new float[n];
    for (int j = 0; j < data.examples(); j++) {
      data.copyExample(j, x, 0);
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = x[i];
      }
      Vector features = sparse ? Vectors.dense(v).toSparse() : Vectors.dense(v);
      rows.add(
          RowFactory.create(
              features, (double) data.label(j), weights == null ? 1.0 : (double) weights[j]));
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(session().sparkContext());
    // parallelize slices a list into consecutive runs, in order: partition p holds the p-th run.
    // The checkpoint cuts the frame from those slices, which every task of every later job would
    // otherwise carry (its partition is the slice), as a frame read from files does not.
    return session().createDataFrame(sc.parallelize(rows, partitions), SCHEMA).localCheckpoint();
  }

  /** The columns f0, f1, ... of {@link #table}. */
  static String[] columns(int n) {
    String[] columns = new String[n];
    for (int i = 0; i < n; i++) {
      columns[i] = "f" + i;
    }
    return columns;
  }

  /**
   * The dataset as a table of one double column per feature ({@link #columns}) and a label column,
   * in {@code partitions} partitions of consecutive rows.
   */
  static org.apache.spark.sql.Dataset<Row> table(Dataset data, int partitions) {
    int n = data.features();
    StructType schema = new StructType();
    for (String c : columns(n)) {
      schema = schema.add(c, DataTypes.DoubleType, false);
    }
    schema = schema.add("label", DataTypes.DoubleType, false);
    List<Row> rows = new ArrayList<>();
    for (int j = 0; j < data.examples(); j++) {
      Object[] cells = new Object[n + 1];
      for (int i = 0; i < n; i++) {
        cells[i] = (double) data.value(j, i);
      }
      cells[n] = (double) data.label(j);
      rows.add(RowFactory.create(cells));
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(session().sparkContext());
    return session().createDataFrame(sc.parallelize(rows, partitions), schema).localCheckpoint();
  }
}
