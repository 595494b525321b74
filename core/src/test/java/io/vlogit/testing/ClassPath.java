package io.vlogit.testing;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Where a class was loaded from, for the class path of a JVM a test starts. */
public final class ClassPath {
  private ClassPath() {}

  /** The directory or jar {@code c} came from. */
  public static String of(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
