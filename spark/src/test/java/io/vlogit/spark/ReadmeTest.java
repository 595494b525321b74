package io.vlogit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.Dataset;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Spark example (its ```java spark block) compiles against this module and Spark and
 * runs in local[2] on the bundled data: the pipeline it builds trains, transforms and saves, and
 * the saved model loads and classifies the test rows. The core module's ReadmeTest compiles the
 * other Java blocks.
 */
class ReadmeTest {
  private static final Path README = Path.of("..", "README.md"); // the repository root's

  @Test
  void theSparkExampleTrainsTransformsAndSaves(@TempDir Path dir) throws Exception {
    Matcher m =
        Pattern.compile("```java spark\n(.*?)```", Pattern.DOTALL)
            .matcher(Files.readString(README));
    assertTrue(m.find(), "README.md has its Spark example");
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String line : m.group(1).split("\n")) {
      (line.startsWith("import ") ? imports : body).append(line).append('\n');
    }
    String frame = "org.apache.spark.sql.Dataset<org.apache.spark.sql.Row>";
    Path source = dir.resolve("SparkSnippet.java");
    Files.writeString(
        source,
        imports
            + "public class SparkSnippet {\n  public static void run("
            + frame
            + " training, "
            + frame
            + " test, String[] columns, String path) throws Exception {\n"
            + body
            + "  }\n}\n");
    Path classes = dir.resolve("classes");
    compile(source, classes);

    Dataset data = LogisticRegressionTest.CANCER;
    org.apache.spark.sql.Dataset<Row> all = LocalSpark.table(data, 2);
    org.apache.spark.sql.Dataset<Row>[] split = all.randomSplit(new double[] {0.8, 0.2}, 7);
    String path = dir.resolve("model").toString();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      loader
          .loadClass("SparkSnippet")
          .getMethod(
              "run",
              org.apache.spark.sql.Dataset.class,
              org.apache.spark.sql.Dataset.class,
              String[].class,
              String.class)
          .invoke(null, split[0], split[1], LocalSpark.columns(data.features()), path);
    }
    List<Row> rows =
        PipelineModel.load(path).transform(split[1]).select("label", "prediction").collectAsList();
    long right = rows.stream().filter(r -> r.getDouble(0) == r.getDouble(1)).count();
    assertTrue(rows.size() > 50, rows.size() + " test rows");
    assertTrue(right >= 0.9 * rows.size(), right + " of " + rows.size() + " test rows right");
  }

  private static void compile(Path source, Path classes) throws IOException, InterruptedException {
    Process javac =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "-d",
                classes.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                source.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(javac.waitFor(120, TimeUnit.SECONDS), "javac finished");
    assertEquals(0, javac.exitValue(), output);
  }
}
