package io.vlogit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package structure the code keeps: the API on top of the engine and the kernels, nothing
 * running back up, no cycles, and the Vector API imported by one package only (so that vlogit loads
 * without the module).
 */
class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.vlogit");

  @Test
  void packagesHaveNoCycles() {
    slices().matching("(**)").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void theEngineAndTheKernelsDependOnNothingAboveThem() {
    noClasses()
        .that()
        .resideInAPackage("io.vlogit.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.vlogit", "io.vlogit.io", "io.vlogit.cli")
        .check(MAIN);
  }

  @Test
  void theLibraryDoesNotDependOnTheCommandLine() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.vlogit.cli")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.vlogit.cli")
        .check(MAIN);
  }

  @Test
  void onlyTheVectorPackageUsesTheVectorApi() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.vlogit.internal.vector")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("jdk.incubator.vector")
        .check(MAIN);
  }

  @Test
  void onlyTheKernelProviderReachesTheVectorPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.vlogit.internal.vector")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.vlogit.internal.vector")
        .check(MAIN);
  }
}
