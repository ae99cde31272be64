package dev.asrun.compiler.parse;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;

/** The patterns names must follow, and "did you mean" suggestions for misspelt ones. */
final class Names {
  static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  static final String ID_RULE = "a lower-case letter, then lower-case letters, digits or _ (at most 63)";
  static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_.-]{0,126}");
  static final String ACTION_RULE =
      "a lower-case letter, then lower-case letters, digits, _, . or - (at most 127)";
  static final Pattern GROUP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  static final String GROUP_RULE = "a letter or digit, then letters, digits, _, . or - (at most 64)";

  /** Characters a value shown inside a Tasklist form attribute may not contain. */
  static final String FORM_VALUE_FORBIDDEN = "<>&\"'{}\\`";

  private Names() {}

  private static String describe(char c) {
    String name = switch (c) {
      case '<' -> "a less-than sign";
      case '>' -> "a greater-than sign";
      case '&' -> "an ampersand";
      case '"' -> "a quotation mark";
      case '\'' -> "an apostrophe";
      case '{', '}' -> "a brace";
      case '\\' -> "a backslash";
      default -> "a backtick";
    };
    return name + " (" + c + ")";
  }

  /**
   * Why {@code value} cannot be placed in a generated form (an enum value, a prefilled context
   * value), or empty when it can. Braces are among the forbidden characters, so no expression
   * opening ({@code ${}, {@code #{}) can get through either.
   */
  static Optional<String> unsafeFormValue(String value) {
    for (char c : value.toCharArray()) {
      if (FORM_VALUE_FORBIDDEN.indexOf(c) >= 0) {
        return Optional.of("\"" + value + "\" contains " + describe(c) + "; values shown in Tasklist"
            + " forms may not contain < > & \" ' { } \\ or backticks");
      }
    }
    return Optional.empty();
  }

  /** The closest candidate within two edits of {@code word}, if any. */
  static Optional<String> closest(String word, Collection<String> candidates) {
    return candidates.stream()
        .filter(c -> distance(word, c) <= 2)
        .min(Comparator.comparingInt((String c) -> distance(word, c)).thenComparing(c -> c));
  }

  static String didYouMean(String word, Collection<String> candidates) {
    return closest(word, candidates).map(c -> " (did you mean '" + c + "'?)").orElse("");
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
