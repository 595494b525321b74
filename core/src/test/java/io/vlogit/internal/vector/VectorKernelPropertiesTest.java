package io.vlogit.internal.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vlogit.internal.kernel.GradientWorkspace;
import io.vlogit.internal.kernel.Kernels;
import io.vlogit.internal.kernel.LogisticKernel;
import io.vlogit.testing.Cases;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Vector API kernel against the scalar reference, on random shapes (n in 0..300 and m in
 * 0..2000, with the edges 0, 1, lanes ± 1, the narrow/wide switch and the flush interval; longer
 * rows, up to 2100 features, in {@link #longRowsAgreeWithTheScalarReference}), random and extreme
 * values (|z| up to 1e4, zeros, subnormals), random labels and sample weights, within the bounds
 * derived in {@link ErrorBound}. Runs in one JVM per species width (see the surefire executions in
 * pom.xml: 64, 128, 256 (the default here) and 512 bits).
 */
class VectorKernelPropertiesTest {
  private static final LogisticKernel VECTOR = Kernels.vector();
  private static final LogisticKernel SCALAR = Kernels.scalar();
  private static final int L = Species.LANES;

  /** Emulated widths run the Vector API in plain Java, a hundred times slower: fewer tries. */
  private static final int TRIES = Species.NATIVE ? 300 : 150;

  enum Values {
    GAUSSIAN,
    LARGE_LOGITS,
    TINY_AND_ZERO,
    MIXED_SCALES
  }

  /**
   * A random problem: data, labels, optional sample weights, a model, and the range to sum over.
   */
  record Case(
      float[] x, float[] y, float[] s, int n, int from, int to, float[] w, float b, Values kind) {
    @Override
    public String toString() {
      return "n=" + n + " m=" + to + " from=" + from + " " + kind + (s != null ? " weighted" : "");
    }
  }

  @Test
  void theForcedWidthIsTheOneUnderTest() {
    String bits = System.getProperty("vlogit.vector.bits");
    if (bits != null && !bits.isBlank()) {
      assertEquals(Integer.parseInt(bits), Species.FLOAT.vectorBitSize());
    }
    assertTrue(VECTOR.name().startsWith("vector-" + Species.FLOAT.vectorBitSize()), VECTOR.name());
  }

  static int features(Random r) {
    int narrow = VectorKernel.NARROW_BELOW;
    return Cases.intWithEdges(
        r,
        0,
        300,
        List.of(
            0,
            1,
            2,
            Math.max(1, L / 4),
            L / 2,
            L - 1,
            L,
            L + 1,
            2 * L - 1,
            2 * L,
            2 * L + 1,
            narrow - 1,
            narrow,
            narrow + 1,
            300));
  }

  static int examples(Random r) {
    int f = VectorKernel.FLUSH;
    return Cases.intWithEdges(r, 0, 2000, List.of(0, 1, L - 1, L, L + 1, f - 1, f, f + 1, 2000));
  }

  /** A random case: shape, kind of values and weighting all drawn from {@code r}. */
  static Case random(Random r) {
    return make(
        r.nextLong(), features(r), examples(r), Cases.oneOf(r, Values.class), r.nextBoolean());
  }

  static Case make(long seed, int n, int m, Values kind, boolean weighted) {
    Random r = new Random(seed);
    float[] x = new float[n * m];
    float[] y = new float[m];
    float[] w = new float[n];
    float[] s = weighted ? new float[m] : null;
    double xScale = kind == Values.LARGE_LOGITS ? 10 : 1;
    double wScale =
        kind == Values.LARGE_LOGITS
            ? 1e4 / (10 * Math.sqrt(Math.max(n, 1)))
            : 1 / Math.sqrt(Math.max(n, 1));
    for (int i = 0; i < n; i++) {
      w[i] = r.nextInt(10) == 0 ? 0f : (float) (r.nextGaussian() * wScale);
    }
    for (int k = 0; k < x.length; k++) {
      x[k] =
          switch (kind) {
            case GAUSSIAN, LARGE_LOGITS -> (float) (r.nextGaussian() * xScale);
            case TINY_AND_ZERO ->
                switch (r.nextInt(4)) {
                  case 0 -> 0f;
                  case 1 -> Float.MIN_VALUE * (1 + r.nextInt(1 << 20)) * (r.nextBoolean() ? 1 : -1);
                  case 2 -> (float) (r.nextGaussian() * 1e-30);
                  default -> (float) r.nextGaussian();
                };
            case MIXED_SCALES -> (float) (r.nextGaussian() * Math.pow(10, r.nextInt(9) - 4));
          };
    }
    for (int j = 0; j < m; j++) {
      y[j] = r.nextBoolean() ? 1f : 0f;
      if (s != null) {
        s[j] = r.nextInt(4) == 0 ? 0f : (float) (r.nextDouble() * 10);
      }
    }
    float b = (float) (r.nextGaussian() * (kind == Values.LARGE_LOGITS ? 1e3 : 1));
    int from = m == 0 ? 0 : r.nextInt(Math.min(m, 40) + 1);
    return new Case(x, y, s, n, from, m, w, b, kind);
  }

  @TestFactory
  Stream<DynamicTest> gradientDzAndLossAgreeWithTheScalarReference() {
    return Cases.check(
        TRIES, VectorKernelPropertiesTest::random, VectorKernelPropertiesTest::gradientAgrees);
  }

  static void gradientAgrees(Case c) {
    gradientAgrees(c, VECTOR.newWorkspace(c.n));
  }

  /** {@link #gradientAgrees(Case)} through the given workspace of the vector kernel. */
  static void gradientAgrees(Case c, GradientWorkspace v) {
    int n = c.n;
    GradientWorkspace s = SCALAR.newWorkspace(n);
    VECTOR.accumulateGradient(c.x, c.y, c.s, n, null, c.from, c.to, c.w, c.b, v);
    SCALAR.accumulateGradient(c.x, c.y, c.s, n, null, c.from, c.to, c.w, c.b, s);
    ErrorBound bound = ErrorBound.of(c.x, c.y, c.s, n, c.from, c.to, c.w, c.b);
    for (int i = 0; i < n; i++) {
      assertTrue(
          Math.abs(v.gradient[i] - s.gradient[i]) <= bound.gradient[i],
          "gradient "
              + i
              + ": vector "
              + v.gradient[i]
              + ", scalar "
              + s.gradient[i]
              + ", bound "
              + bound.gradient[i]
              + "; "
              + c);
    }
    assertTrue(
        Math.abs(v.dzSum - s.dzSum) <= bound.dzSum,
        "Σdz: vector " + v.dzSum + ", scalar " + s.dzSum + ", bound " + bound.dzSum + "; " + c);
    assertTrue(
        Math.abs(v.lossSum - s.lossSum) <= bound.lossSum,
        "Σloss: vector "
            + v.lossSum
            + ", scalar "
            + s.lossSum
            + ", bound "
            + bound.lossSum
            + "; "
            + c);
    assertTrue(Double.isFinite(v.lossSum));

    // The workspace is left clean: a second pass adds exactly the same amounts again.
    double[] first = v.gradient.clone();
    double firstLoss = v.lossSum;
    v.clear();
    VECTOR.accumulateGradient(c.x, c.y, c.s, n, null, c.from, c.to, c.w, c.b, v);
    assertArrayEquals(first, v.gradient);
    assertEquals(firstLoss, v.lossSum);
  }

  /**
   * Rows longer than the random shapes' 300 features, around the edges of the wide path's block
   * sizes ({@link VectorWorkspace#block}: sixteen examples below 1024 features, or eight from
   * {@link VectorWorkspace#ONE_GROUP_FROM} at 16 lanes; eight from 1024 to 2048, four above) and of
   * its reading order ({@link WideGradient#EIGHT_BELOW}), with ranges that end inside a block,
   * against the scalar reference within the same bounds.
   */
  @TestFactory
  Stream<DynamicTest> longRowsAgreeWithTheScalarReference() {
    int below = WideGradient.EIGHT_BELOW;
    int eight = VectorWorkspace.ONE_GROUP_FROM;
    List<Integer> rowEdges = List.of(257, eight - 1, eight, below - 1, below, 2048, 2049);
    List<Integer> exampleEdges = List.of(0, 1, 7, 8, 9, 15, 16, 17, 120);
    return Cases.check(
        Species.NATIVE ? 30 : 8,
        r ->
            make(
                r.nextLong(),
                Cases.intWithEdges(r, 257, 2100, rowEdges),
                Cases.intWithEdges(r, 0, 120, exampleEdges),
                Cases.oneOf(r, Values.class),
                r.nextBoolean()),
        VectorKernelPropertiesTest::gradientAgrees);
  }

  /**
   * Rows of {@link VectorWorkspace#ONE_GROUP_FROM} to 1023 features go in blocks of eight examples
   * at 16 lanes and of sixteen at other widths ({@link VectorWorkspace#ONE_GROUP_LONG_ROWS}): both
   * rules at this width, each against the scalar reference within the same bounds, and the same
   * gradient bits from both, since each of its sums adds the rows in order whatever the block. Each
   * rule also reads the rows as a pass streamed from memory would ({@code passExamples} set past
   * {@link WideGradient#CACHED_FLOATS}: eight side by side, {@link StreamedLogits#dot8}), as
   * streamed data of these lengths is trained, with the same bits again.
   */
  @TestFactory
  Stream<DynamicTest> longRowsInBlocksOfEightOrSixteen() {
    int from = VectorWorkspace.ONE_GROUP_FROM;
    int below = WideGradient.EIGHT_BELOW;
    return Cases.check(
        Species.NATIVE ? 12 : 4,
        r ->
            make(
                r.nextLong(),
                Cases.intWithEdges(r, from - 1, below - 1, List.of(from - 1, from, below - 1)),
                Cases.intWithEdges(r, 0, 80, List.of(0, 1, 7, 8, 9, 15, 16, 17, 80)),
                Cases.oneOf(r, Values.class),
                r.nextBoolean()),
        c -> {
          VectorWorkspace eight = new VectorWorkspace(c.n, false, true);
          VectorWorkspace sixteen = new VectorWorkspace(c.n, false, false);
          assertEquals(c.n >= from ? 8 : 16, eight.block, "block with the rule; " + c);
          assertEquals(16, sixteen.block, "block without it; " + c);
          gradientAgrees(c, eight);
          gradientAgrees(c, sixteen);
          assertArrayEquals(eight.gradient, sixteen.gradient, "gradient bits; " + c);
          for (boolean rule : new boolean[] {true, false}) {
            VectorWorkspace streamed = new VectorWorkspace(c.n, false, rule);
            streamed.passExamples = (int) WideGradient.CACHED_FLOATS;
            gradientAgrees(c, streamed);
            assertArrayEquals(
                eight.gradient, streamed.gradient, "gradient bits, streamed order; " + c);
          }
        });
  }

  /**
   * Data in cache, in blocks of at least {@link WideBackward#EIGHT_VECTORS_FROM_ROWS} rows, goes
   * through the backward pass's strips of eight vectors: rows of one strip of eight and more, with
   * and without a strip of four and a last vector after them, against the scalar reference; and the
   * same gradient bits as a streamed pass of the same rows ({@code passExamples} set past {@link
   * WideGradient#CACHED_FLOATS}), run both in strips of four and in strips of eight whichever this
   * JDK takes by default ({@link WideBackward#STREAMED_IN_EIGHTS}), since each sum adds the rows in
   * order either way.
   */
  @TestFactory
  Stream<DynamicTest> cachedBlocksInStripsOfEightAsInStripsOfFour() {
    int first = 8 * L;
    List<Integer> rowEdges =
        List.of(first, first + 1, first + 4 * L, first + 4 * L + 1, 2 * first - 1, 2 * first, 512);
    return Cases.check(
        Species.NATIVE ? 12 : 4,
        r ->
            make(
                r.nextLong(),
                Cases.intWithEdges(r, first, 512, rowEdges),
                Cases.intWithEdges(r, 56, 160, List.of(56, 57, 72, 160)),
                Cases.oneOf(r, Values.class),
                r.nextBoolean()),
        c -> {
          VectorWorkspace cached = (VectorWorkspace) VECTOR.newWorkspace(c.n);
          assertTrue(cached.block >= WideBackward.EIGHT_VECTORS_FROM_ROWS, "block; " + c);
          gradientAgrees(c, cached);
          for (boolean eights : new boolean[] {false, true}) {
            VectorWorkspace streamed = (VectorWorkspace) VECTOR.newWorkspace(c.n);
            streamed.passExamples = (int) WideGradient.CACHED_FLOATS;
            streamed.streamedInEights = eights;
            gradientAgrees(c, streamed);
            assertArrayEquals(
                cached.gradient, streamed.gradient, "gradient bits, eights " + eights + "; " + c);
          }
        });
  }

  /**
   * Examples by index (a shuffled order, a held-out split): random indices, repeats allowed,
   * against the scalar reference within the same bounds; and the identity order gives exactly the
   * bits of no index at all.
   */
  @TestFactory
  Stream<DynamicTest> examplesByIndexAgreeWithTheScalarReference() {
    return Cases.check(
        TRIES / 2,
        VectorKernelPropertiesTest::random,
        c -> {
          int n = c.n;
          int m = c.to;
          Random r = new Random(m * 31L + n);
          int[] rows = new int[m == 0 ? 0 : r.nextInt(2 * m + 1)];
          for (int k = 0; k < rows.length; k++) {
            rows[k] = r.nextInt(m);
          }
          GradientWorkspace v = VECTOR.newWorkspace(n);
          GradientWorkspace s = SCALAR.newWorkspace(n);
          VECTOR.accumulateGradient(c.x, c.y, c.s, n, rows, 0, rows.length, c.w, c.b, v);
          SCALAR.accumulateGradient(c.x, c.y, c.s, n, rows, 0, rows.length, c.w, c.b, s);
          ErrorBound bound = ErrorBound.of(c.x, c.y, c.s, n, rows, 0, rows.length, c.w, c.b);
          for (int i = 0; i < n; i++) {
            assertTrue(
                Math.abs(v.gradient[i] - s.gradient[i]) <= bound.gradient[i],
                "gradient " + i + "; " + c);
          }
          assertTrue(Math.abs(v.dzSum - s.dzSum) <= bound.dzSum, "Σdz; " + c);
          assertTrue(Math.abs(v.lossSum - s.lossSum) <= bound.lossSum, "Σloss; " + c);

          int[] identity = new int[m];
          for (int k = 0; k < m; k++) {
            identity[k] = k;
          }
          GradientWorkspace a = VECTOR.newWorkspace(n);
          GradientWorkspace b = VECTOR.newWorkspace(n);
          VECTOR.accumulateGradient(c.x, c.y, c.s, n, identity, c.from, c.to, c.w, c.b, a);
          VECTOR.accumulateGradient(c.x, c.y, c.s, n, null, c.from, c.to, c.w, c.b, b);
          assertArrayEquals(b.gradient, a.gradient, "identity rows, " + c);
          assertEquals(b.lossSum, a.lossSum);
          assertEquals(b.dzSum, a.dzSum);
        });
  }

  @TestFactory
  Stream<DynamicTest> probabilitiesAndLogitsAgreeWithTheScalarReference() {
    return Cases.check(
        TRIES, VectorKernelPropertiesTest::random, VectorKernelPropertiesTest::scoresAgree);
  }

  /**
   * Every product rounds to −0 and b is −0: the one case where adding +0 to the lanes could change
   * a logit's sign. A logit alone has its batch's bits at every n (Logit.ofShort leaves out the +0
   * that the batch adds to its lanes below 4L).
   */
  @Test
  void negativeZeroProductsScoreAloneAsInABatch() {
    for (int n = 1; n <= 4 * L + 1; n++) {
      float[] w = new float[n];
      java.util.Arrays.fill(w, -0.25f);
      float[] x = new float[2 * n];
      java.util.Arrays.fill(x, Float.MIN_VALUE); // each product is −2^−151, which rounds to −0
      float[] batch = new float[2];
      VECTOR.logits(w, -0f, x, 0, 2, batch, 0);
      for (int k = 0; k < 2; k++) {
        assertEquals(
            Float.floatToRawIntBits(batch[k]),
            Float.floatToRawIntBits(VECTOR.logit(w, -0f, x, k * n)),
            "n = " + n + ", example " + k);
      }
    }
  }

  static void scoresAgree(Case c) {
    int n = c.n;
    int count = c.to - c.from;
    int offset = c.from * n;
    float[] pv = new float[count + 2];
    float[] ps = new float[count + 2];
    float[] zv = new float[count + 2];
    float[] zs = new float[count + 2];
    VECTOR.probabilities(c.w, c.b, c.x, offset, count, pv, 1);
    SCALAR.probabilities(c.w, c.b, c.x, offset, count, ps, 1);
    VECTOR.logits(c.w, c.b, c.x, offset, count, zv, 1);
    SCALAR.logits(c.w, c.b, c.x, offset, count, zs, 1);
    assertEquals(0f, pv[0]);
    assertEquals(0f, pv[count + 1], "wrote past the range");
    for (int k = 0; k < count; k++) {
      int o = offset + k * n;
      double zExact = c.b;
      for (int i = 0; i < n; i++) {
        zExact += (double) c.w[i] * c.x[o + i];
      }
      // A batch pairs examples half the batch apart; each logit must still be the one-example bits.
      assertEquals(
          Float.floatToRawIntBits(VECTOR.logit(c.w, c.b, c.x, o)),
          Float.floatToRawIntBits(zv[1 + k]),
          "logit " + k + " of " + count + " in a batch against alone; " + c);
      // Output rounding to float adds u·|z| to the logits and u·p to the probabilities.
      double zBound = ErrorBound.logit(c.w, c.b, c.x, o, n);
      assertTrue(
          Math.abs(zv[1 + k] - zs[1 + k])
              <= zBound + 2 * ErrorBound.U * Math.abs(zExact) + 0x1p-149,
          "logit " + k + ": " + zv[1 + k] + " vs " + zs[1 + k] + "; " + c);
      double a = 1 / (1 + Math.exp(-zExact));
      double pBound =
          ErrorBound.probability(zBound + ErrorBound.U * Math.abs(zExact), a)
              + 2 * ErrorBound.U * a;
      assertTrue(
          Math.abs(pv[1 + k] - ps[1 + k]) <= pBound,
          "probability "
              + k
              + ": "
              + pv[1 + k]
              + " vs "
              + ps[1 + k]
              + ", bound "
              + pBound
              + "; "
              + c);
      assertTrue(pv[1 + k] >= 0f && pv[1 + k] <= 1f);
      // One example scored alone gets the bits it gets in a batch, whatever its position.
      float alone = VECTOR.logit(c.w, c.b, c.x, o);
      assertEquals(
          Float.floatToRawIntBits(zv[1 + k]),
          Float.floatToRawIntBits(alone),
          "logit " + k + " alone " + alone + ", in the batch " + zv[1 + k] + "; " + c);
      assertEquals(
          Float.floatToRawIntBits(pv[1 + k]),
          Float.floatToRawIntBits(VECTOR.sigmoid(alone)),
          "probability " + k + " alone and in the batch; " + c);
    }
  }
}
