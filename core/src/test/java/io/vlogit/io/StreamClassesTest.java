package io.vlogit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.ExampleStream;
import io.vlogit.testing.Cases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream counts its classes by one scan of the labels when it opens: K is 2 for labels 0 and 1,
 * else the largest label + 1, wherever the largest falls (the float32 scan raises K as it meets
 * larger labels, in chunks of 2¹⁶); the first label that is not a class stops the opening with an
 * error naming its example, whatever the labels' type and byte order.
 */
class StreamClassesTest {
  @TempDir Path dir;

  /** m labels of {@code classes} classes stored as {@code descr}, one bad at {@code bad} or −1. */
  record Case(int m, int classes, String descr, int bad, float badValue, long seed) {}

  @TestFactory
  Stream<DynamicTest> theClassesAreCountedAndABadLabelIsNamed() {
    return Cases.check(
        16,
        r -> {
          int m = Cases.intWithEdges(r, 1, 200_000, List.of(1, 65_536, 65_537, 131_073));
          float[] bad = {Float.NaN, 0.5f, -1f, 1 << 24, Float.POSITIVE_INFINITY};
          return new Case(
              m,
              Cases.intWithEdges(r, 2, 40, List.of(2, 3)),
              new String[] {"<f4", ">f4", "<f8"}[r.nextInt(3)],
              r.nextBoolean() ? r.nextInt(m) : -1,
              bad[r.nextInt(bad.length)],
              r.nextLong());
        },
        c -> {
          java.util.SplittableRandom r = new java.util.SplittableRandom(c.seed());
          float[] y = new float[c.m()];
          for (int j = 0; j < y.length; j++) {
            // Mostly small classes, so that larger ones arrive late and one at a time.
            y[j] = r.nextInt(8) == 0 ? r.nextInt(c.classes()) : r.nextInt(2);
          }
          if (c.bad() >= 0) {
            y[c.bad()] = c.badValue();
          }
          float largest = 0; // of labels that are all classes: the case without a bad one
          for (float v : y) {
            largest = Math.max(largest, v);
          }
          try {
            Path xp = dir.resolve("x-" + c.seed() + ".npy");
            Path yp = dir.resolve("y-" + c.seed() + ".npy");
            NpyFile.write(xp, new float[c.m()], c.m(), 1);
            StreamTrainingTest.writeLabels(yp, c.descr(), y);
            if (c.bad() >= 0) {
              DataFormatException e =
                  assertThrows(DataFormatException.class, () -> NpyFile.stream(xp, yp));
              assertTrue(
                  e.getMessage().contains("example " + c.bad() + ": label "), e.getMessage());
            } else {
              try (ExampleStream s = NpyFile.stream(xp, yp)) {
                assertEquals(largest <= 1 ? 2 : (int) largest + 1, s.classes());
              }
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
