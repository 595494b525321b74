package io.vlogit.testing;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Property tests without a framework: a property is checked on {@code count} random cases, each
 * made from its own seed by a generator, each a JUnit dynamic test named by its seed and case.
 *
 * <p>Why not jqwik, the usual choice: from version 1.10 its maintainers ask AI coding agents not to
 * use it (the engine prints so at every run), and this code is written by one. The case generators
 * here do what the properties need: random shapes and values with the edge cases mixed in, and
 * reproducibility.
 *
 * <p>Reproducing a failure: the run's base seed is random unless {@code -Dvlogit.test.seed=N} fixes
 * it; a failing case's name shows its own seed, and {@link #one} reruns exactly that case.
 */
public final class Cases {
  /** The base seed of this run, printed once so that a CI failure can be replayed. */
  public static final long BASE_SEED = baseSeed();

  private Cases() {}

  private static long baseSeed() {
    String fixed = System.getProperty("vlogit.test.seed");
    long seed =
        fixed != null && !fixed.isBlank() ? Long.parseLong(fixed.trim()) : new Random().nextLong();
    System.out.println(
        "property tests: base seed " + seed + " (replay with -Dvlogit.test.seed=" + seed + ")");
    return seed;
  }

  /** {@code count} cases of a property: generate from a seeded Random, then check. */
  public static <C> Stream<DynamicTest> check(
      int count, Function<Random, C> generate, Consumer<C> property) {
    return IntStream.range(0, count)
        .mapToObj(
            k -> {
              long seed = BASE_SEED + k * 0x9E3779B97F4A7C15L;
              C c = generate.apply(new Random(seed));
              return DynamicTest.dynamicTest("seed " + seed + ": " + c, () -> property.accept(c));
            });
  }

  /** Reruns the case of one seed (from a failure's name). */
  public static <C> void one(long seed, Function<Random, C> generate, Consumer<C> property) {
    property.accept(generate.apply(new Random(seed)));
  }

  /** One of {@code edges} with probability 1/3, otherwise uniform in [min, max]. */
  public static int intWithEdges(Random r, int min, int max, List<Integer> edges) {
    if (r.nextInt(3) == 0) {
      List<Integer> valid = edges.stream().filter(e -> e >= min && e <= max).toList();
      if (!valid.isEmpty()) {
        return valid.get(r.nextInt(valid.size()));
      }
    }
    return min + r.nextInt(max - min + 1);
  }

  /** A uniformly chosen constant of an enum. */
  public static <E extends Enum<E>> E oneOf(Random r, Class<E> type) {
    E[] all = type.getEnumConstants();
    return all[r.nextInt(all.length)];
  }
}
