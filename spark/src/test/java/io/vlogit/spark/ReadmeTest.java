package io.vlogit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Spark example (its ```java spark blocks) compiles against this module and Spark,
 * given the DataFrames it names ({@code training}, {@code test}); the core module's ReadmeTest
 * compiles the other Java blocks.
 */
class ReadmeTest {
  private static final Path README = Path.of("..", "README.md"); // the repository root's

  @Test
  void theSparkExampleCompiles(@TempDir Path dir) throws IOException, InterruptedException {
    Matcher m =
        Pattern.compile("```java spark\n(.*?)```", Pattern.DOTALL)
            .matcher(Files.readString(README));
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "-d",
                dir.resolve("classes").toString(),
                "-cp",
                System.getProperty("java.class.path")));
    int count = 0;
    while (m.find()) {
      StringBuilder imports = new StringBuilder();
      StringBuilder body = new StringBuilder();
      for (String line : m.group(1).split("\n")) {
        (line.startsWith("import ") ? imports : body).append(line).append('\n');
      }
      String name = "SparkSnippet" + count++;
      Path file = dir.resolve(name + ".java");
      Files.writeString(
          file,
          imports
              + "class "
              + name
              + " {\n  static void run(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row>"
              + " training, org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> test)"
              + " throws Exception {\n"
              + body
              + "  }\n}\n");
      cmd.add(file.toString());
    }
    assertTrue(count >= 1, "README.md has its Spark example");
    Process javac = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(javac.waitFor(120, TimeUnit.SECONDS), "javac finished");
    assertEquals(0, javac.exitValue(), output);
  }
}
