package io.vlogit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vlogit.Dataset;
import io.vlogit.LogisticModel;
import io.vlogit.LogisticRegression;
import io.vlogit.Solver;
import io.vlogit.TestData;
import io.vlogit.io.BundledData;
import io.vlogit.io.ModelFile;
import io.vlogit.io.NpyFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private String p(String name) {
    return dir.resolve(name).toString();
  }

  @Test
  void trainOnTheBundledDataWritesModelAndReport() throws IOException {
    CliRun run =
        CliRun.of("train", "--epochs", "300", "--model", p("m.vlm"), "--report-json", p("r.json"));
    assertEquals(0, run.status(), run.err());
    assertTrue(
        run.out().contains("bundled breast-cancer data (569 examples × 30 features, z-scored)"),
        run.out());
    assertTrue(run.out().contains("final cost: "), run.out());
    assertTrue(run.out().contains("training accuracy: "), run.out());
    assertTrue(run.out().contains("kernel: "), run.out());

    JsonNode r = JSON.readTree(Files.readString(dir.resolve("r.json")));
    for (String key :
        List.of(
            "finalCost",
            "iterations",
            "dataPasses",
            "costCurve",
            "trainAccuracy",
            "secondsPerIteration",
            "kernel",
            "weights",
            "bias")) {
      assertTrue(r.has(key), "report has " + key);
    }
    assertEquals(300, r.get("iterations").asInt());
    double fastest = r.get("fastestSecondsPerIteration").asDouble();
    assertTrue(
        fastest > 0 && fastest <= r.get("secondsPerIteration").asDouble(), "fastest " + fastest);
    assertEquals(301, r.get("costCurve").size());
    assertEquals(r.get("finalCost").asDouble(), r.get("costCurve").get(300).asDouble());
    assertEquals(30, r.get("weights").size());
    assertEquals(30, r.get("featureNames").size());
    assertTrue(r.get("trainAccuracy").asDouble() > 0.95);

    // The CLI's model is the library's model for the same options, and the report carries it.
    LogisticModel expected =
        LogisticRegression.builder()
            .solver(Solver.gradientDescent().learningRate(0.1))
            .maxIterations(300)
            .build()
            .fit(BundledData.breastCancer().data())
            .model();
    LogisticModel saved = ModelFile.read(dir.resolve("m.vlm")).model();
    assertEquals(expected, saved);
    for (int i = 0; i < 30; i++) {
      assertEquals(saved.weight(i), (float) r.get("weights").get(i).asDouble());
    }
  }

  @Test
  void noInterceptTrainsAModelWhoseBiasIsZero() throws IOException {
    CliRun without = CliRun.of("train", "--no-intercept", "--epochs", "50", "--model", p("n.vlm"));
    assertEquals(0, without.status(), without.err());
    assertEquals(0f, ModelFile.read(dir.resolve("n.vlm")).model().bias());
    CliRun with = CliRun.of("train", "--epochs", "50", "--model", p("w.vlm"));
    assertEquals(0, with.status(), with.err());
    assertTrue(ModelFile.read(dir.resolve("w.vlm")).model().bias() != 0f);
    CliRun warm = CliRun.of("train", "--no-intercept", "--warm-start", p("w.vlm"));
    assertEquals(2, warm.status(), warm.out());
    assertTrue(
        warm.errorLine().startsWith("error: --warm-start cannot start a fit without an intercept"),
        warm.err());
  }

  @Test
  void trainPredictEvaluateInspectOnNpyAndCsv() throws IOException {
    Dataset d = TestData.gaussian(7, 4, 120, 1.0);
    float[] x = new float[4 * 120];
    float[] y = new float[120];
    StringBuilder csv = new StringBuilder("f0,f1,f2,f3,label\n");
    for (int j = 0; j < 120; j++) {
      d.copyExample(j, x, 4 * j);
      y[j] = d.label(j);
      for (int i = 0; i < 4; i++) {
        csv.append(x[4 * j + i]).append(',');
      }
      csv.append((int) y[j]).append('\n');
    }
    NpyFile.write(dir.resolve("x.npy"), x, 120, 4);
    NpyFile.write(dir.resolve("y.npy"), y, 120);
    Files.writeString(dir.resolve("d.csv"), csv);

    assertEquals(
        0,
        CliRun.of(
                "train",
                "--x",
                p("x.npy"),
                "--y",
                p("y.npy"),
                "--epochs",
                "50",
                "--model",
                p("a.vlm"))
            .status());
    assertEquals(
        0,
        CliRun.of("train", "--csv", p("d.csv"), "--epochs", "50", "--model", p("b.vlm")).status());
    LogisticModel a = ModelFile.read(dir.resolve("a.vlm")).model();
    assertEquals(a, ModelFile.read(dir.resolve("b.vlm")).model(), "same data through .npy and CSV");

    float[] expected = new float[120];
    a.probabilities(x, 0, 120, expected, 0);
    assertEquals(
        0,
        CliRun.of("predict", "--model", p("a.vlm"), "--x", p("x.npy"), "--out", p("p.npy"))
            .status());
    assertArrayEquals(expected, NpyFile.readLabels(dir.resolve("p.npy")));
    assertEquals(
        0,
        CliRun.of("predict", "--model", p("a.vlm"), "--csv", p("d.csv"), "--out", p("p.csv"))
            .status());
    List<String> lines = Files.readAllLines(dir.resolve("p.csv"), StandardCharsets.UTF_8);
    assertEquals("probability", lines.get(0));
    for (int j = 0; j < 120; j++) {
      assertEquals(expected[j], Float.parseFloat(lines.get(j + 1)));
    }
    CliRun stdout = CliRun.of("predict", "--model", p("a.vlm"), "--x", p("x.npy"), "--out", "-");
    assertEquals(121, stdout.out().split("\n").length);

    CliRun eval = CliRun.of("evaluate", "--model", p("a.vlm"), "--csv", p("d.csv"), "--json");
    assertEquals(0, eval.status(), eval.err());
    JsonNode e = JSON.readTree(eval.out());
    assertEquals(120, e.get("examples").asInt());
    assertTrue(e.get("rocAuc").asDouble() > 0.5);
    CliRun text =
        CliRun.of("evaluate", "--model", p("a.vlm"), "--x", p("x.npy"), "--y", p("y.npy"));
    assertTrue(text.out().contains("log-loss: ") && text.out().contains("ROC AUC: "), text.out());

    CliRun inspect = CliRun.of("inspect", "--model", p("a.vlm"));
    JsonNode m = JSON.readTree(inspect.out());
    assertEquals(4, m.get("features").asInt());
    assertEquals(a.bias(), (float) m.get("bias").asDouble());
    assertEquals(a.weight(2), (float) m.get("weights").get(2).asDouble());
    assertEquals("50", m.get("metadata").get("iterations").asText());
  }

  @Test
  void infoNamesTheKernelAndWhy() {
    CliRun run = CliRun.of("info");
    assertEquals(0, run.status());
    assertTrue(
        run.out().contains("kernel: ")
            && run.out().contains("why: ")
            && run.out().contains("vector api: "),
        run.out());
    assertTrue(run.out().contains("java: " + System.getProperty("java.version")), run.out());
  }

  @Test
  void everySubcommandHasHelp() {
    for (String c : List.of("train", "predict", "evaluate", "inspect", "info")) {
      CliRun run = CliRun.of(c, "--help");
      assertEquals(0, run.status());
      assertTrue(run.out().startsWith("usage: vlogit " + c), run.out());
    }
    assertEquals(0, CliRun.of("--help").status());
    assertEquals(2, CliRun.of().status());
  }

  @Test
  void usageErrorsExitWithTwo() throws IOException {
    Files.writeString(dir.resolve("d.csv"), "a,y\n1,0\n");
    String[][] cases = {
      {"fly"},
      {"train", "--epoch", "5"},
      {"train", "--epochs"},
      {"train", "--epochs", "many"},
      {"train", "--epochs", "-3"},
      {"train", "--learning-rate", "-1"},
      {"train", "--learning-rate", "NaN"},
      {"train", "--learning-rate", "0"},
      {"train", "--csv", p("d.csv"), "--x", p("x.npy")},
      {"train", "--label-column", "y"},
      {"train", "stray"},
      {"predict", "--csv", p("d.csv"), "--out", p("o.npy")},
      {"predict", "--model", p("m.vlm"), "--csv", p("d.csv"), "--out", p("o.txt")},
      {"inspect"},
    };
    for (String[] args : cases) {
      CliRun run = CliRun.of(args);
      assertEquals(2, run.status(), String.join(" ", args) + " -> " + run.err());
      run.errorLine();
    }
  }

  @Test
  void dataAndModelErrorsExitWithOne() throws IOException {
    Files.writeString(dir.resolve("bad.csv"), "a,b,y\n1,2,0\n3,oops,1\n");
    Files.writeString(dir.resolve("half.csv"), "a,y\n1,0\n2,0.5\n");
    Files.write(
        dir.resolve("damaged.npy"),
        new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 5, 0, '{'});
    NpyFile.write(dir.resolve("x.npy"), new float[] {1, 2, 3, Float.NaN}, 2, 2);
    NpyFile.write(dir.resolve("x_ok.npy"), new float[] {1, 2, 3, 4}, 2, 2);
    NpyFile.write(dir.resolve("x_n0.npy"), new float[0], 2, 0);
    NpyFile.write(dir.resolve("x_m0.npy"), new float[0], 0, 2);
    NpyFile.write(dir.resolve("y.npy"), new float[] {0, 1}, 2);
    NpyFile.write(dir.resolve("y_half.npy"), new float[] {0, 0.5f}, 2);
    NpyFile.write(dir.resolve("y3.npy"), new float[] {0, 1, 1}, 3);
    NpyFile.write(dir.resolve("y0.npy"), new float[0], 0);
    Files.write(
        dir.resolve("damaged.vlm"),
        new byte[] {(byte) 0x89, 'V', 'L', 'O', 'G', 'I', 'T', 0x0A, 1});
    assertEquals(0, CliRun.of("train", "--epochs", "5", "--model", p("m30.vlm")).status());
    assertEquals(
        0,
        CliRun.of("train", "--x", p("x_ok.npy"), "--y", p("y.npy"), "--model", p("m2.vlm"))
            .status());

    Object[][] cases = {
      {"no such file", new String[] {"train", "--csv", p("missing.csv")}},
      {
        "line 3, column 2 (b): 'oops' is not a number",
        new String[] {"train", "--csv", p("bad.csv")}
      },
      {"label 0.5 is not 0/1 or a whole number", new String[] {"train", "--csv", p("half.csv")}},
      {
        "the .npy header is cut short",
        new String[] {"train", "--x", p("damaged.npy"), "--y", p("y.npy")}
      },
      {
        "example 1, feature 1: value NaN is not finite",
        new String[] {"train", "--x", p("x.npy"), "--y", p("y.npy")}
      },
      {
        "example 1: label 0.5 is not a class",
        new String[] {"train", "--x", p("x_ok.npy"), "--y", p("y_half.npy")}
      },
      {"has 3 labels but", new String[] {"train", "--x", p("x_ok.npy"), "--y", p("y3.npy")}},
      {"n = 0", new String[] {"train", "--x", p("x_n0.npy"), "--y", p("y.npy")}},
      {"m = 0", new String[] {"train", "--x", p("x_m0.npy"), "--y", p("y0.npy")}},
      {"truncated: 9 bytes", new String[] {"inspect", "--model", p("damaged.vlm")}},
      {
        "the model has 30 features but the input has 2",
        new String[] {"predict", "--model", p("m30.vlm"), "--x", p("x_ok.npy"), "--out", p("o.npy")}
      },
      {
        "the model has 30 features but the input has 2",
        new String[] {"evaluate", "--model", p("m30.vlm"), "--x", p("x_ok.npy"), "--y", p("y.npy")}
      },
      {
        "example 1, feature 1: value NaN is not finite",
        new String[] {"predict", "--model", p("m2.vlm"), "--x", p("x.npy"), "--out", p("o.npy")}
      },
    };
    for (Object[] c : cases) {
      String[] args = (String[]) c[1];
      CliRun run = CliRun.of(args);
      assertEquals(1, run.status(), String.join(" ", args) + " -> " + run.err());
      assertTrue(run.errorLine().contains((String) c[0]), run.err() + " should contain " + c[0]);
    }
    assertTrue(Files.notExists(dir.resolve("o.npy")), "no output written for a failed prediction");
  }

  @Test
  void trainExposesTheTrainerOptions() throws IOException {
    NpyFile.write(dir.resolve("w.npy"), ones(569), 569);
    CliRun run =
        CliRun.of(
            "train",
            "--standardize",
            "--l2",
            "0.001",
            "--validation-fraction",
            "0.2",
            "--patience",
            "10",
            "--learning-rate",
            "0.5",
            "--momentum",
            "0.9",
            "--nesterov",
            "--batch-size",
            "128",
            "--seed",
            "3",
            "--schedule",
            "inverse-time:0.01",
            "--class-weight",
            "balanced",
            "--weights",
            p("w.npy"),
            "--threads",
            "2",
            "--epochs",
            "300",
            "--tolerance",
            "1e-4",
            "--cost-tolerance",
            "1e-9",
            "--max-seconds",
            "60",
            "--report-json",
            p("r.json"),
            "--plot",
            p("c.svg"),
            "--model",
            p("m.vlm"));
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("stopped: "), run.out());
    assertTrue(run.out().contains("validation: log-loss"), run.out());
    JsonNode r = JSON.readTree(Files.readString(dir.resolve("r.json")));
    int entries = r.get("costCurve").size();
    assertEquals(entries, r.get("validationCostCurve").size());
    assertEquals(entries, r.get("validationAccuracyCurve").size());
    assertTrue(r.has("stopReason") && r.has("converged") && r.has("finalGradientNorm"));
    assertEquals(2, r.get("threads").asInt());
    String svg = Files.readString(dir.resolve("c.svg"));
    assertTrue(
        svg.startsWith("<svg") && svg.contains("<polyline") && svg.contains("validation log-loss"),
        svg);
    // Warm start from the model just written.
    assertEquals(0, CliRun.of("train", "--warm-start", p("m.vlm"), "--epochs", "5").status());

    // L-BFGS: to a gradient tolerance on the bundled data in a few dozen iterations.
    CliRun lbfgs =
        CliRun.of(
            "train",
            "--lbfgs",
            "10",
            "--l2",
            "0.001",
            "--tolerance",
            "1e-5",
            "--report-json",
            p("l.json"));
    assertEquals(0, lbfgs.status(), lbfgs.err());
    assertTrue(lbfgs.out().contains("L-BFGS (memory 10), up to 1000 iterations"), lbfgs.out());
    JsonNode l = JSON.readTree(Files.readString(dir.resolve("l.json")));
    assertTrue(l.get("converged").asBoolean(), l.toString());
    assertTrue(l.get("iterations").asInt() < 200, "iterations: " + l.get("iterations"));
    CliRun mixed = CliRun.of("train", "--lbfgs", "10", "--batch-size", "32");
    assertEquals(2, mixed.status());
    assertTrue(
        mixed
            .errorLine()
            .contains("--batch-size is an option of gradient descent, which --lbfgs replaces"),
        mixed.err());
    CliRun rate = CliRun.of("train", "--lbfgs", "10", "--learning-rate", "0.5", "--epochs", "3");
    assertEquals(2, rate.status());
    assertTrue(
        rate.errorLine().contains("--learning-rate, --epochs are options of gradient descent"),
        rate.err());
  }

  @Test
  void badTrainerOptionsNameTheFlag() throws IOException {
    String[][] usage = {
      {"--l2", "-1", "--l2 must be a finite number >= 0"},
      {"--batch-size", "0", "--batch-size must be >= 1"},
      {"--validation-fraction", "1.5", "--validation-fraction must be in (0, 1)"},
      {"--patience", "5", "--patience needs validation"},
      {"--momentum", "1", "--momentum must be in [0, 1)"},
      {"--threads", "0", "--threads must be from 1 to"},
      {"--threads", "100000", "--threads must be from 1 to"},
      {
        "--schedule",
        "sometimes",
        "--schedule must be constant, inverse-time:DECAY or step:EVERY:FACTOR"
      },
      {"--class-weight", "heavy", "--class-weight must be balanced or W0,W1"},
      {"--max-seconds", "-2", "--max-seconds must be a positive number"},
      {"--lbfgs", "-3", "--lbfgs memory must be in [1, 1000]"},
      {"--max-iterations", "-1", "--max-iterations must be >= 0"},
    };
    for (String[] c : usage) {
      CliRun run = CliRun.of("train", c[0], c[1]);
      assertEquals(2, run.status(), String.join(" ", c) + " -> " + run.err());
      assertTrue(run.errorLine().contains(c[2]), run.err());
    }
    CliRun nesterov = CliRun.of("train", "--nesterov");
    assertEquals(2, nesterov.status());
    assertTrue(nesterov.errorLine().contains("--nesterov needs momentum > 0"), nesterov.err());

    float[] weights = ones(569);
    weights[12] = Float.NaN;
    NpyFile.write(dir.resolve("bad.npy"), weights, 569);
    CliRun bad = CliRun.of("train", "--weights", p("bad.npy"));
    assertEquals(1, bad.status());
    assertTrue(bad.errorLine().contains("example 12: sample weight NaN"), bad.err());
  }

  private static float[] ones(int m) {
    float[] w = new float[m];
    java.util.Arrays.fill(w, 1f);
    return w;
  }

  @Test
  void inspectAndImportRoundTripAModel() throws IOException {
    assertEquals(0, CliRun.of("train", "--epochs", "20", "--model", p("a.vlm")).status());
    CliRun inspect = CliRun.of("inspect", "--model", p("a.vlm"));
    Files.writeString(dir.resolve("a.json"), inspect.out());
    CliRun imported = CliRun.of("import", "--json", p("a.json"), "--model", p("b.vlm"));
    assertEquals(0, imported.status(), imported.err());
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("a.vlm")), Files.readAllBytes(dir.resolve("b.vlm")));
    Files.writeString(dir.resolve("bad.json"), inspect.out().replace("\"bias\"", "\"bais\""));
    CliRun bad = CliRun.of("import", "--json", p("bad.json"), "--model", p("c.vlm"));
    assertEquals(1, bad.status());
    assertTrue(bad.errorLine().contains("unknown key \"bais\""), bad.err());
    assertTrue(Files.notExists(dir.resolve("c.vlm")));
  }

  @Test
  void debugAddsTheStackTrace() {
    CliRun run = CliRun.of("train", "--csv", p("missing.csv"), "--debug");
    assertEquals(1, run.status());
    assertTrue(run.err().startsWith("error: no such file"), run.err());
    assertTrue(run.err().contains("\tat "), run.err());
  }

  @Test
  void aFailedTrainingKeepsTheModelAlreadySaved() throws IOException {
    assertEquals(0, CliRun.of("train", "--epochs", "3", "--model", p("keep.vlm")).status());
    byte[] before = Files.readAllBytes(dir.resolve("keep.vlm"));
    Files.writeString(dir.resolve("bad.csv"), "a,y\n1,0\nx,1\n");
    assertEquals(1, CliRun.of("train", "--csv", p("bad.csv"), "--model", p("keep.vlm")).status());
    assertArrayEquals(before, Files.readAllBytes(dir.resolve("keep.vlm")));
  }
}
