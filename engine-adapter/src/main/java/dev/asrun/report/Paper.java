package dev.asrun.report;

import java.util.Locale;

/** The paper a report is laid out for. */
public enum Paper {
  /** ISO A4, 210 x 297 mm: the default. */
  A4("A4"),
  /** US Letter, 8.5 x 11 in. */
  LETTER("letter");

  private final String cssSize;

  Paper(String cssSize) {
    this.cssSize = cssSize;
  }

  /** The CSS {@code @page} size. */
  String cssSize() {
    return cssSize;
  }

  /** Its name in requests: {@code a4} or {@code letter}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The paper named {@code name} ({@code a4} or {@code letter}, any case).
   *
   * @throws IllegalArgumentException naming the valid values
   */
  public static Paper of(String name) {
    for (Paper paper : values()) {
      if (paper.wireName().equalsIgnoreCase(name)) {
        return paper;
      }
    }
    throw new IllegalArgumentException(
        "'" + name + "' is no paper; use a4 (the default) or letter");
  }
}
