package io.vlogit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.TestData;
import io.vlogit.io.ModelFile;
import io.vlogit.io.NpyFile;
import io.vlogit.io.StreamTrainingTest;
import io.vlogit.testing.ClassPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --stream}: the model of training in memory, the options that need the data in memory
 * refused, and a file several times the heap trained in a JVM of 48 MiB, streamed by itself.
 */
class StreamCliTest {
  @TempDir Path dir;

  @Test
  void streamingTrainsTheModelOfTrainingInMemory() throws IOException {
    Path[] files = StreamTrainingTest.write(dir, TestData.gaussian(31, 10, 20000, 1.0));
    String xp = files[0].toString();
    String yp = files[1].toString();
    String streamed = dir.resolve("s.bin").toString();
    String loaded = dir.resolve("m.bin").toString();
    CliRun s =
        CliRun.of("train", "--x", xp, "--y", yp, "--stream", "--lbfgs", "5", "--model", streamed);
    CliRun m = CliRun.of("train", "--x", xp, "--y", yp, "--lbfgs", "5", "--model", loaded);
    assertEquals(0, s.status(), s.err());
    assertEquals(0, m.status(), m.err());
    assertTrue(s.out().contains("20000 examples × 10 features, read block by block"), s.out());
    String accuracy =
        m.out().lines().filter(l -> l.startsWith("training accuracy")).findFirst().get();
    assertTrue(s.out().contains(accuracy), s.out());
    CliRun held =
        CliRun.of("train", "--x", xp, "--y", yp, "--stream", "--validation-fraction", "0.2");
    assertEquals(0, held.status(), held.err());
    assertTrue(held.out().contains("validation"), held.out());
    ModelFile.SavedModel a = ModelFile.read(Path.of(streamed));
    ModelFile.SavedModel b = ModelFile.read(Path.of(loaded));
    assertArrayEquals(b.model().weights(), a.model().weights());
    assertEquals(b.model().bias(), a.model().bias());

    // Sample weights from a file, standardization and balanced class weights, streamed.
    float[] w = new float[20000];
    for (int j = 0; j < w.length; j++) {
      w[j] = 0.25f * (1 + j % 7);
    }
    Path wp = dir.resolve("w.npy");
    NpyFile.write(wp, w, w.length);
    String[] weighted = {
      "train",
      "--x",
      xp,
      "--y",
      yp,
      "--weights",
      wp.toString(),
      "--standardize",
      "--class-weight",
      "balanced",
      "--lbfgs",
      "5",
      "--max-iterations",
      "20",
      "--model"
    };
    CliRun ws = CliRun.of(concat(weighted, streamed, "--stream"));
    CliRun wm = CliRun.of(concat(weighted, loaded));
    assertEquals(0, ws.status(), ws.err());
    assertEquals(0, wm.status(), wm.err());
    ModelFile.SavedModel c = ModelFile.read(Path.of(streamed));
    ModelFile.SavedModel d = ModelFile.read(Path.of(loaded));
    assertArrayEquals(d.model().weights(), c.model().weights());
    assertEquals(d.model().bias(), c.model().bias());
    assertTrue(
        !java.util.Arrays.equals(b.model().weights(), d.model().weights()), "the options count");

    CliRun path =
        CliRun.of(
            "train",
            "--x",
            xp,
            "--y",
            yp,
            "--stream",
            "--l1-path",
            "3",
            "--validation-fraction",
            "0.2",
            "--select",
            "validation");
    assertEquals(0, path.status(), path.err());
    assertTrue(path.out().contains("non-zero weights"), path.out());

    CliRun csv = CliRun.of("train", "--stream", "--csv", xp);
    assertTrue(csv.status() != 0, csv.out());
    assertTrue(csv.errorLine().contains("--stream"), csv.errorLine());
  }

  private static String[] concat(String[] head, String... tail) {
    List<String> all = new ArrayList<>(List.of(head));
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }

  @Test
  void aBadValueStopsAStreamedRunAndLeavesTheModelFileAsItWas() throws IOException {
    float[] x = new float[3 * 1000];
    float[] y = new float[1000];
    for (int j = 0; j < 1000; j++) {
      x[3 * j] = j % 10;
      y[j] = j % 2;
    }
    x[3 * 777 + 1] = Float.POSITIVE_INFINITY;
    Path xp = dir.resolve("bad.npy");
    Path yp = dir.resolve("bad-y.npy");
    NpyFile.write(xp, x, 1000, 3);
    NpyFile.write(yp, y, 1000);
    Path model = dir.resolve("kept.bin");
    byte[] before = "a model saved earlier".getBytes(StandardCharsets.UTF_8);
    java.nio.file.Files.write(model, before);
    CliRun r =
        CliRun.of(
            "train",
            "--x",
            xp.toString(),
            "--y",
            yp.toString(),
            "--stream",
            "--model",
            model.toString());
    assertTrue(r.status() != 0);
    assertTrue(r.errorLine().contains("example 777, feature 1"), r.err());
    assertArrayEquals(before, java.nio.file.Files.readAllBytes(model));
  }

  @Test
  void aFileSeveralTimesTheHeapTrainsByStreaming() throws Exception {
    int n = 32;
    int m = 1 << 20;
    float[] x = new float[n * m];
    float[] y = new float[m];
    Random r = new Random(7);
    for (int j = 0; j < m; j++) {
      double z = 0;
      for (int i = 0; i < n; i++) {
        float v = (float) r.nextGaussian();
        x[j * n + i] = v;
        z += (i % 3 - 1) * v;
      }
      y[j] = z + r.nextGaussian() > 0 ? 1f : 0f;
    }
    Path xp = dir.resolve("big.npy");
    Path yp = dir.resolve("big-y.npy");
    NpyFile.write(xp, x, m, n);
    NpyFile.write(yp, y, m);
    x = null;
    Path model = dir.resolve("big.bin");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m",
                "--add-modules",
                "jdk.incubator.vector",
                "-cp",
                classes(),
                Main.class.getName(),
                "train",
                "--x",
                xp.toString(),
                "--y",
                yp.toString(),
                "--lbfgs",
                "5",
                "--max-iterations",
                "4",
                "--model",
                model.toString()));
    Process p = new ProcessBuilder(cmd).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out + err);
    assertTrue(err.contains("more than half the heap"), err);
    assertTrue(err.contains("training from the file block by block (--stream)"), err);
    assertTrue(out.contains("read block by block"), out);
    float[] w = ModelFile.read(model).model().weights();
    assertTrue(w[0] < 0 && w[2] > 0, "the model learned the signs: " + w[0] + ", " + w[2]);
  }

  private static String classes() {
    return ClassPath.of(Main.class);
  }
}
