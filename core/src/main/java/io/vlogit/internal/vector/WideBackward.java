package io.vlogit.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The backward pass of {@link WideGradient}: {@code acc += Σ dz·x} over a block, with the block's
 * gradient in registers: the whole of it for rows of up to two vectors ({@link #axpyShort}), four
 * or eight vectors of it at a time for longer rows ({@link #axpyStrips}). Adding a block's rows to
 * sums held in registers, rather than to {@code acc} in memory four rows at a time, loads and
 * stores {@code acc} once per block and made the streamed epochs faster (bench/README.md, "Design
 * measurements"). Every method takes arrays and primitives only (see {@link LaneMath}).
 */
final class WideBackward {
  private WideBackward() {}

  private static final VectorSpecies<Float> S = Species.FLOAT;
  private static final int L = Species.LANES;

  /**
   * Blocks of at most this many floats (32 KB, the L1 data cache of many cores) take the loop of
   * whole strips in {@link #axpyStrips}.
   */
  static final long IN_L1_FLOATS = 8192;

  /**
   * Blocks of at least this many rows take strips of eight vectors before those of four, when the
   * caller asks for them (see {@link #axpyStrips}).
   */
  static final int EIGHT_VECTORS_FROM_ROWS = 16;

  /**
   * Whether blocks of a pass streamed from memory take strips of eight too, as those of a pass in
   * cache always do: on JDK 25 the streamed epoch at 128 to 512 features was a few per cent faster
   * with them, on JDK 17 a few per cent slower (bench/README.md, "Strips of eight vectors for data
   * in cache" and "Strips of eight for streamed data on the newer compiler"). JDK 21 was not
   * measured and goes with the newer compiler, as in SoftmaxLogits. The bits are the same either
   * way.
   */
  static final boolean STREAMED_IN_EIGHTS = Runtime.version().feature() >= 21;

  /**
   * {@code acc += Σ dz[k]·x_k} over a block of rows of L ≤ n ≤ 2L features: each row is one vector
   * at 0 and, unless n = L, one at n − L, and the block's gradient stays in registers, four sums
   * per vector (examples k mod 4) so that the FMAs do not wait on each other. The second vector's
   * sums go to {@code acc[L ..]}: the whole second vector when n = 2L, the last vector's entries
   * otherwise (see VectorWorkspace#dwAcc). As in {@link #axpyStrips}, the overlap of that vector
   * with the first is not zeroed here: flush reads only the lanes past it.
   */
  static void axpyShort(float[] x, int[] rows, int j0, int count, int n, float[] dz, float[] acc) {
    int t = n - L;
    FloatVector h0 = FloatVector.zero(S);
    FloatVector h1 = FloatVector.zero(S);
    FloatVector h2 = FloatVector.zero(S);
    FloatVector h3 = FloatVector.zero(S);
    FloatVector t0 = FloatVector.zero(S);
    FloatVector t1 = FloatVector.zero(S);
    FloatVector t2 = FloatVector.zero(S);
    FloatVector t3 = FloatVector.zero(S);
    int last = j0 + count - 1;
    for (int k = 0; k < count; k += 4) {
      // Positions as in WideGradient.dot4, and computed in the loop for the same reason: the
      // eight sums stayed in registers on JDK 25 only without a call in the loop.
      int e0 = j0 + k;
      int e1 = Math.min(e0 + 1, last);
      int e2 = Math.min(e0 + 2, last);
      int e3 = Math.min(e0 + 3, last);
      if (rows != null) {
        e0 = rows[e0];
        e1 = rows[e1];
        e2 = rows[e2];
        e3 = rows[e3];
      }
      int p0 = e0 * n;
      int p1 = e1 * n;
      int p2 = e2 * n;
      int p3 = e3 * n;
      FloatVector d0 = FloatVector.broadcast(S, dz[k]);
      FloatVector d1 = FloatVector.broadcast(S, dz[k + 1]);
      FloatVector d2 = FloatVector.broadcast(S, dz[k + 2]);
      FloatVector d3 = FloatVector.broadcast(S, dz[k + 3]);
      h0 = FloatVector.fromArray(S, x, p0).fma(d0, h0);
      h1 = FloatVector.fromArray(S, x, p1).fma(d1, h1);
      h2 = FloatVector.fromArray(S, x, p2).fma(d2, h2);
      h3 = FloatVector.fromArray(S, x, p3).fma(d3, h3);
      if (t > 0) {
        t0 = FloatVector.fromArray(S, x, p0 + t).fma(d0, t0);
        t1 = FloatVector.fromArray(S, x, p1 + t).fma(d1, t1);
        t2 = FloatVector.fromArray(S, x, p2 + t).fma(d2, t2);
        t3 = FloatVector.fromArray(S, x, p3 + t).fma(d3, t3);
      }
    }
    FloatVector head = h0.add(h1).add(h2.add(h3));
    head.add(FloatVector.fromArray(S, acc, 0)).intoArray(acc, 0);
    if (t == 0) {
      return;
    }
    FloatVector tail = t0.add(t1).add(t2.add(t3));
    tail.add(FloatVector.fromArray(S, acc, L)).intoArray(acc, L);
  }

  /**
   * {@code acc += Σ dz[k]·x_k} over a block of rows of more than 2L features, in strips of four
   * vectors of features (or eight, below): each strip's sums stay in registers while every row of
   * the block is added to them, so that {@code acc} is loaded and stored once per block rather than
   * once per few rows. Each entry adds the rows in order, the same bits as adding them one by one.
   * The last strip takes what is left of the whole vectors and the last vector of features (loaded
   * at n − L, its sums at {@code acc[L·⌊n/L⌋ ..]}, see VectorWorkspace#dwAcc); its unused places
   * read the last vector and are added into the padding of {@code acc}, whose sums nothing uses.
   * The overlap of that vector with the one before is not zeroed here: flush reads only its own
   * lanes of it.
   *
   * <p>No branch on which places are used. With one, the streamed epoch took a quarter longer at
   * the row lengths whose last strip holds two or three vectors; at 864 features (16 lanes) C2 had
   * compiled this loop, after a {@code profile_predicate} trap, with two checks per load and a
   * spill carried from row to row (bench/README.md, "Design measurements").
   *
   * <p>Strips of four whole vectors go first, in a loop of their own, when the block fits in L1
   * ({@link #IN_L1_FLOATS}). A row's four loads there are one offset plus constants, so C2 checks
   * them with two comparisons (it merges checks of one index plus constants) and folds the
   * constants into the addresses; the general loop's places are computed, and on JDK 17 each of its
   * loads had its own check and its own index addition. The epoch at 128 and 256 features became
   * faster on JDK 17, and at 256 on JDK 25; with blocks past L1 (16 rows of 784) the same loop was
   * slower on JDK 17, so those keep the general loop (bench/README.md, "Whole strips in the
   * backward pass").
   *
   * <p>The general loop takes its strips from the last to the first. The reasoning: the forward
   * pass has just read the block's rows from their first features to their last, so when a block is
   * larger than L1, the lines it lost are the first features of its first rows, and the last
   * features are the freshest. From the last strip, the backward pass reads first what L1 is
   * likeliest to hold; from the first, each line it misses would evict the oldest line left, which
   * is one the next strip needs (the misses themselves were not counted: bench/README.md). The
   * sums, and their bits, are the same in either order. The epoch at 784 features and on
   * Fashion-MNIST became faster on JDK 17 and JDK 25 (bench/README.md, "The backward pass of a
   * block past L1 from its last strip").
   *
   * <p>With {@code stripsOfEight} (the caller's choice: a pass in cache, see
   * WideGradient#CACHED_FLOATS, or a streamed one where {@link #STREAMED_IN_EIGHTS}) and a block of
   * at least {@link #EIGHT_VECTORS_FROM_ROWS} rows, strips of eight whole vectors go before those
   * of four, so that a row's offset and dz serve eight loads and FMAs rather than four, and eight
   * chains of FMAs run side by side rather than four. The sums, and their bits, are the same. The
   * epoch at 128 to 512 features in cache became faster on JDK 17 and 25. Blocks of eight rows
   * (from 832 features at 16 lanes) stay with four: there the same loop was no faster on JDK 25 and
   * slower on JDK 17 (bench/README.md, "Strips of eight vectors for data in cache"). Blocks past L1
   * keep the general loop's strips of four: strips of eight there made the epoch at 784 features
   * slower on both JDKs ("Strips of eight for streamed data on the newer compiler").
   */
  static void axpyStrips(
      float[] x,
      int[] rows,
      int j0,
      int count,
      int n,
      float[] dz,
      float[] acc,
      boolean stripsOfEight) {
    int sums = VectorWorkspace.wideSums(n);
    int last = n - L;
    int s = 0;
    if ((long) count * n <= IN_L1_FLOATS) {
      if (stripsOfEight && count >= EIGHT_VECTORS_FROM_ROWS) {
        // Written out like the strips of four below (see the comment there).
        for (; s + 8 * L <= n; s += 8 * L) {
          FloatVector g0 = FloatVector.fromArray(S, acc, s);
          FloatVector g1 = FloatVector.fromArray(S, acc, s + L);
          FloatVector g2 = FloatVector.fromArray(S, acc, s + 2 * L);
          FloatVector g3 = FloatVector.fromArray(S, acc, s + 3 * L);
          FloatVector g4 = FloatVector.fromArray(S, acc, s + 4 * L);
          FloatVector g5 = FloatVector.fromArray(S, acc, s + 5 * L);
          FloatVector g6 = FloatVector.fromArray(S, acc, s + 6 * L);
          FloatVector g7 = FloatVector.fromArray(S, acc, s + 7 * L);
          for (int k = 0; k < count; k++) {
            int p = (rows == null ? j0 + k : rows[j0 + k]) * n + s;
            FloatVector d = FloatVector.broadcast(S, dz[k]);
            g0 = FloatVector.fromArray(S, x, p).fma(d, g0);
            g1 = FloatVector.fromArray(S, x, p + L).fma(d, g1);
            g2 = FloatVector.fromArray(S, x, p + 2 * L).fma(d, g2);
            g3 = FloatVector.fromArray(S, x, p + 3 * L).fma(d, g3);
            g4 = FloatVector.fromArray(S, x, p + 4 * L).fma(d, g4);
            g5 = FloatVector.fromArray(S, x, p + 5 * L).fma(d, g5);
            g6 = FloatVector.fromArray(S, x, p + 6 * L).fma(d, g6);
            g7 = FloatVector.fromArray(S, x, p + 7 * L).fma(d, g7);
          }
          g0.intoArray(acc, s);
          g1.intoArray(acc, s + L);
          g2.intoArray(acc, s + 2 * L);
          g3.intoArray(acc, s + 3 * L);
          g4.intoArray(acc, s + 4 * L);
          g5.intoArray(acc, s + 5 * L);
          g6.intoArray(acc, s + 6 * L);
          g7.intoArray(acc, s + 7 * L);
        }
      }
      // Written out rather than shared with the loop below through a method taking the places:
      // with such a method C2 checked each row's loads three times and kept x in a vector
      // register, moving it back before each load, on JDK 17 and 25.
      for (; s + 4 * L <= n; s += 4 * L) {
        FloatVector g0 = FloatVector.fromArray(S, acc, s);
        FloatVector g1 = FloatVector.fromArray(S, acc, s + L);
        FloatVector g2 = FloatVector.fromArray(S, acc, s + 2 * L);
        FloatVector g3 = FloatVector.fromArray(S, acc, s + 3 * L);
        for (int k = 0; k < count; k++) {
          int p = (rows == null ? j0 + k : rows[j0 + k]) * n + s;
          FloatVector d = FloatVector.broadcast(S, dz[k]);
          g0 = FloatVector.fromArray(S, x, p).fma(d, g0);
          g1 = FloatVector.fromArray(S, x, p + L).fma(d, g1);
          g2 = FloatVector.fromArray(S, x, p + 2 * L).fma(d, g2);
          g3 = FloatVector.fromArray(S, x, p + 3 * L).fma(d, g3);
        }
        g0.intoArray(acc, s);
        g1.intoArray(acc, s + L);
        g2.intoArray(acc, s + 2 * L);
        g3.intoArray(acc, s + 3 * L);
      }
    }
    // The rest: the last strip, or every strip of a block past L1, from the last strip to the
    // first (see above).
    int first = s;
    int strips = (sums - first + 4 * L - 1) / (4 * L);
    for (s = first + (strips - 1) * 4 * L; s >= first; s -= 4 * L) {
      // Features of each place: the whole vector at s + qL, or the last vector for the tail and
      // for unused places.
      int f0 = Math.min(s, last);
      int f1 = Math.min(s + L, last);
      int f2 = Math.min(s + 2 * L, last);
      int f3 = Math.min(s + 3 * L, last);
      FloatVector g0 = FloatVector.fromArray(S, acc, s);
      FloatVector g1 = FloatVector.fromArray(S, acc, s + L);
      FloatVector g2 = FloatVector.fromArray(S, acc, s + 2 * L);
      FloatVector g3 = FloatVector.fromArray(S, acc, s + 3 * L);
      for (int k = 0; k < count; k++) {
        int p = (rows == null ? j0 + k : rows[j0 + k]) * n;
        FloatVector d = FloatVector.broadcast(S, dz[k]);
        g0 = FloatVector.fromArray(S, x, p + f0).fma(d, g0);
        g1 = FloatVector.fromArray(S, x, p + f1).fma(d, g1);
        g2 = FloatVector.fromArray(S, x, p + f2).fma(d, g2);
        g3 = FloatVector.fromArray(S, x, p + f3).fma(d, g3);
      }
      g0.intoArray(acc, s);
      g1.intoArray(acc, s + L);
      g2.intoArray(acc, s + 2 * L);
      g3.intoArray(acc, s + 3 * L);
    }
  }
}
