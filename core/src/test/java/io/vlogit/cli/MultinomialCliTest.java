package io.vlogit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vlogit.Dataset;
import io.vlogit.LogisticRegression;
import io.vlogit.Metrics;
import io.vlogit.MultinomialEvaluation;
import io.vlogit.MultinomialModel;
import io.vlogit.Solver;
import io.vlogit.TestData;
import io.vlogit.io.ModelFile;
import io.vlogit.io.NpyFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line on K ≥ 3 classes: train, predict, evaluate, inspect and import. */
class MultinomialCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Dataset DATA = TestData.classes(21, 5, 300, 4, 1.0);

  @TempDir Path dir;

  private String p(String name) {
    return dir.resolve(name).toString();
  }

  @BeforeEach
  void writeData() throws IOException {
    int n = DATA.features();
    int m = DATA.examples();
    float[] x = new float[n * m];
    float[] y = new float[m];
    StringBuilder csv = new StringBuilder("a,b,c,d,e,kind\n");
    for (int j = 0; j < m; j++) {
      DATA.copyExample(j, x, j * n);
      y[j] = DATA.label(j);
      for (int i = 0; i < n; i++) {
        csv.append(x[j * n + i]).append(',');
      }
      csv.append(10 + 2 * (int) y[j]).append('\n'); // labels 10, 12, 14, 16
    }
    NpyFile.write(dir.resolve("x.npy"), x, m, n);
    NpyFile.write(dir.resolve("y.npy"), y, m);
    Files.writeString(dir.resolve("d.csv"), csv.toString(), StandardCharsets.UTF_8);
  }

  private void trainFromNpy() {
    CliRun run =
        CliRun.of(
            "train", "--x", p("x.npy"), "--y", p("y.npy"), "--lbfgs", "5", "--model", p("m.vlm"));
    assertEquals(0, run.status(), run.err());
  }

  @Test
  void trainDetectsTheClassesAndSavesTheLibrarysModel() throws IOException {
    CliRun run =
        CliRun.of(
            "train",
            "--x",
            p("x.npy"),
            "--y",
            p("y.npy"),
            "--lbfgs",
            "10",
            "--l2",
            "0.01",
            "--model",
            p("m.vlm"),
            "--report-json",
            p("r.json"));
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("300 examples × 5 features, 4 classes"), run.out());
    ModelFile.SavedModel saved = ModelFile.read(dir.resolve("m.vlm"));
    assertTrue(saved.multinomial());
    MultinomialModel expected =
        LogisticRegression.builder()
            .solver(Solver.lbfgs(10))
            .l2(0.01)
            .build()
            .fit(DATA)
            .multinomialModel();
    assertEquals(expected, saved.multinomialModel());
    JsonNode r = JSON.readTree(Files.readString(dir.resolve("r.json")));
    assertEquals(4, r.get("classes").asInt());
    assertEquals(4, r.get("weights").size());
    assertEquals(5, r.get("weights").get(0).size());
    assertEquals(4, r.get("bias").size());
  }

  @Test
  void csvLabelsByValueBecomeNamedClasses() throws IOException {
    CliRun run = CliRun.of("train", "--csv", p("d.csv"), "--lbfgs", "10", "--model", p("m.vlm"));
    assertEquals(0, run.status(), run.err());
    MultinomialModel model = ModelFile.read(dir.resolve("m.vlm")).multinomialModel();
    assertEquals(List.of("10", "12", "14", "16"), model.classNames());

    CliRun labels =
        CliRun.of("predict", "--model", p("m.vlm"), "--csv", p("d.csv"), "--out", "-", "--labels");
    assertEquals(0, labels.status(), labels.err());
    String[] lines = labels.out().split("\n");
    assertEquals("class", lines[0]);
    assertEquals(301, lines.length);
    float[] scratch = new float[4];
    float[] x = new float[5];
    for (int j = 0; j < 300; j++) {
      DATA.copyExample(j, x, 0);
      assertEquals(model.className(model.predict(x, 0, scratch)), lines[j + 1], "example " + j);
    }

    CliRun eval = CliRun.of("evaluate", "--model", p("m.vlm"), "--csv", p("d.csv"), "--json");
    assertEquals(0, eval.status(), eval.err());
    JsonNode e = JSON.readTree(eval.out());
    for (String key :
        List.of("accuracy", "logLoss", "confusionMatrix", "perClass", "macro", "weighted")) {
      assertTrue(e.has(key), "evaluate --json has " + key);
    }
    assertEquals(4, e.get("confusionMatrix").size());
    assertEquals("14", e.get("perClass").get(2).get("class").asText());
  }

  @Test
  void predictWritesEveryClassProbability() throws IOException {
    trainFromNpy();
    CliRun run =
        CliRun.of("predict", "--model", p("m.vlm"), "--x", p("x.npy"), "--out", p("p.npy"));
    assertEquals(0, run.status(), run.err());
    NpyFile.Matrix p =
        NpyFile.readMatrix(dir.resolve("p.npy"), NpyFile.Orientation.EXAMPLES_BY_FEATURES);
    assertEquals(300, p.examples());
    assertEquals(4, p.features());
    MultinomialModel model = ModelFile.read(dir.resolve("m.vlm")).multinomialModel();
    float[] expected = new float[300 * 4];
    model.probabilities(DATA, expected);
    assertArrayEquals(expected, p.values());

    CliRun csv = CliRun.of("predict", "--model", p("m.vlm"), "--x", p("x.npy"), "--out", "-");
    assertTrue(csv.out().startsWith("0,1,2,3\n"), csv.out().substring(0, 40));
  }

  @Test
  void evaluatePrintsTheConfusionMatrixAndPerClassFigures() throws IOException {
    trainFromNpy();
    CliRun run = CliRun.of("evaluate", "--model", p("m.vlm"), "--x", p("x.npy"), "--y", p("y.npy"));
    assertEquals(0, run.status(), run.err());
    MultinomialEvaluation e =
        Metrics.evaluate(ModelFile.read(dir.resolve("m.vlm")).multinomialModel(), DATA);
    for (String text :
        List.of(
            "log-loss: ",
            "confusion matrix (rows: true class, columns: predicted):",
            "precision",
            "macro",
            "weighted",
            String.format(java.util.Locale.ROOT, "accuracy: %.2f%%", 100 * e.accuracy()))) {
      assertTrue(run.out().contains(text), text + " in " + run.out());
    }
  }

  @Test
  void inspectAndImportRoundTripTheModel() throws IOException {
    assertEquals(
        0, CliRun.of("train", "--csv", p("d.csv"), "--lbfgs", "3", "--model", p("m.vlm")).status());
    CliRun inspect = CliRun.of("inspect", "--model", p("m.vlm"));
    assertEquals(0, inspect.status(), inspect.err());
    JsonNode j = JSON.readTree(inspect.out());
    assertEquals(2, j.get("formatVersion").asInt());
    assertEquals("16", j.get("classes").get(3).asText());
    Files.writeString(dir.resolve("m.json"), inspect.out());
    CliRun imported = CliRun.of("import", "--json", p("m.json"), "--model", p("back.vlm"));
    assertEquals(0, imported.status(), imported.err());
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("m.vlm")), Files.readAllBytes(dir.resolve("back.vlm")));
  }

  @Test
  void aLabelThatIsNoClassIsNamed() throws IOException {
    float[] y = new float[300];
    y[7] = 2.5f;
    NpyFile.write(dir.resolve("bad.npy"), y, 300);
    CliRun run = CliRun.of("train", "--x", p("x.npy"), "--y", p("bad.npy"));
    assertTrue(run.status() != 0);
    assertTrue(run.errorLine().contains("example 7: label 2.5 is not a class"), run.err());
  }

  @Test
  void textLabelsNameTheClasses() throws IOException {
    String[] kinds = {"cat", "dog", "eel", "fox"};
    StringBuilder csv = new StringBuilder("a,b,c,d,e,kind\n");
    float[] x = new float[5];
    for (int j = 0; j < DATA.examples(); j++) {
      DATA.copyExample(j, x, 0);
      for (float v : x) {
        csv.append(v).append(',');
      }
      csv.append(kinds[(int) DATA.label(j)]).append('\n');
    }
    Files.writeString(dir.resolve("t.csv"), csv.toString(), StandardCharsets.UTF_8);
    CliRun run = CliRun.of("train", "--csv", p("t.csv"), "--lbfgs", "10", "--model", p("m.vlm"));
    assertEquals(0, run.status(), run.err());
    MultinomialModel model = ModelFile.read(dir.resolve("m.vlm")).multinomialModel();
    assertEquals(List.of(kinds), model.classNames());
    CliRun labels =
        CliRun.of("predict", "--model", p("m.vlm"), "--csv", p("t.csv"), "--out", "-", "--labels");
    assertEquals(0, labels.status(), labels.err());
    String[] lines = labels.out().split("\n");
    float[] scratch = new float[4];
    for (int j = 0; j < 5; j++) {
      DATA.copyExample(j, x, 0);
      assertEquals(kinds[model.predict(x, 0, scratch)], lines[j + 1]);
    }
  }
}
