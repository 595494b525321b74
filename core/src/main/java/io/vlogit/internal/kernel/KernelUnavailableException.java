package io.vlogit.internal.kernel;

/** A kernel was asked for (by property or by name) that cannot run on this JVM; says why. */
public class KernelUnavailableException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public KernelUnavailableException(String message) {
    super(message);
  }

  public KernelUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
