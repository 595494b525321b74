package io.vlogit;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The multinomial model a service scores with, swappable while other threads score: as {@link
 * ModelHolder}, one atomic reference, so a reader sees the old model or the new one, whole. A swap
 * must keep the number of features and the classes (their names, in order): callers size their
 * inputs and outputs by them.
 */
public final class MultinomialModelHolder {
  private final AtomicReference<MultinomialModel> current;

  public MultinomialModelHolder(MultinomialModel initial) {
    this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
  }

  /** The model now in use. Hold on to it to score several inputs with the same model. */
  public MultinomialModel get() {
    return current.get();
  }

  /**
   * Puts {@code next} in use and returns the model it replaces.
   *
   * @throws DimensionMismatchException if {@code next} has another number of features
   * @throws InvalidDataException if {@code next} has other classes
   */
  public MultinomialModel swap(MultinomialModel next) {
    Objects.requireNonNull(next, "next");
    MultinomialModel now = current.get();
    if (!next.classNames().equals(now.classNames())) {
      throw new InvalidDataException(
          "the swapped-in model's classes "
              + next.classNames()
              + " are not the running model's "
              + now.classNames());
    }
    return ModelHolder.swap(current, next, MultinomialModel::features);
  }

  /** The K class probabilities by the model in use; see {@link MultinomialModel#probabilities}. */
  public void probabilities(float[] x, int offset, float[] out) {
    current.get().probabilities(x, offset, out);
  }

  /** The predicted class by the model in use; see {@link MultinomialModel#predict}. */
  public int predict(float[] x, int offset, float[] scratch) {
    return current.get().predict(x, offset, scratch);
  }

  /** Probabilities of a batch by one model (the one in use when the call starts). */
  public void probabilities(float[] x, int offset, int count, float[] out, int outOffset) {
    current.get().probabilities(x, offset, count, out, outOffset);
  }
}
