package io.vlogit.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.Dataset;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimator in a Pipeline behind a VectorAssembler, saved and loaded by Spark's ML persistence
 * (fitted and not), and registered where Spark Connect looks for third-party stages.
 */
class PipelineTest {
  private static Pipeline pipeline(int n) {
    VectorAssembler assemble =
        new VectorAssembler().setInputCols(LocalSpark.columns(n)).setOutputCol("features");
    LogisticRegression lr =
        new LogisticRegression().setRegParam(0.01).setElasticNetParam(0.2).setThreshold(0.6);
    return new Pipeline().setStages(new PipelineStage[] {assemble, lr});
  }

  private static List<double[]> scores(PipelineModel model, org.apache.spark.sql.Dataset<Row> t) {
    return model
        .transform(t)
        .orderBy("f0", "f1", "f2")
        .select("probability", "prediction")
        .collectAsList()
        .stream()
        .map(r -> new double[] {((Vector) r.get(0)).apply(1), r.getDouble(1)})
        .collect(Collectors.toList());
  }

  @Test
  void aPipelineTrainsTransformsSavesAndLoads(@TempDir Path dir) throws Exception {
    Dataset data = LogisticRegressionTest.RAW_CANCER;
    org.apache.spark.sql.Dataset<Row> t = LocalSpark.table(data, 3).cache();
    PipelineModel fitted = pipeline(data.features()).fit(t);
    List<double[]> before = scores(fitted, t);
    long right = 0;
    for (double[] s : before) {
      assertEquals(s[0] > 0.6 ? 1.0 : 0.0, s[1], "prediction by the threshold");
    }
    List<Row> labelled = fitted.transform(t).select("label", "prediction").collectAsList();
    for (Row r : labelled) {
      right += r.getDouble(0) == r.getDouble(1) ? 1 : 0;
    }
    assertTrue(right > 0.95 * data.examples(), right + " of " + data.examples() + " right");

    String saved = dir.resolve("model").toString();
    fitted.write().overwrite().save(saved);
    PipelineModel loaded = PipelineModel.load(saved);
    List<double[]> after = scores(loaded, t);
    for (int k = 0; k < before.size(); k++) {
      assertArrayEquals(before.get(k), after.get(k), "row " + k);
    }
    LogisticRegressionModel a = (LogisticRegressionModel) fitted.stages()[1];
    LogisticRegressionModel b = (LogisticRegressionModel) loaded.stages()[1];
    assertEquals(a.uid(), b.uid());
    assertArrayEquals(a.weights(), b.weights());
    assertArrayEquals(a.biases(), b.biases());
    assertEquals(0.6, b.getThreshold());

    // The estimator saves its params and, loaded, trains the same model.
    String unfitted = dir.resolve("pipeline").toString();
    pipeline(data.features()).write().overwrite().save(unfitted);
    PipelineModel again = Pipeline.load(unfitted).fit(t);
    LogisticRegressionModel c = (LogisticRegressionModel) again.stages()[1];
    assertArrayEquals(a.weights(), c.weights());
  }

  @Test
  void sparkConnectFindsTheEstimatorAndItsModel() {
    List<Class<?>> estimators =
        ServiceLoader.load(Estimator.class).stream()
            .map(ServiceLoader.Provider::type)
            .collect(Collectors.toList());
    assertTrue(estimators.contains(LogisticRegression.class), estimators.toString());
    List<Class<?>> transformers =
        ServiceLoader.load(Transformer.class).stream()
            .map(ServiceLoader.Provider::type)
            .collect(Collectors.toList());
    assertTrue(transformers.contains(LogisticRegressionModel.class), transformers.toString());
    // The registry makes one of each with the no-argument constructor; that model cannot score.
    LogisticRegressionModel empty = new LogisticRegressionModel();
    IllegalStateException e = assertThrows(IllegalStateException.class, empty::toLogisticModel);
    assertTrue(e.getMessage().contains("Spark Connect"), e.getMessage());
  }
}
