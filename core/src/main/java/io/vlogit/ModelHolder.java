package io.vlogit;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model a service scores with, swappable while other threads score. A model is immutable and
 * published through one atomic reference, so a reader sees the old model or the new one, whole,
 * never a mix; scoring through the holder costs one volatile read more than through the model.
 *
 * <pre>{@code
 * ModelHolder holder = new ModelHolder(ModelFile.read(path).model());   // once, at start-up
 * float p = holder.probability(features, 0);                            // any thread, any time
 * holder.swap(ModelFile.read(newPath).model());                         // retrained: swap it in
 * }</pre>
 *
 * A swap must keep the number of features (callers build inputs of that size); a file that fails to
 * load never reaches the holder, so the running model stays.
 */
public final class ModelHolder {
  private final AtomicReference<LogisticModel> current;

  public ModelHolder(LogisticModel initial) {
    this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
  }

  /** The model now in use. Hold on to it to score several inputs with the same model. */
  public LogisticModel get() {
    return current.get();
  }

  /**
   * Puts {@code next} in use and returns the model it replaces.
   *
   * @throws DimensionMismatchException if {@code next} has another number of features
   */
  public LogisticModel swap(LogisticModel next) {
    return swap(current, next, LogisticModel::features);
  }

  /**
   * Puts {@code next} in {@code current} unless {@code compatible} says why not; returns the model
   * it replaces. Shared with {@link MultinomialModelHolder}.
   */
  static <M> M swap(
      AtomicReference<M> current, M next, java.util.function.ToIntFunction<M> features) {
    Objects.requireNonNull(next, "next");
    while (true) {
      M previous = current.get();
      if (features.applyAsInt(next) != features.applyAsInt(previous)) {
        throw new DimensionMismatchException(
            "swapped-in model", features.applyAsInt(previous), features.applyAsInt(next));
      }
      if (current.compareAndSet(previous, next)) {
        return previous;
      }
    }
  }

  /** P(y = 1) by the model in use; see {@link LogisticModel#probability(float[], int)}. */
  public float probability(float[] x, int offset) {
    return current.get().probability(x, offset);
  }

  /** The logit by the model in use; see {@link LogisticModel#logit(float[], int)}. */
  public float logit(float[] x, int offset) {
    return current.get().logit(x, offset);
  }

  /** Probabilities of a batch by one model (the one in use when the call starts). */
  public void probabilities(float[] x, int offset, int count, float[] out, int outOffset) {
    current.get().probabilities(x, offset, count, out, outOffset);
  }
}
