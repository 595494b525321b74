package io.vlogit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vlogit.io.ModelFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --l1}, {@code --l1-path}, {@code --select}, and the non-zero count in the outputs.
 */
class L1CliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private String p(String name) {
    return dir.resolve(name).toString();
  }

  @Test
  void l1TrainsASparseModelByOwlqnAndSaysHowSparse() throws IOException {
    CliRun run =
        CliRun.of("train", "--l1", "0.01", "--model", p("m.vlm"), "--report-json", p("r.json"));
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("OWL-QN (L-BFGS for L1, memory 10, the default with L1)"));
    assertTrue(run.out().contains("non-zero weights: 9 of 30"), run.out());
    JsonNode report = JSON.readTree(dir.resolve("r.json").toFile());
    assertEquals(9, report.get("nonZeroWeights").asInt());
    assertTrue(report.get("finalLoss").asDouble() < report.get("finalCost").asDouble());
    ModelFile.SavedModel saved = ModelFile.read(dir.resolve("m.vlm"));
    assertEquals(9, saved.model().nonZeroWeights());

    CliRun inspect = CliRun.of("inspect", "--model", p("m.vlm"));
    assertEquals(9, JSON.readTree(inspect.out()).get("nonZeroWeights").asInt());
    Files.writeString(dir.resolve("m.json"), inspect.out(), StandardCharsets.UTF_8);
    assertEquals(0, CliRun.of("import", "--json", p("m.json"), "--model", p("back.vlm")).status());
    // The count is derived: a JSON whose count disagrees with its weights is refused.
    Files.writeString(
        dir.resolve("bad.json"),
        inspect.out().replace("\"nonZeroWeights\": 9", "\"nonZeroWeights\": 8"),
        StandardCharsets.UTF_8);
    CliRun bad = CliRun.of("import", "--json", p("bad.json"), "--model", p("bad.vlm"));
    assertEquals(1, bad.status(), bad.out());
    assertTrue(bad.errorLine().contains("\"nonZeroWeights\" is 8 but 9"), bad.err());
  }

  @Test
  void gradientDescentOptionsKeepGradientDescentWithProximalSteps() {
    CliRun run = CliRun.of("train", "--l1", "0.01", "--fista", "--epochs", "50");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("up to 50 epochs, learning rate 0.1, proximal steps"), run.out());
  }

  @Test
  void thePathPrintsEveryFitAndSavesTheSelectedOne() throws IOException {
    CliRun run =
        CliRun.of(
            "train",
            "--l1-path",
            "6",
            "--validation-fraction",
            "0.25",
            "--select",
            "validation",
            "--model",
            p("m.vlm"),
            "--report-json",
            p("r.json"),
            "--plot",
            p("path.svg"));
    assertEquals(0, run.status(), run.err());
    JsonNode path = JSON.readTree(dir.resolve("r.json").toFile()).get("path");
    assertEquals(6, path.get("steps").size());
    int selected = path.get("selected").asInt();
    double least = Double.POSITIVE_INFINITY;
    for (JsonNode step : path.get("steps")) {
      least = Math.min(least, step.get("validationLoss").asDouble());
    }
    JsonNode chosen = path.get("steps").get(selected);
    assertEquals(least, chosen.get("validationLoss").asDouble());
    assertEquals(0, path.get("steps").get(0).get("nonZeroWeights").asInt());
    assertTrue(run.out().contains("<- selected"));
    assertEquals(6, run.out().lines().filter(l -> l.matches("\\s+[0-9.e-]+\\s+\\d+\\s.*")).count());
    ModelFile.SavedModel saved = ModelFile.read(dir.resolve("m.vlm"));
    assertEquals(chosen.get("nonZeroWeights").asInt(), saved.model().nonZeroWeights());
    String svg = Files.readString(dir.resolve("path.svg"));
    assertTrue(svg.contains("λ₁") && svg.contains("validation log-loss"), svg);
  }

  @Test
  void misusedOptionsAreUsageErrors() {
    String[][] cases = {
      {"--l1", "0.1", "--l1-path", "5"},
      {"--select", "validation"},
      {"--l1-path", "5", "--select", "validation"},
      {"--l1-path", "5", "--select", "smallest", "--validation-fraction", "0.2"},
      {"--l1-path", "1"},
      {"--l1", "-1"},
      {"--fista", "--momentum", "0.5"},
      {"--fista", "--lbfgs", "10"},
    };
    for (String[] c : cases) {
      String[] args = new String[c.length + 1];
      args[0] = "train";
      System.arraycopy(c, 0, args, 1, c.length);
      CliRun run = CliRun.of(args);
      assertEquals(2, run.status(), String.join(" ", c) + ": " + run.err());
      assertTrue(run.errorLine().contains("--"), run.err());
    }
  }
}
