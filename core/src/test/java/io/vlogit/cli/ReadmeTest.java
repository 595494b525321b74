package io.vlogit.cli;

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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README says what the code does: its options table is the CLI's, its Java compiles. */
class ReadmeTest {
  private static final Path README = Path.of("..", "README.md"); // the repository root's
  private static final String BEGIN = "<!-- train-options:begin -->\n";
  private static final String END = "<!-- train-options:end -->";

  /**
   * The table between the markers is {@link TrainOptionText#markdown()}; on a mismatch the expected
   * table is written to target/README-train-options.md, to paste in.
   */
  @Test
  void theOptionsTableIsTheCommandLinesOwn() throws IOException {
    String text = Files.readString(README);
    int from = text.indexOf(BEGIN);
    int to = text.indexOf(END);
    assertTrue(from >= 0 && to > from, "README.md has the train-options markers");
    String expected = TrainOptionText.markdown();
    String actual = text.substring(from + BEGIN.length(), to);
    if (!expected.equals(actual)) {
      Files.writeString(Path.of("target", "README-train-options.md"), expected);
    }
    assertEquals(
        expected, actual, "README's options table (expected: target/README-train-options.md)");
  }

  /**
   * Each ```java block compiles against the library, by this JDK's javac: its imports at the top,
   * the rest as the body of a method that is given the names the snippets use for the caller's
   * data.
   */
  @Test
  void everyJavaSnippetCompiles(@TempDir Path dir) throws IOException, InterruptedException {
    Path javacPath = Path.of(System.getProperty("java.home"), "bin", "javac");
    Assumptions.assumeTrue(
        Files.isExecutable(javacPath), "a JDK with javac (the aarch64 job runs a JRE)");
    Matcher m =
        Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(README));
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
      StringBuilder imports = new StringBuilder("import io.vlogit.*;\n");
      StringBuilder body = new StringBuilder();
      for (String line : m.group(1).split("\n")) {
        (line.startsWith("import ") ? imports : body).append(line).append('\n');
      }
      String name = "Snippet" + count++;
      Path file = dir.resolve(name + ".java");
      Files.writeString(
          file,
          imports
              + "class "
              + name
              + " {\n  static void run(float[] x, float[] y,"
              + " int n, float[] features, float[] batch, int count, float[] out) throws Exception {\n"
              + body
              + "  }\n}\n");
      cmd.add(file.toString());
    }
    assertTrue(count >= 2, "README.md has its Java snippets");
    Process javac = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(javac.waitFor(120, TimeUnit.SECONDS), "javac finished");
    assertEquals(0, javac.exitValue(), output);
  }
}
