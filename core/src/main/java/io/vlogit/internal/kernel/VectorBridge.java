package io.vlogit.internal.kernel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * Calls into {@code io.vlogit.internal.vector} through method handles, so that nothing here links
 * against classes that need {@code jdk.incubator.vector}. Only used after the module was found.
 */
final class VectorBridge {
  private static final String VECTOR_FACTORY = "io.vlogit.internal.vector.VectorKernels";

  private static final MethodHandle CREATE;
  private static final MethodHandle LANES;
  private static final MethodHandle DESCRIBE;
  private static final MethodHandle WARNINGS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      Class<?> factory = Class.forName(VECTOR_FACTORY);
      CREATE = lookup.findStatic(factory, "create", MethodType.methodType(LogisticKernel.class));
      LANES = lookup.findStatic(factory, "lanes", MethodType.methodType(int.class));
      DESCRIBE = lookup.findStatic(factory, "describe", MethodType.methodType(String.class));
      WARNINGS = lookup.findStatic(factory, "warnings", MethodType.methodType(List.class));
    } catch (ReflectiveOperationException e) {
      throw new LinkageError(VECTOR_FACTORY + " is missing from the vlogit jar", e);
    }
  }

  static LogisticKernel create() {
    try {
      return (LogisticKernel) CREATE.invokeExact();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  static int lanes() {
    try {
      return (int) LANES.invokeExact();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  static String describe() {
    try {
      return (String) DESCRIBE.invokeExact();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  @SuppressWarnings("unchecked")
  static List<String> warnings() {
    try {
      return (List<String>) WARNINGS.invokeExact();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }
}
