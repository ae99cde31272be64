package dev.asrun.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How one CSV field is written. */
class CsvWriterTest {

  @Test
  void leavesAPlainFieldAsItIs() {
    assertThat(CsvWriter.field("press_7")).isEqualTo("press_7");
    assertThat(CsvWriter.field("")).isEmpty();
    assertThat(CsvWriter.field(null)).isEmpty();
    assertThat(CsvWriter.field("a=b")).isEqualTo("a=b");
  }

  @Test
  void quotesAFieldWithACommaQuoteOrLineBreak() {
    assertThat(CsvWriter.field("wipe, then dry")).isEqualTo("\"wipe, then dry\"");
    assertThat(CsvWriter.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(CsvWriter.field("two\nlines")).isEqualTo("\"two\nlines\"");
  }

  @Test
  void neutralizesAFieldASpreadsheetWouldRunAsAFormula() {
    assertThat(CsvWriter.field("=HYPERLINK(\"http://x\")"))
        .isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
    assertThat(CsvWriter.field("+1")).isEqualTo("'+1");
    assertThat(CsvWriter.field("-2+3")).isEqualTo("'-2+3");
    assertThat(CsvWriter.field("@SUM(A1:A9)")).isEqualTo("'@SUM(A1:A9)");
    assertThat(CsvWriter.field("\t=1")).isEqualTo("'\t=1");
    assertThat(CsvWriter.field("\r=1")).isEqualTo("\"'\r=1\"");
    assertThat(CsvWriter.field("=1,2")).isEqualTo("\"'=1,2\"");
  }
}
