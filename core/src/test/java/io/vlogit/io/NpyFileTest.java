package io.vlogit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixtures in src/test/resources/npy were written by NumPy 1.24 (np.save), not by vlogit. */
class NpyFileTest {
  /** X = [[1.5, −2, 3.25], [4, 0.5, −6]]: 2 examples × 3 features, in vlogit's layout. */
  private static final float[] X = {1.5f, -2f, 3.25f, 4f, 0.5f, -6f};

  @TempDir Path dir;

  static Path fixture(String name) {
    try {
      return Path.of(NpyFileTest.class.getResource("/npy/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void readsEveryFloatLayoutNumPyWrites() throws IOException {
    for (String name :
        new String[] {
          "x_f4_c_le.npy",
          "x_f8_c_le.npy",
          "x_f4_c_be.npy",
          "x_f8_c_be.npy",
          "x_f4_f_le.npy",
          "x_f8_f_be.npy",
          "x_v2_f4.npy"
        }) {
      NpyFile.Matrix m =
          NpyFile.readMatrix(fixture(name), NpyFile.Orientation.EXAMPLES_BY_FEATURES);
      assertEquals(3, m.features(), name);
      assertEquals(2, m.examples(), name);
      assertArrayEquals(X, m.values(), name);
    }
  }

  @Test
  void readsTheSeedsFeaturesByExamplesOrientation() throws IOException {
    NpyFile.Matrix m =
        NpyFile.readMatrix(fixture("x_t_f4_c_le.npy"), NpyFile.Orientation.FEATURES_BY_EXAMPLES);
    assertEquals(3, m.features());
    assertEquals(2, m.examples());
    assertArrayEquals(X, m.values());
  }

  @Test
  void readsLabelsOfEveryCommonType() throws IOException {
    assertArrayEquals(new float[] {0, 1}, NpyFile.readLabels(fixture("y_i8.npy")));
    assertArrayEquals(new float[] {0, 1}, NpyFile.readLabels(fixture("y_bool.npy")));
    assertArrayEquals(new float[] {1, 0}, NpyFile.readLabels(fixture("y_u1.npy")));
    assertArrayEquals(new float[] {0, 1}, NpyFile.readLabels(fixture("y_f8_col.npy")));
  }

  @Test
  void refusesOtherDtypesAndShapes() {
    DataFormatException i8 =
        assertThrows(
            DataFormatException.class,
            () ->
                NpyFile.readMatrix(fixture("x_i8.npy"), NpyFile.Orientation.EXAMPLES_BY_FEATURES));
    assertTrue(i8.getMessage().contains("dtype '<i8' is not supported"), i8.getMessage());
    DataFormatException f2 =
        assertThrows(
            DataFormatException.class,
            () ->
                NpyFile.readMatrix(fixture("x_f2.npy"), NpyFile.Orientation.EXAMPLES_BY_FEATURES));
    assertTrue(f2.getMessage().contains("'<f2'"), f2.getMessage());
    DataFormatException rank =
        assertThrows(
            DataFormatException.class,
            () ->
                NpyFile.readMatrix(fixture("x_1d.npy"), NpyFile.Orientation.EXAMPLES_BY_FEATURES));
    assertTrue(rank.getMessage().contains("2-D"), rank.getMessage());
    DataFormatException labels =
        assertThrows(DataFormatException.class, () -> NpyFile.readLabels(fixture("x_f4_c_le.npy")));
    assertTrue(labels.getMessage().contains("shape (2, 3)"), labels.getMessage());
  }

  @Test
  void refusesDamagedFiles() throws IOException {
    byte[] good = Files.readAllBytes(fixture("x_f4_c_le.npy"));
    assertDamaged(Arrays.copyOf(good, good.length - 3), "truncated");
    byte[] longer = Arrays.copyOf(good, good.length + 4);
    assertDamaged(longer, "trailing bytes");
    byte[] magic = good.clone();
    magic[1] = 'X';
    assertDamaged(magic, "not a NumPy .npy file");
    byte[] header = good.clone();
    header[10] = '['; // the dict's opening brace
    assertDamaged(header, "damaged .npy header");
    byte[] version = good.clone();
    version[6] = 9;
    assertDamaged(version, "version 9.0 is not supported");
    assertDamaged(Arrays.copyOf(good, 20), "header is cut short");
    String text =
        new String(good, 10, good.length - 10, java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] shape = good.clone();
    int at = 10 + text.indexOf("(2, 3)");
    shape[at + 1] = 'x';
    assertDamaged(shape, "damaged .npy header");
  }

  private void assertDamaged(byte[] bytes, String expected) throws IOException {
    Path p = dir.resolve("bad.npy");
    Files.write(p, bytes);
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> NpyFile.readMatrix(p, NpyFile.Orientation.EXAMPLES_BY_FEATURES));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().startsWith(p.toString()), "names the file: " + e.getMessage());
  }

  @Test
  void writerRoundTripsAndMatchesNumPysLayout() throws IOException {
    Path p = dir.resolve("out.npy");
    NpyFile.write(p, X, 2, 3);
    NpyFile.Header h = NpyFile.readHeader(p);
    assertEquals("<f4", h.descr());
    assertEquals(0, h.dataOffset() % 64, "data aligned to 64 bytes as NumPy does");
    assertArrayEquals(X, NpyFile.readMatrix(p, NpyFile.Orientation.EXAMPLES_BY_FEATURES).values());
    // Same bytes as NumPy's own file for the same array.
    assertArrayEquals(Files.readAllBytes(fixture("x_f4_c_le.npy")), Files.readAllBytes(p));
    Path v = dir.resolve("v.npy");
    NpyFile.write(v, new float[] {0, 1, 1}, 3);
    assertArrayEquals(new float[] {0, 1, 1}, NpyFile.readLabels(v));
    assertEquals(
        "(3,)",
        NpyFile.readHeader(v).toString().replaceAll(".*shape ", "").replaceAll(",\\s*C order", ""));
  }

  @Test
  void readsIntoArraysOfWholeExamplesWithTheSameValues() throws IOException {
    int m = 37;
    int n = 5;
    float[] x = new float[m * n];
    float[] transposed = new float[m * n];
    java.util.Random r = new java.util.Random(3);
    for (int j = 0; j < m; j++) {
      for (int i = 0; i < n; i++) {
        x[j * n + i] = (float) r.nextGaussian();
        transposed[i * m + j] = x[j * n + i];
      }
    }
    Path c = dir.resolve("x.npy");
    Path t = dir.resolve("xt.npy");
    NpyFile.write(c, x, m, n);
    NpyFile.write(t, transposed, n, m);
    for (int per : new int[] {1, 2, 3, 8, 36, 37, 100}) {
      NpyFile.Matrix a = NpyFile.readMatrix(c, NpyFile.Orientation.EXAMPLES_BY_FEATURES, per);
      NpyFile.Matrix b = NpyFile.readMatrix(t, NpyFile.Orientation.FEATURES_BY_EXAMPLES, per);
      for (NpyFile.Matrix read : new NpyFile.Matrix[] {a, b}) {
        assertEquals((m + per - 1) / per, read.blocks().length, "arrays of " + per);
        float[] joined = new float[0];
        for (float[] block : read.blocks()) {
          assertTrue(block.length <= per * n && block.length % n == 0);
          int at = joined.length;
          joined = Arrays.copyOf(joined, at + block.length);
          System.arraycopy(block, 0, joined, at, block.length);
        }
        assertArrayEquals(x, joined, "arrays of " + per);
      }
      if (per < m) {
        assertThrows(IllegalStateException.class, a::values);
      }
    }
    NpyFile.Matrix fortran =
        NpyFile.readMatrix(fixture("x_f4_f_le.npy"), NpyFile.Orientation.EXAMPLES_BY_FEATURES, 1);
    assertArrayEquals(Arrays.copyOfRange(X, 0, 3), fortran.blocks()[0]);
    assertArrayEquals(Arrays.copyOfRange(X, 3, 6), fortran.blocks()[1]);
    assertEquals(65536, NpyFile.examplesPerArray(784), "2^26 floats at most, a power of two");
    assertEquals(1 << 26, NpyFile.examplesPerArray(1));
  }

  @Test
  void emptyArrayReadsAsNoExamples() throws IOException {
    NpyFile.Matrix m =
        NpyFile.readMatrix(fixture("x_empty.npy"), NpyFile.Orientation.EXAMPLES_BY_FEATURES);
    assertEquals(0, m.examples());
    assertEquals(3, m.features());
  }
}
