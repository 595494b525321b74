package io.vlogit;

/**
 * The base of every problem vlogit diagnoses itself: data it cannot use ({@link
 * InvalidDataException}, and the file formats' errors in {@code io.vlogit.io}), an option outside
 * its range ({@link InvalidOptionException}), a model file it refuses, a training run that diverged
 * ({@link TrainingDivergedException}). Unchecked, like the JDK's {@code IllegalArgumentException};
 * the message always says what is wrong and where. An {@code IOException} from vlogit means the
 * operating system failed, never the content.
 */
public class VlogitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public VlogitException(String message) {
    super(message);
  }

  public VlogitException(String message, Throwable cause) {
    super(message, cause);
  }
}
