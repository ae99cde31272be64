package dev.asrun.export;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict reader of RFC 4180 CSV for the tests: records end in CRLF, a quoted field may hold
 * commas, CR, LF and doubled quotes; anything else (a bare quote inside an unquoted field, text
 * after a closing quote, a missing final CRLF) is refused.
 */
final class Rfc4180 {

  private Rfc4180() {}

  static List<List<String>> parse(String csv) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    while (i < csv.length()) {
      if (csv.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= csv.length()) {
            throw new IllegalArgumentException("unterminated quoted field");
          }
          char c = csv.charAt(i++);
          if (c == '"') {
            if (i < csv.length() && csv.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(c);
          }
        }
      } else {
        while (i < csv.length() && csv.charAt(i) != ',' && csv.charAt(i) != '\r') {
          char c = csv.charAt(i++);
          if (c == '"' || c == '\n') {
            throw new IllegalArgumentException("bare " + c + " at " + (i - 1));
          }
          field.append(c);
        }
      }
      record.add(field.toString());
      field.setLength(0);
      if (i < csv.length() && csv.charAt(i) == ',') {
        i++;
      } else if (csv.startsWith("\r\n", i)) {
        i += 2;
        records.add(record);
        record = new ArrayList<>();
      } else {
        throw new IllegalArgumentException("expected , or CRLF at " + i);
      }
    }
    if (!record.isEmpty()) {
      throw new IllegalArgumentException("the last record does not end in CRLF");
    }
    return records;
  }
}
