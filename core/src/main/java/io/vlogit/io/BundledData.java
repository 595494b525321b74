package io.vlogit.io;

import io.vlogit.Standardization;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Data shipped inside the vlogit jar, for the default {@code train} run, examples and tests. */
public final class BundledData {
  private static final String BREAST_CANCER = "/io/vlogit/data/breast_cancer.csv";

  private BundledData() {}

  /**
   * The Breast Cancer Wisconsin (Diagnostic) data: 569 examples, 30 features, label 1 = benign
   * (357) and 0 = malignant (212), as scikit-learn labels it. Features are z-scored (population
   * standard deviation). Source: W. H. Wolberg, W. N. Street, O. L. Mangasarian, UCI Machine
   * Learning Repository, 1995, doi:10.24432/C5DW2B, licensed CC BY 4.0; the file is the copy in
   * scikit-learn ({@code sklearn/datasets/data/breast_cancer.csv}, BSD-3-Clause) with the feature
   * names as a header.
   */
  public static CsvFile.Labeled breastCancer() {
    return standardized(rawBreastCancer());
  }

  /** The same data with the features as measured (not z-scored). */
  public static CsvFile.Labeled rawBreastCancer() {
    try (InputStream in = BundledData.class.getResourceAsStream(BREAST_CANCER)) {
      if (in == null) {
        throw new IllegalStateException(BREAST_CANCER + " is missing from the vlogit jar");
      }
      return CsvFile.readTable(
              new InputStreamReader(in, StandardCharsets.UTF_8), "breast_cancer.csv")
          .labeled(null);
    } catch (IOException e) {
      throw new UncheckedIOException("the bundled breast-cancer data cannot be read", e);
    }
  }

  private static CsvFile.Labeled standardized(CsvFile.Labeled raw) {
    return new CsvFile.Labeled(
        Standardization.fit(raw.data()).apply(raw.data()), raw.featureNames(), raw.labelName());
  }
}
