package io.vlogit.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A {@link LogisticRegressionModel} in Spark ML's layout, so a saved {@code PipelineModel} holds it
 * as it holds MLlib's: {@code metadata/} (its class, uid and params, by Spark's writer) and {@code
 * data/}, one Parquet row of the number of features and classes, the weights (K rows of n,
 * row-major) and the biases.
 */
final class ModelIo {
  private ModelIo() {}

  private static final StructType DATA =
      new StructType()
          .add("numFeatures", DataTypes.IntegerType, false)
          .add("numClasses", DataTypes.IntegerType, false)
          .add("weights", DataTypes.createArrayType(DataTypes.FloatType, false), false)
          .add("biases", DataTypes.createArrayType(DataTypes.FloatType, false), false);

  static final class Writer extends MLWriter {
    private final LogisticRegressionModel model;

    Writer(LogisticRegressionModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      SparkSession spark = sparkSession();
      DefaultParamsWriter.saveMetadata(model, path, spark);
      Row row =
          RowFactory.create(
              model.numFeatures(),
              model.numClasses(),
              boxed(model.weights()),
              boxed(model.biases()));
      spark.createDataFrame(List.of(row), DATA).repartition(1).write().parquet(path + "/data");
    }
  }

  static final class Reader extends MLReader<LogisticRegressionModel> {
    @Override
    public LogisticRegressionModel load(String path) {
      SparkSession spark = sparkSession();
      DefaultParamsReader.Metadata metadata =
          DefaultParamsReader.loadMetadata(path, spark, LogisticRegressionModel.class.getName());
      Row row = spark.read().schema(DATA).parquet(path + "/data").head();
      LogisticRegressionModel model =
          new LogisticRegressionModel(
              metadata.uid(),
              row.getInt(0),
              row.getInt(1),
              unboxed(row.getList(2)),
              unboxed(row.getList(3)),
              null);
      metadata.getAndSetParams(model, metadata.getAndSetParams$default$2());
      return model;
    }
  }

  private static List<Float> boxed(float[] a) {
    List<Float> list = new ArrayList<>(a.length);
    for (float v : a) {
      list.add(v);
    }
    return list;
  }

  private static float[] unboxed(List<Float> list) {
    float[] a = new float[list.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = list.get(i);
    }
    return a;
  }
}
