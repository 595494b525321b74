package io.vlogit.cli;

import io.vlogit.Dataset;
import io.vlogit.ExampleStream;
import io.vlogit.io.BundledData;
import io.vlogit.io.CsvFile;
import io.vlogit.io.Labels;
import io.vlogit.io.NpyFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** The data options shared by train, predict and evaluate, and the loading they describe. */
final class DataSource {
  static final Set<String> OPTIONS = Set.of("x", "y", "x-layout", "csv", "label-column");

  /** Data options that take no value. */
  static final Set<String> FLAGS = Set.of("no-header");

  static final String HELP =
      """
        --x FILE.npy                features, float32 or float64, shape (examples, features)
        --y FILE.npy                labels (float, integer or bool), shape (examples,): 0/1 for
                                    the binary model, class indices 0..K-1 for K >= 3 classes
        --x-layout LAYOUT           examples-by-features (default) or features-by-examples
        --csv FILE                  CSV with a header row, instead of --x/--y
        --label-column NAME|INDEX   the label column of --csv (default: the last; index from 0):
                                    0/1, or integers whose sorted distinct values are K >= 3 classes
        --no-header                 the --csv file has no header row (columns column0, column1, ...)
      """;

  private DataSource() {}

  /**
   * Checks that the data options fit together, and returns the data files they name as inputs; a
   * command adds its own files.
   */
  static FileArgs files(Args a, boolean labels) throws UsageException {
    check(a, labels);
    return new FileArgs().input(a, "x").input(a, "y").input(a, "csv");
  }

  /** The data options and a command's own. */
  static Set<String> optionsAnd(String... more) {
    Set<String> all = new java.util.HashSet<>(OPTIONS);
    all.addAll(List.of(more));
    return Set.copyOf(all);
  }

  /**
   * Labelled data and how to name it: in memory ({@code data}), or, for training from a file block
   * by block, a {@code stream} (then data is null).
   */
  record Labelled(
      Dataset data, ExampleStream stream, String description, List<String> featureNames) {
    Labelled(Dataset data, String description, List<String> featureNames) {
      this(data, null, description, featureNames);
    }

    int examples() {
      return data != null ? data.examples() : stream.examples();
    }

    int features() {
      return data != null ? data.features() : stream.features();
    }
  }

  /**
   * Whether train streams its --x file: with --stream, or, said on {@code err}, when the file's
   * values as floats would take more than half the heap. Only --x/--y data streams.
   */
  static boolean streams(Args a, PrintStream err) throws IOException, UsageException {
    if (a.has("stream")) {
      if (!a.has("x") || a.get("x-layout", "examples-by-features").equals("features-by-examples")) {
        throw new UsageException(
            "--stream reads an --x file of shape (examples, features) with its --y labels");
      }
      return true;
    }
    if (!a.has("x") || a.get("x-layout", "examples-by-features").equals("features-by-examples")) {
      return false;
    }
    NpyFile.Header h = NpyFile.readHeader(Path.of(a.get("x")));
    long bytes = 4 * h.count();
    long heap = Runtime.getRuntime().maxMemory();
    if (bytes <= heap / 2 || h.fortranOrder()) {
      return false;
    }
    err.printf(
        java.util.Locale.ROOT,
        "%s: %.1f GiB of features is more than half the heap (%.1f GiB): training from the file block"
            + " by block (--stream)%n",
        a.get("x"),
        bytes / GIB,
        heap / GIB);
    return true;
  }

  private static final double GIB = 1024.0 * 1024 * 1024;

  /**
   * Labelled data as {@link #labelled(Args, boolean)} reads it, or, with {@code stream}, the --x
   * and --y files (and --weights, if given) opened for training block by block.
   */
  static Labelled labelled(Args a, boolean bundledDefault, boolean stream)
      throws IOException, UsageException {
    if (!stream) {
      return labelled(a, bundledDefault);
    }
    Path xPath = Path.of(a.get("x"));
    Path weights = a.has("weights") ? Path.of(a.get("weights")) : null;
    ExampleStream s = NpyFile.stream(xPath, Path.of(a.require("y")), weights, 0);
    String description =
        describe(
            xPath.toString(), s.examples(), s.features(), s.classNames(), ", read block by block");
    return new Labelled(null, s, description, null);
  }

  /** The examples of a .npy matrix and their labels, K the largest label + 1. */
  private static Dataset npy(Path xPath, Path yPath, NpyFile.Orientation layout)
      throws IOException {
    NpyFile.Matrix x = NpyFile.readMatrix(xPath, layout);
    float[] y = NpyFile.readLabels(yPath);
    if (y.length != x.examples()) {
      throw new io.vlogit.InvalidDataException(
          yPath
              + " has "
              + y.length
              + " labels but "
              + xPath
              + " has "
              + x.examples()
              + " examples (check --x-layout)");
    }
    return Labels.classes(x.blocks(), y, x.features(), false);
  }

  /**
   * The validation examples of --validation-csv, or of --validation-x and --validation-y, in the
   * format of the training data (the same CSV columns and header, or the same --x-layout), labelled
   * by the training data's classes {@code classNames}; null without them. The options were checked
   * by {@link #files}.
   */
  static Dataset validation(Args a, List<String> classNames) throws IOException, UsageException {
    Dataset v;
    if (a.has("validation-csv")) {
      v =
          CsvFile.readTable(Path.of(a.get("validation-csv")), !a.has("no-header"))
              .labeled(a.get("label-column"))
              .data();
    } else if (a.has("validation-x")) {
      v = npy(Path.of(a.get("validation-x")), Path.of(a.get("validation-y")), layout(a));
    } else {
      return null;
    }
    return v.inClasses(classNames);
  }

  /** Features without labels (for predict), in one or more arrays of whole examples, in order. */
  record Features(float[][] x, int examples, String description) {}

  /**
   * Labelled data from the options, or the bundled data if {@code bundledDefault} and none given.
   * The options were checked by {@link #files}.
   */
  static Labelled labelled(Args a, boolean bundledDefault) throws IOException, UsageException {
    if (a.has("csv")) {
      Path csv = Path.of(a.get("csv"));
      CsvFile.Labeled d =
          CsvFile.readTable(csv, !a.has("no-header")).labeled(a.get("label-column"));
      return new Labelled(d.data(), describe(csv.toString(), d.data()), d.featureNames());
    }
    if (a.has("x")) {
      Path xPath = Path.of(a.get("x"));
      Dataset d = npy(xPath, Path.of(a.require("y")), layout(a));
      return new Labelled(d, describe(xPath.toString(), d), null);
    }
    if (!bundledDefault) {
      throw new UsageException("give the data with --x FILE --y FILE or --csv FILE");
    }
    CsvFile.Labeled d = BundledData.breastCancer();
    return new Labelled(
        d.data(),
        "bundled breast-cancer data ("
            + d.data().examples()
            + " examples × "
            + d.data().features()
            + " features, z-scored)",
        d.featureNames());
  }

  /**
   * Features for a model of {@code n} features; a label column in the CSV is skipped. The options
   * were checked by {@link #files}.
   */
  static Features features(Args a, int n) throws IOException, UsageException {
    float[][] x;
    String source;
    if (a.has("csv")) {
      Path csv = Path.of(a.get("csv"));
      x = CsvFile.readTable(csv, !a.has("no-header")).features(n, a.get("label-column"));
      source = csv.toString();
    } else if (a.has("x")) {
      Path xPath = Path.of(a.get("x"));
      NpyFile.Matrix m = NpyFile.readMatrix(xPath, layout(a));
      if (m.features() != n) {
        throw new io.vlogit.DimensionMismatchException(xPath.toString(), n, m.features());
      }
      x = m.blocks();
      source = xPath.toString();
    } else {
      throw new UsageException("give the data with --x FILE or --csv FILE");
    }
    long examples = 0;
    for (float[] block : x) {
      Dataset.checkFinite(block, n, examples);
      examples += block.length / n;
    }
    return new Features(
        x, (int) examples, source + " (" + examples + " examples × " + n + " features)");
  }

  private static void check(Args a, boolean labels) throws UsageException {
    if (a.has("csv") && (a.has("x") || a.has("y"))) {
      throw new UsageException("give either --csv or --x/--y, not both");
    }
    if (a.has("y") && !a.has("x")) {
      throw new UsageException("--y needs --x");
    }
    if (a.has("y") && !labels) {
      throw new UsageException("--y is not used here; give --x only");
    }
    if (a.has("no-header") && !a.has("csv")) {
      throw new UsageException("--no-header goes with --csv");
    }
    if (a.has("label-column") && !a.has("csv")) {
      throw new UsageException("--label-column goes with --csv");
    }
    if (a.has("x-layout") && !a.has("x")) {
      throw new UsageException("--x-layout goes with --x");
    }
    if (a.has("validation-csv") && !a.has("csv")) {
      throw new UsageException(
          "--validation-csv goes with --csv (validation data in the training data's format)");
    }
    if ((a.has("validation-x") || a.has("validation-y")) && !a.has("x")) {
      throw new UsageException(
          "--validation-x and --validation-y go with --x (validation data in the training data's"
              + " format)");
    }
    if (a.has("validation-x") != a.has("validation-y")) {
      throw new UsageException("give --validation-x and --validation-y together");
    }
  }

  private static NpyFile.Orientation layout(Args a) throws UsageException {
    String v = a.get("x-layout", "examples-by-features");
    return switch (v) {
      case "examples-by-features" -> NpyFile.Orientation.EXAMPLES_BY_FEATURES;
      case "features-by-examples" -> NpyFile.Orientation.FEATURES_BY_EXAMPLES;
      default ->
          throw new UsageException(
              "--x-layout must be examples-by-features or features-by-examples (got '" + v + "')");
    };
  }

  private static String describe(String source, Dataset d) {
    return describe(source, d.examples(), d.features(), d.classNames(), "");
  }

  /** "source (m examples × n features, what the classes are{@code more})". */
  private static String describe(
      String source, int examples, int features, List<String> classNames, String more) {
    int classes = classNames.size();
    return source
        + " ("
        + examples
        + " examples × "
        + features
        + " features"
        + (classes > 2
            ? ", " + classes + " classes"
            : classNames.equals(List.of("0", "1"))
                ? ""
                : ", label 1 is " + classNames.get(1) + ", 0 is " + classNames.get(0))
        + more
        + ")";
  }
}
