package io.vlogit.io;

import io.vlogit.Dataset;
import io.vlogit.InvalidDataException;
import java.util.List;

/** Labels as files hold them, made into a dataset's classes. */
public final class Labels {
  private Labels() {}

  /**
   * The dataset of integer labels: 0 and 1 train the binary model; otherwise, with {@code byValue},
   * the sorted distinct values are the classes, named by their values (a CSV's labels 3, 5, 7 are
   * classes "3", "5", "7"), and without it the labels are the class indices 0..K−1, K their largest
   * + 1 (a .npy file's). A label that is negative or not an integer is an error naming the example.
   */
  public static Dataset classes(float[] x, float[] y, int n, boolean byValue) {
    return classes(new float[][] {x}, y, n, byValue);
  }

  /** Whether a label read from a file can be a class: a whole number from 0 to 2²⁴ − 1. */
  static boolean isClass(double label) {
    return label >= 0 && label == Math.rint(label) && label < (1 << 24);
  }

  /** What is wrong with a label that is not {@link #isClass}: example and value named. */
  static String notAClass(long example, Number label) {
    return "example "
        + example
        + ": label "
        + label
        + " is not a class: labels are 0/1, or whole numbers 0..K-1 for K classes";
  }

  /**
   * The same, the examples in the arrays {@code x} ({@link Dataset#wrap(float[][], float[], int,
   * int)}).
   */
  public static Dataset classes(float[][] x, float[] y, int n, boolean byValue) {
    java.util.TreeSet<Float> distinct = new java.util.TreeSet<>();
    for (int j = 0; j < y.length; j++) {
      float v = y[j];
      if (!isClass(v)) {
        throw new InvalidDataException(notAClass(j, v), j, InvalidDataException.NONE, v);
      }
      distinct.add(v);
    }
    if (distinct.isEmpty() || distinct.last() <= 1f) {
      return Dataset.wrap(x, y, n, 2);
    }
    if (!byValue) {
      return Dataset.wrap(x, y, n, (int) (float) distinct.last() + 1);
    }
    java.util.Map<Float, Integer> index = new java.util.HashMap<>();
    List<String> names = new java.util.ArrayList<>();
    for (float v : distinct) {
      index.put(v, names.size());
      names.add(Integer.toString((int) v));
    }
    float[] classes = new float[y.length];
    for (int j = 0; j < y.length; j++) {
      classes[j] = index.get(y[j]);
    }
    return Dataset.wrap(x, classes, n, names.size()).withClassNames(names);
  }
}
