package io.vlogit.internal.train;

import java.util.Arrays;

/** A growable list of doubles, one entry per iteration (there may be many). */
final class Curve {
  private double[] values = new double[64];
  private int size;

  void add(double v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
  }

  double[] toArray() {
    return Arrays.copyOf(values, size);
  }

  /** The smallest entry, or 0 when empty. */
  double min() {
    double m = size == 0 ? 0 : values[0];
    for (int i = 1; i < size; i++) {
      m = Math.min(m, values[i]);
    }
    return m;
  }

  /** The median entry (the mean of the middle two for an even count), or 0 when empty. */
  double median() {
    if (size == 0) {
      return 0;
    }
    double[] sorted = toArray();
    Arrays.sort(sorted);
    return size % 2 == 1 ? sorted[size / 2] : (sorted[size / 2 - 1] + sorted[size / 2]) / 2.0;
  }
}
