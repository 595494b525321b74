package io.vlogit.cli;

import io.vlogit.io.ModelFile;
import io.vlogit.io.ModelJson;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code vlogit import}: a model from JSON (as inspect writes it, or another program) to a model
 * file.
 */
final class ImportCommand {
  static final String HELP =
      """
      usage: vlogit import --json FILE --model OUT

      Reads a model in vlogit's JSON format (what vlogit inspect prints: format "vlogit-model",
      formatVersion 1, features, weights, bias, optional metadata of strings) and writes it as a
      model file, atomically. Anything malformed is refused with the reason.

      options:
        --json FILE                 the model as JSON
        --model OUT                 the model file to write
        --debug                     print the stack trace of an error
      """;

  static final Set<String> VALUED = Set.of("json", "model");

  private ImportCommand() {}

  static int run(Args a, PrintStream out, PrintStream err) throws Exception {
    a.require("json");
    a.require("model");
    new FileArgs().input(a, "json").output(a, "model").check();
    Path json = Path.of(a.get("json"));
    Path model = Path.of(a.get("model"));
    ModelFile.SavedModel saved;
    try {
      String text;
      try {
        text = Files.readString(json, StandardCharsets.UTF_8);
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new io.vlogit.io.ModelFormatException("is not UTF-8 text (" + e.getMessage() + ")");
      }
      saved = ModelJson.read(text);
    } catch (io.vlogit.io.ModelFormatException e) {
      throw new io.vlogit.io.ModelFormatException(json + ": " + e.getMessage());
    }
    ModelFile.write(model, saved);
    out.println(
        "model: "
            + model
            + " ("
            + saved.features()
            + " features"
            + (saved.multinomial() ? ", " + saved.multinomialModel().classes() + " classes" : "")
            + ")");
    return 0;
  }
}
