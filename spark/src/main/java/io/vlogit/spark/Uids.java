package io.vlogit.spark;

import org.apache.spark.ml.util.Identifiable;

/**
 * The uid of a stage under construction. Spark's stages create their inherited params in the
 * superclass's constructor, and each param records {@code uid()} as its owner then: a Scala stage
 * has its uid by that time (a constructor parameter), a Java one has not assigned its fields yet.
 * So a stage's constructor hands its uid over here, before it calls the superclass's, and {@code
 * uid()} takes it on its first call.
 */
final class Uids {
  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  private Uids() {}

  /** Holds {@code uid} (a random one of {@code prefix} if null) for the next {@link #take}. */
  static Pending hold(String uid, String prefix) {
    PENDING.set(uid != null ? uid : Identifiable.randomUID(prefix));
    return Pending.INSTANCE;
  }

  /** The uid held for the stage being constructed on this thread, or a random one. */
  static String take(String prefix) {
    String uid = PENDING.get();
    PENDING.remove();
    return uid != null ? uid : Identifiable.randomUID(prefix);
  }

  /** The argument of a stage's private constructor that takes the held uid. */
  enum Pending {
    INSTANCE
  }
}
