package io.vlogit.cli;

import io.vlogit.LogisticModel;
import io.vlogit.io.ModelFile;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/** {@code vlogit inspect}: a model file as JSON. */
final class InspectCommand {
  static final String HELP = """
      usage: vlogit inspect --model FILE

      Prints the model as JSON: features (n), weights, bias, the file's format version and the
      training metadata stored with it.

      options:
        --model FILE                a model written by vlogit train
        --debug                     print the stack trace of an error
      """;

  static final Set<String> VALUED = Set.of("model");

  private InspectCommand() {}

  static int run(Args a, PrintStream out, PrintStream err) throws Exception {
    ModelFile.SavedModel saved = ModelFile.read(Path.of(a.require("model")));
    LogisticModel m = saved.model();
    Json j = new Json(true).beginObject()
        .name("formatVersion").value(ModelFile.VERSION)
        .name("features").value(m.features())
        .name("weights").array(m.weights())
        .name("bias").value(m.bias())
        .name("metadata").beginObject();
    saved.metadata().entries().forEach((k, v) -> j.name(k).value(v));
    out.println(j.endObject().endObject());
    return 0;
  }
}
