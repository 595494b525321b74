package io.vlogit.cli;

import io.vlogit.io.ModelFile;
import io.vlogit.io.ModelJson;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/** {@code vlogit inspect}: a model file as JSON (the format {@code vlogit import} reads back). */
final class InspectCommand {
  static final String HELP =
      """
      usage: vlogit inspect --model FILE

      Prints the model as JSON: format, formatVersion, features (n), weights, bias, nonZeroWeights
      (the weights that are not 0: the features an L1-trained model kept) and the
      training metadata stored with it; a multinomial model (formatVersion 2) has its classes'
      names, a row of weights and a bias per class. Floats are written so that they read back exactly:
      vlogit import turns this JSON into a model file again.

      options:
        --model FILE                a model written by vlogit train
        --debug                     print the stack trace of an error
      """;

  static final Set<String> VALUED = Set.of("model");

  private InspectCommand() {}

  static int run(Args a, PrintStream out, PrintStream err) throws Exception {
    a.require("model");
    new FileArgs().input(a, "model").check();
    ModelFile.SavedModel saved = ModelFile.read(Path.of(a.get("model")));
    out.print(ModelJson.write(saved));
    return 0;
  }
}
