package io.vlogit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.Dataset;
import io.vlogit.LogisticRegression;
import io.vlogit.Solver;
import io.vlogit.TestData;
import io.vlogit.TrainingResult;
import io.vlogit.io.NpyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --validation-x/--validation-y} and {@code --validation-csv}: validation data in the
 * training data's format, labelled by the training data's classes (a validation set may lack some),
 * in memory and with {@code --stream}; the options that do not fit together are usage errors.
 */
class ValidationCliTest {
  @TempDir Path dir;

  private Path npy(String name, float[] values, int m, int n) throws IOException {
    Path p = dir.resolve(name);
    if (n == 0) {
      NpyFile.write(p, values, m);
    } else {
      NpyFile.write(p, values, m, n);
    }
    return p;
  }

  @Test
  void validationFilesAreScoredAsTheJavaApiScoresThem() throws IOException {
    Dataset all = TestData.classes(41, 5, 3000, 3, 1.0);
    Dataset train = all.range(0, 2400);
    float[] vy = TestData.labels(all.range(2400, 3000));
    float[] vx = TestData.features(all.range(2400, 3000));
    // The validation examples of classes 0 and 1 only: their file has K = 2 by itself.
    int kept = 0;
    for (int j = 0; j < vy.length; j++) {
      if (vy[j] < 2) {
        System.arraycopy(vx, j * 5, vx, kept * 5, 5);
        vy[kept++] = vy[j];
      }
    }
    float[] keptX = java.util.Arrays.copyOf(vx, kept * 5);
    float[] keptY = java.util.Arrays.copyOf(vy, kept);
    String x = npy("x.npy", TestData.features(train), 2400, 5).toString();
    String y = npy("y.npy", TestData.labels(train), 2400, 0).toString();
    String valX = npy("vx.npy", keptX, kept, 5).toString();
    String valY = npy("vy.npy", keptY, kept, 0).toString();

    TrainingResult expected =
        LogisticRegression.builder()
            .solver(Solver.lbfgs(5))
            .maxIterations(10)
            .validation(Dataset.wrap(keptX, keptY, 5, 3))
            .build()
            .fit(train);
    double[] curve = expected.validationCostCurve();
    String line =
        String.format(
            Locale.ROOT,
            "validation: log-loss %.6f, accuracy %.2f%%",
            curve[curve.length - 1],
            100 * expected.validationAccuracyCurve()[curve.length - 1]);
    for (List<String> mode : List.of(List.<String>of(), List.of("--stream"))) {
      List<String> args =
          new java.util.ArrayList<>(
              List.of(
                  "train",
                  "--x",
                  x,
                  "--y",
                  y,
                  "--validation-x",
                  valX,
                  "--validation-y",
                  valY,
                  "--lbfgs",
                  "5",
                  "--max-iterations",
                  "10"));
      args.addAll(mode);
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertEquals(0, run.status(), run.err());
      assertTrue(run.out().contains(line), line + " in\n" + run.out());
    }

    // A validation label that is not a training class is named.
    keptY[7] = 4;
    npy("vy.npy", keptY, kept, 0);
    CliRun bad =
        CliRun.of("train", "--x", x, "--y", y, "--validation-x", valX, "--validation-y", valY);
    assertEquals(1, bad.status(), bad.out());
    assertTrue(bad.errorLine().contains("example 7"), bad.errorLine());
  }

  @Test
  void aValidationCsvIsLabelledByTheTrainingClasses() throws IOException {
    StringBuilder train = new StringBuilder("a,b,label\n");
    StringBuilder validation = new StringBuilder("a,b,label\n");
    for (int j = 0; j < 300; j++) {
      int label = new int[] {3, 5, 7}[j % 3];
      String row = (label + 0.1 * (j % 11)) + "," + (j % 5) + "," + label + "\n";
      train.append(row);
      if (label != 5) {
        validation.append(row);
      }
    }
    Path csv = dir.resolve("train.csv");
    Path val = dir.resolve("val.csv");
    Files.writeString(csv, train);
    Files.writeString(val, validation);
    CliRun run =
        CliRun.of(
            "train",
            "--csv",
            csv.toString(),
            "--validation-csv",
            val.toString(),
            "--lbfgs",
            "5",
            "--patience",
            "3");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("validation: log-loss"), run.out());
  }

  @Test
  void optionsThatDoNotFitAreUsageErrors() throws IOException {
    String x = npy("x.npy", new float[8], 4, 2).toString();
    String y = npy("y.npy", new float[] {0, 1, 0, 1}, 4, 0).toString();
    String[][] cases = {
      {"--x", x, "--y", y, "--validation-x", x},
      {"--x", x, "--y", y, "--validation-csv", x},
      {
        "--x", x, "--y", y, "--validation-x", x, "--validation-y", y, "--validation-fraction", "0.2"
      },
      {"--validation-x", x, "--validation-y", y},
    };
    for (String[] c : cases) {
      List<String> args = new java.util.ArrayList<>(List.of("train"));
      args.addAll(List.of(c));
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertEquals(2, run.status(), String.join(" ", args) + "\n" + run.err());
      assertTrue(run.errorLine().contains("--validation"), run.errorLine());
    }
  }
}
