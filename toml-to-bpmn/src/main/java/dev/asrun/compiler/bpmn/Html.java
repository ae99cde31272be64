package dev.asrun.compiler.bpmn;

/**
 * Text for what Camunda's generated-form renderer writes into HTML without escaping (form labels
 * and enum option names), which Tasklist then compiles with AngularJS: markup characters become
 * entities, and a zero-width space splits {@code {{} and {@code }}} so no interpolation starts.
 * The reader keeps the characters that would need escaping inside attributes out of the values
 * that land there (enum values, prefilled context).
 */
final class Html {
  static final char ZERO_WIDTH_SPACE = '\u200B';

  private Html() {}

  static String text(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    char previous = 0;
    for (char c : text.toCharArray()) {
      if ((c == '{' || c == '}') && previous == c) {
        out.append(ZERO_WIDTH_SPACE);
      }
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
      previous = c;
    }
    return out.toString();
  }
}
