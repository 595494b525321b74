package io.vlogit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vlogit.io.ModelFile;
import io.vlogit.io.NpyFile;
import io.vlogit.io.NpyTestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a command writes, and what it refuses to write over: the rules of AtomicFiles and FileArgs,
 * each case as a new user met it.
 */
class SafeOutputsTest {
  @TempDir Path dir;

  private String p(String name) {
    return dir.resolve(name).toString();
  }

  private static void assertUsage(CliRun run, String expected) {
    assertEquals(2, run.status(), run.err());
    assertTrue(run.errorLine().contains(expected), run.err() + " should contain " + expected);
  }

  @Test
  void devicesAndDirectoriesAreNeverReplaced() throws IOException {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.exists(full) && !Files.isRegularFile(full), "/dev/full is a device here");
    assertUsage(
        CliRun.of("train", "--model", "/dev/full", "--epochs", "1"),
        "--model /dev/full: is not a regular file");
    assertFalse(Files.isRegularFile(full), "/dev/full is still a device");
    assertUsage(CliRun.of("train", "--report-json", p(""), "--epochs", "1"), "is a directory");
    assertUsage(
        CliRun.of("train", "--model", "", "--epochs", "1"), "--model '': is not a file name");
    assertUsage(
        CliRun.of("train", "--model", "/", "--epochs", "1"), "--model '/': is not a file name");
  }

  @Test
  void aSymbolicLinkIsWrittenThrough() throws IOException {
    Path real = dir.resolve("real.vlm");
    Path link = Files.createSymbolicLink(dir.resolve("link.vlm"), real.getFileName());
    assertEquals(0, CliRun.of("train", "--epochs", "3", "--model", link.toString()).status());
    assertTrue(Files.isSymbolicLink(link), "the link stays a link");
    assertEquals(3, Integer.parseInt(ModelFile.read(real).metadata().get("iterations")));
  }

  @Test
  void anOutputIsNeverAnInputOrAnotherOutput() throws IOException {
    NpyFile.write(dir.resolve("x.npy"), new float[] {0, 1, 2, 3, 4, 5}, 3, 2);
    NpyFile.write(dir.resolve("y.npy"), new float[] {0, 1, 1}, 3);
    byte[] data = Files.readAllBytes(dir.resolve("x.npy"));
    assertUsage(
        CliRun.of("train", "--x", p("x.npy"), "--y", p("y.npy"), "--model", p("x.npy")),
        "--model " + p("x.npy") + " is the same file as the input --x");
    assertArrayEquals(data, Files.readAllBytes(dir.resolve("x.npy")), "the data is intact");
    Files.createSymbolicLink(dir.resolve("alias.npy"), dir.resolve("y.npy"));
    assertUsage(
        CliRun.of("train", "--x", p("x.npy"), "--y", p("y.npy"), "--report-json", p("alias.npy")),
        "is the same file as the input --y");
    assertUsage(
        CliRun.of("train", "--model", p("same.out"), "--report-json", p("same.out")),
        "--report-json " + p("same.out") + " is the same file as the output --model");
    assertFalse(Files.exists(dir.resolve("same.out")));
  }

  @Test
  void aBadOutputPathFailsBeforeTrainingAndReplacesNothing() throws IOException {
    assertEquals(0, CliRun.of("train", "--epochs", "3", "--model", p("keep.vlm")).status());
    byte[] before = Files.readAllBytes(dir.resolve("keep.vlm"));
    CliRun run =
        CliRun.of(
            "train", "--epochs", "5", "--model", p("keep.vlm"), "--report-json", p("nodir/r.json"));
    assertUsage(run, "--report-json " + p("nodir/r.json") + ": its directory");
    assertTrue(run.out().isEmpty(), "nothing was trained: " + run.out());
    assertArrayEquals(before, Files.readAllBytes(dir.resolve("keep.vlm")));
    assertUsage(CliRun.of("train", "--plot", p("nodir/c.svg")), "its directory");
  }

  @Test
  void temporaryFilesAreNamedAndStaleOnesCleanedUp() throws IOException {
    Path stale = dir.resolve(".m.vlm." + Long.MAX_VALUE + "-0.vlogit-tmp");
    Files.writeString(stale, "left by a killed process");
    Path other = dir.resolve(".m.vlm.notes");
    Files.writeString(other, "someone else's");
    assertEquals(0, CliRun.of("train", "--epochs", "3", "--model", p("m.vlm")).status());
    assertFalse(Files.exists(stale), "a temporary file of a dead process is removed");
    assertTrue(Files.exists(other), "files that are not vlogit's are left alone");
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          Set.of("m.vlm", ".m.vlm.notes"),
          Set.copyOf(files.map(f -> f.getFileName().toString()).toList()),
          "no temporary file left");
    }
  }

  @Test
  void permissionsAreTheDefaultsOrTheReplacedFilesOwn() throws IOException {
    assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "POSIX permissions");
    Path reference = Files.createFile(dir.resolve("reference"));
    assertEquals(0, CliRun.of("train", "--epochs", "3", "--model", p("new.vlm")).status());
    assertEquals(
        Files.getPosixFilePermissions(reference),
        Files.getPosixFilePermissions(dir.resolve("new.vlm")),
        "a new file gets the process's default permissions, not 0600");
    Set<PosixFilePermission> groupRead = PosixFilePermissions.fromString("rw-r-----");
    Files.setPosixFilePermissions(dir.resolve("new.vlm"), groupRead);
    assertEquals(0, CliRun.of("train", "--epochs", "4", "--model", p("new.vlm")).status());
    assertEquals(
        groupRead,
        Files.getPosixFilePermissions(dir.resolve("new.vlm")),
        "a replaced file keeps its mode");
  }

  @Test
  void divergenceFailsAndWritesNothingUnlessAsked() throws IOException {
    CliRun run = CliRun.of("train", "--learning-rate", "1e30", "--model", p("d.vlm"));
    assertEquals(1, run.status(), run.err());
    assertTrue(
        run.errorLine().contains("training diverged at iteration")
            && run.errorLine().contains("no output written"),
        run.err());
    assertTrue(run.out().contains("stopped: diverged"), run.out());
    assertFalse(Files.exists(dir.resolve("d.vlm")));
    CliRun kept =
        CliRun.of("train", "--learning-rate", "1e30", "--model", p("d.vlm"), "--keep-diverged");
    assertEquals(1, kept.status());
    assertTrue(kept.errorLine().contains("the outputs were written"), kept.err());
    assertTrue(Files.exists(dir.resolve("d.vlm")));
  }

  @Test
  void badInputsGetOneLineNamingTheFileAndTheProblem() throws IOException, InterruptedException {
    assertUsage(CliRun.of("train", "--csv", dir.toString()), "--csv " + dir + " is a directory");
    Path zero = Path.of("/dev/zero");
    if (Files.exists(zero)) {
      assertUsage(
          CliRun.of("inspect", "--model", "/dev/zero"), "--model /dev/zero is not a regular file");
    }
    Path fifo = dir.resolve("fifo.npy");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    if (mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0) {
      assertUsage(
          CliRun.of("train", "--x", fifo.toString(), "--y", fifo.toString()),
          "is not a regular file");
    }
    Files.write(
        dir.resolve("latin1.csv"),
        "a,b,label\n1,2,0\n3,\u00e9,1\n".getBytes(StandardCharsets.ISO_8859_1));
    CliRun latin = CliRun.of("train", "--csv", p("latin1.csv"));
    assertEquals(1, latin.status());
    assertTrue(latin.errorLine().contains(p("latin1.csv") + ": is not UTF-8 text"), latin.err());
    Files.write(
        dir.resolve("latin1.json"),
        "{\"format\": \"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
    CliRun json = CliRun.of("import", "--json", p("latin1.json"), "--model", p("m.vlm"));
    assertEquals(1, json.status());
    assertTrue(json.errorLine().contains(p("latin1.json") + ": is not UTF-8 text"), json.err());
    CliRun value = CliRun.of("train", "--model", "--standardize");
    assertUsage(value, "--model needs a value, but the next argument is the option --standardize");
  }

  @Test
  void theLauncherRunsFromAnyDirectory() throws IOException, InterruptedException {
    assumeTrue(Files.exists(Path.of("/bin/sh")), "a POSIX shell");
    // The tests run in core/; the launcher is the repository root's bin/vlogit.
    Path launcher = Path.of("..", "bin", "vlogit").toAbsolutePath().normalize();
    assertTrue(Files.isExecutable(launcher), launcher + " should be an executable script");
    Path link = Files.createSymbolicLink(dir.resolve("vlogit"), launcher);
    Process p = new ProcessBuilder(link.toString(), "--version").directory(dir.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    Files.delete(link); // here, not by @TempDir, which warns about a link leaving the directory
    assertEquals(0, p.exitValue(), err);
    assertTrue(out.startsWith("vlogit "), out);
  }

  @Test
  void deepJsonIsRefusedInOneLine() throws IOException {
    Files.writeString(dir.resolve("deep.json"), "[".repeat(10_000) + "]".repeat(10_000));
    CliRun run = CliRun.of("import", "--json", p("deep.json"), "--model", p("m.vlm"));
    assertEquals(1, run.status());
    assertTrue(run.errorLine().contains("nested deeper than 64 levels"), run.err());
  }

  @Test
  void jsonErrorsQuoteTheValueNotAnInternalType() throws IOException {
    Files.writeString(dir.resolve("m.json"), "{\"format\": \"vlogit-modle\"}");
    CliRun run = CliRun.of("import", "--json", p("m.json"), "--model", p("m.vlm"));
    assertEquals(1, run.status());
    assertTrue(run.errorLine().contains("(got \"vlogit-modle\")"), run.err());
    assertFalse(run.err().contains("Text[") || run.err().contains("Quoted["), run.err());
  }

  @Test
  void aHugeBadCellIsQuotedShort() throws IOException {
    String cell = "x".repeat(100_000);
    Files.writeString(dir.resolve("big.csv"), "a,label\n" + cell + ",1\n");
    CliRun run = CliRun.of("train", "--csv", p("big.csv"));
    assertEquals(1, run.status());
    assertTrue(run.errorLine().contains("…' (100000 characters) is not a number"), run.err());
    assertTrue(run.errorLine().length() < 300, run.errorLine().length() + " characters");
  }

  @Test
  void csvHeadersAreNamesThatDiffer() throws IOException {
    Files.writeString(dir.resolve("dup.csv"), "label,label,x\n0,0,1\n1,1,2\n");
    CliRun dup = CliRun.of("train", "--csv", p("dup.csv"), "--label-column", "label");
    assertEquals(1, dup.status());
    assertTrue(dup.errorLine().contains("columns 1 and 2 are both named 'label'"), dup.err());
    Files.writeString(dir.resolve("bare.csv"), "1,2,0\n3,4,1\n5,6,0\n");
    CliRun bare = CliRun.of("train", "--csv", p("bare.csv"), "--epochs", "2");
    assertEquals(1, bare.status());
    assertTrue(
        bare.errorLine().contains("is numbers, not column names")
            && bare.errorLine().contains("--no-header"),
        bare.err());
    CliRun ok = CliRun.of("train", "--csv", p("bare.csv"), "--no-header", "--epochs", "2");
    assertEquals(0, ok.status(), ok.err());
    assertTrue(ok.out().contains("(3 examples × 2 features)"), ok.out());
  }

  @Test
  void aLabelThatRoundsTo1IsNot1() throws IOException {
    Path y = dir.resolve("y.npy");
    // float64 labels of shape (2,): 0 and 1.0000000001, which no float label can hold.
    NpyTestFiles.write(y, "<f8", new double[] {0, 1.0000000001});
    NpyFile.write(dir.resolve("x.npy"), new float[] {1, 2}, 2, 1);
    CliRun run = CliRun.of("train", "--x", p("x.npy"), "--y", y.toString());
    assertEquals(1, run.status());
    assertTrue(run.errorLine().contains("example 1: label 1.0000000001 is not 0 or 1"), run.err());
  }
}
