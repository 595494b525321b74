package io.vlogit.testing;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs the test classes by name, the {@code *AllocationTest} classes after all others: the pom's
 * execution {@code allocation-after-kernels} counts allocations in a JVM that has first run the
 * kernels on many shapes, as a long-lived service's JVM has.
 */
public final class AllocationTestsLast implements ClassOrderer {
  @Override
  public void orderClasses(ClassOrdererContext context) {
    context
        .getClassDescriptors()
        .sort(
            Comparator.comparing((ClassDescriptor d) -> isAllocationTest(d))
                .thenComparing(d -> d.getTestClass().getName()));
  }

  private static boolean isAllocationTest(ClassDescriptor d) {
    return d.getTestClass().getSimpleName().endsWith("AllocationTest");
  }
}
