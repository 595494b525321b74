package io.vlogit.io;

import io.vlogit.VlogitException;

/**
 * A model file that vlogit refuses: wrong magic bytes, an unknown format version, a wrong length, a
 * checksum that does not match, or values no trained model has. vlogit never returns a model from
 * such a file.
 */
public class ModelFormatException extends VlogitException {
  private static final long serialVersionUID = 1L;

  public ModelFormatException(String message) {
    super(message);
  }
}
