package io.vlogit.cli;

import io.vlogit.MultinomialModel;
import io.vlogit.RegularizationPath;
import io.vlogit.TrainingResult;
import io.vlogit.internal.text.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code train --report-json}: the run as JSON (curves, stop reason, timing, the model). */
final class TrainReport {
  private TrainReport() {}

  /**
   * @param path the regularization path the result was selected from, or null
   * @param selected the result's index in the path
   */
  static byte[] json(
      DataSource.Labelled data,
      TrainingResult result,
      double accuracy,
      String summary,
      RegularizationPath path,
      int selected) {
    JsonWriter j =
        new JsonWriter(true)
            .beginObject()
            .name("data")
            .value(data.description())
            .name("examples")
            .value(data.examples())
            .name("features")
            .value(data.features())
            .name("solver")
            .value(result.solver().toString())
            .name("iterations")
            .value(result.iterations())
            .name("dataPasses")
            .value(result.dataPasses())
            .name("finalCost")
            .value(result.finalCost())
            .name("finalLoss")
            .value(result.finalLoss())
            .name("nonZeroWeights")
            .value(result.nonZeroWeights())
            .name("trainAccuracy")
            .value(accuracy)
            .name("secondsPerIteration")
            .value(result.secondsPerIteration())
            .name("fastestSecondsPerIteration")
            .value(result.fastestSecondsPerIteration())
            .name("totalSeconds")
            .value(result.totalSeconds())
            .name("kernel")
            .value(result.kernel())
            .name("kernelReason")
            .value(result.kernelReason())
            .name("threads")
            .value(result.threads())
            .name("options")
            .value(summary)
            .name("stopReason")
            .value(result.stopReason().name())
            .name("converged")
            .value(result.converged())
            .name("finalGradientNorm")
            .value(result.finalGradientNorm())
            .name("bestIteration")
            .value(result.bestIteration())
            .name("costCurve")
            .array(result.costCurve())
            .name("validationCostCurve")
            .array(result.validationCostCurve())
            .name("validationAccuracyCurve")
            .array(result.validationAccuracyCurve())
            .name("classes")
            .value(result.classes());
    if (result.classes() == 2) {
      j.name("weights").array(result.model().weights()).name("bias").value(result.model().bias());
    } else {
      MultinomialModel model = result.multinomialModel();
      j.name("classNames").strings(model.classNames()).name("weights").beginArray();
      for (float[] row : model.weights()) {
        j.array(row);
      }
      j.endArray().name("bias").array(model.biases());
    }
    if (path != null) {
      j.name("path")
          .beginObject()
          .name("l1Max")
          .value(path.l1Max())
          .name("selected")
          .value(selected)
          .name("steps")
          .beginArray();
      for (RegularizationPath.Step step : path.steps()) {
        j.beginObject()
            .name("l1")
            .value(step.l1())
            .name("nonZeroWeights")
            .value(step.nonZeroWeights())
            .name("trainingLoss")
            .value(step.trainingLoss())
            .name("validationLoss")
            .value(step.validationLoss())
            .name("iterations")
            .value(step.result().iterations())
            .name("dataPasses")
            .value(step.result().dataPasses())
            .name("stopReason")
            .value(step.result().stopReason().name())
            .endObject();
      }
      j.endArray().endObject();
    }
    List<String> names = data.featureNames();
    if (names != null) {
      j.name("featureNames").strings(names);
    }
    return (j.endObject() + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
