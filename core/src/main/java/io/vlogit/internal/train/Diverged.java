package io.vlogit.internal.train;

/** A non-finite cost, or a parameter beyond float's range; the public API reports it as its own. */
public final class Diverged extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int iteration;
  private final String what;

  Diverged(int iteration, String what) {
    super("training diverged at iteration " + iteration + ": " + what, null, false, false);
    this.iteration = iteration;
    this.what = what;
  }

  /** The iteration at which the first non-finite value appeared. */
  public int iteration() {
    return iteration;
  }

  /** What was not finite, for example {@code weight 3 is Infinity}. */
  public String what() {
    return what;
  }
}
