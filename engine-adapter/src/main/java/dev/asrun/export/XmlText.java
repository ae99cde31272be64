package dev.asrun.export;

/** Text for XML 1.0 documents (the XES export, the report's XHTML). */
public final class XmlText {

  private XmlText() {}

  /**
   * {@code text} as XML 1.0 character data or an attribute value between double quotes: markup
   * characters escaped, tabs and line breaks as character references, and characters XML cannot
   * carry (other control characters, unpaired surrogates, U+FFFE, U+FFFF) replaced by U+FFFD.
   */
  public static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&apos;");
        case '\t' -> escaped.append("&#9;");
        case '\n' -> escaped.append("&#10;");
        case '\r' -> escaped.append("&#13;");
        default -> {
          if (Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1))) {
            escaped.append(c).append(text.charAt(++i));
          } else if (c < 0x20 || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
            escaped.append('\uFFFD');
          } else {
            escaped.append(c);
          }
        }
      }
    }
    return escaped.toString();
  }
}
