package io.vlogit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvFileTest {

  private static CsvFile.Labeled read(String text, String label) throws IOException {
    return CsvFile.readTable(new StringReader(text), "t.csv").labeled(label);
  }

  @Test
  void labelColumnByDefaultLastByNameOrByIndex() throws IOException {
    String csv = "a,b,y\n1,2,0\n3,4,1\n";
    CsvFile.Labeled last = read(csv, null);
    assertEquals(List.of("a", "b"), last.featureNames());
    assertEquals("y", last.labelName());
    assertEquals(3f, last.data().value(1, 0));
    assertEquals(1f, last.data().label(1));

    String first = "label,a,b\n1,2,3\n0,5,6\n";
    CsvFile.Labeled byName = read(first, "label");
    CsvFile.Labeled byIndex = read(first, "0");
    assertEquals(List.of("a", "b"), byName.featureNames());
    assertEquals(6f, byIndex.data().value(1, 1));
    assertEquals(0f, byIndex.data().label(1));
  }

  @Test
  void quotesBlankLinesCarriageReturnsAndByteOrderMark() throws IOException {
    CsvFile.Labeled d = read("\uFEFF\"a, first\",\"y\"\r\n\r\n\"1.5\",1\r\n2,0\r\n", null);
    assertEquals(List.of("a, first"), d.featureNames());
    assertEquals(2, d.data().examples());
    assertEquals(1.5f, d.data().value(0, 0));
  }

  @Test
  void badCellNamesLineAndColumn() {
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> read("a,b,y\n1,2,0\n3,x4,1\n", null));
    assertEquals("t.csv: line 3, column 2 (b): 'x4' is not a number", e.getMessage());
    assertEquals(3, e.line());
    assertEquals(2, e.column());
    DataFormatException nan =
        assertThrows(DataFormatException.class, () -> read("a,y\nNaN,0\n", null));
    assertEquals(2, nan.line());
    DataFormatException big =
        assertThrows(DataFormatException.class, () -> read("a,y\n1e39,0\n", null));
    assertEquals(1, big.column());
    DataFormatException empty =
        assertThrows(DataFormatException.class, () -> read("a,y\n,0\n", null));
    assertEquals("t.csv: line 2, column 1 (a): the cell is empty", empty.getMessage());
  }

  @Test
  void structuralErrors() {
    DataFormatException fields =
        assertThrows(DataFormatException.class, () -> read("a,b,y\n1,2,0\n3,4\n", null));
    assertEquals("t.csv: line 3 has 2 fields; the header has 3", fields.getMessage());
    DataFormatException label =
        assertThrows(DataFormatException.class, () -> read("a,y\n1,0\n2,0.5\n", null));
    assertEquals(
        "t.csv: line 3, column 2 (y): label 0.5 is not 0/1 or a whole number >= 0 (a class)",
        label.getMessage());
    DataFormatException unknown =
        assertThrows(DataFormatException.class, () -> read("a,y\n1,0\n", "z"));
    assertEquals(
        "t.csv: no label column 'z' (columns: a, y; or a zero-based index below 2)",
        unknown.getMessage());
    assertThrows(DataFormatException.class, () -> read("", null));
    assertThrows(DataFormatException.class, () -> read("a,y\n", null));
    assertThrows(DataFormatException.class, () -> read("y\n1\n", null));
    assertThrows(DataFormatException.class, () -> read("a,y\n\"1,0\n", null));
  }

  @Test
  void featuresForPredictionSkipTheLabelColumnWhenPresent() throws IOException {
    CsvFile.Table withLabel = CsvFile.readTable(new StringReader("a,b,y\n1,2,0\n3,4,1\n"), "t.csv");
    assertArrayEquals(new float[] {1, 2, 3, 4}, withLabel.features(2, null)[0]);
    CsvFile.Table featuresOnly = CsvFile.readTable(new StringReader("a,b\n1,2\n3,4\n"), "t.csv");
    assertArrayEquals(new float[] {1, 2, 3, 4}, featuresOnly.features(2, null)[0]);
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> featuresOnly.features(3, null));
    assertEquals(
        "t.csv: has 2 columns; the model needs 3 features (3 columns, or 4 with a label column)",
        e.getMessage());
  }

  @Test
  void textLabelsAreClassesInSortedOrder() throws Exception {
    CsvFile.Labeled three = read("a,kind\n1,dog\n2,cat\n3,eel\n4,\"cat\"\n", null);
    assertEquals(java.util.List.of("cat", "dog", "eel"), three.data().classNames());
    assertEquals(1f, three.data().label(0));
    assertEquals(0f, three.data().label(3));
    CsvFile.Labeled two = read("a,answer\n1,yes\n2,no\n", null);
    assertEquals(2, two.data().classes());
    assertEquals(java.util.List.of("no", "yes"), two.data().classNames());
    assertEquals(1f, two.data().label(0));
    // Text anywhere but in the label column is still an error naming the cell.
    DataFormatException feature =
        assertThrows(DataFormatException.class, () -> read("a,kind\n1,dog\nx,cat\n", null));
    assertEquals("t.csv: line 3, column 1 (a): 'x' is not a number", feature.getMessage());
    DataFormatException one =
        assertThrows(DataFormatException.class, () -> read("a,kind\n1,dog\n2,dog\n", null));
    assertTrue(one.getMessage().contains("every label is 'dog'"), one.getMessage());
  }

  @org.junit.jupiter.api.Test
  void aTableInBlocksGivesTheDatasetOfOneBlockAndItsCellsOnce() throws IOException {
    StringBuilder csv = new StringBuilder("a,b,c,d,label\n");
    java.util.Random r = new java.util.Random(9);
    for (int j = 0; j < 1000; j++) {
      for (int i = 0; i < 4; i++) {
        csv.append(r.nextInt(1000) / 7f).append(',');
      }
      csv.append(j % 3 == 0 ? "cat" : j % 3 == 1 ? "dog" : "eel").append('\n');
    }
    String text = csv.toString();
    CsvFile.Labeled one = CsvFile.readTable(new StringReader(text), "t.csv").labeled(null);
    CsvFile.Table table = CsvFile.readTable(new StringReader(text), "t.csv", true, 64);
    CsvFile.Labeled blocked = table.labeled(null);
    assertEquals(1, one.data().arrays());
    assertEquals(125, blocked.data().arrays(), "8 rows of 5 cells per block of at most 64");
    assertEquals(one.data().classNames(), blocked.data().classNames());
    for (int j = 0; j < 1000; j++) {
      assertEquals(one.data().label(j), blocked.data().label(j));
      for (int i = 0; i < 4; i++) {
        assertEquals(one.data().value(j, i), blocked.data().value(j, i));
      }
    }
    IllegalStateException again =
        assertThrows(IllegalStateException.class, () -> table.labeled(null));
    assertTrue(again.getMessage().contains("read the file again"), again.getMessage());
    float[][] features =
        CsvFile.readTable(
                new StringReader(text.replace("cat", "0").replace("dog", "1").replace("eel", "2")),
                "t.csv",
                true,
                64)
            .features(4, "label");
    assertEquals(125, features.length);
    assertEquals(one.data().value(999, 3), features[124][7 * 4 + 3]);
  }
}
