package io.vlogit.internal.train;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Orders and splits of example indices: the held-out validation split and the shuffles. */
public final class Split {
  /** Mixed into the seed of the held-out split, so that it differs from the shuffles' stream. */
  private static final long HOLD_OUT_SALT = 0x5DEECE66DL;

  private Split() {}

  /**
   * The examples first..first+m−1 split at random (drawn with {@code seed}) into {@code held}
   * validation examples and the rest for training, each sorted: full-batch passes then read the
   * training examples in memory order.
   *
   * @return {validation indices, training indices}
   */
  public static int[][] holdOut(int first, int m, int held, long seed) {
    int[] order = identity(first, m);
    shuffle(order, new SplittableRandom(seed ^ HOLD_OUT_SALT));
    int[] validation = Arrays.copyOfRange(order, 0, held);
    int[] training = Arrays.copyOfRange(order, held, m);
    Arrays.sort(validation);
    Arrays.sort(training);
    return new int[][] {validation, training};
  }

  /** How many of m examples a validation fraction holds out (rounded to nearest). */
  public static int heldOut(double fraction, int m) {
    return (int) Math.round(fraction * m);
  }

  static int[] identity(int first, int m) {
    int[] order = new int[m];
    for (int k = 0; k < m; k++) {
      order[k] = first + k;
    }
    return order;
  }

  /** Fisher–Yates, in place. */
  static void shuffle(int[] a, SplittableRandom random) {
    shuffle(a, a.length, random);
  }

  /** Shuffles the first {@code count} entries of {@code a}. */
  static void shuffle(int[] a, int count, SplittableRandom random) {
    for (int k = count - 1; k > 0; k--) {
      int r = random.nextInt(k + 1);
      int t = a[k];
      a[k] = a[r];
      a[r] = t;
    }
  }
}
