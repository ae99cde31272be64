package dev.asrun.compiler.condition;

import java.math.BigDecimal;

/**
 * Recursive-descent parser of the condition grammar:
 *
 * <pre>
 * or         := and ("or" and)*
 * and        := not ("and" not)*
 * not        := "not" not | comparison
 * comparison := primary (("==" | "!=" | "<" | "<=" | ">" | ">=") primary)?
 * primary    := NUMBER | STRING | "true" | "false" | IDENTIFIER | "(" or ")"
 * </pre>
 */
final class ConditionParser {
  private static final String ALLOWED =
      "conditions use variables, numbers, 'strings', true, false, == != < <= > >=, and, or, not,"
          + " and parentheses";

  private final String text;
  private int pos;

  ConditionParser(String text) {
    this.text = text;
  }

  Expr parse() throws ConditionException {
    skipSpace();
    if (pos == text.length()) {
      throw new ConditionException(0, "the condition is empty; " + ALLOWED);
    }
    Expr expr = parseOr();
    skipSpace();
    if (pos < text.length()) {
      throw unexpected();
    }
    return expr;
  }

  private Expr parseOr() throws ConditionException {
    Expr left = parseAnd();
    while (keyword("or")) {
      int at = pos - 2;
      left = new Expr.Logical(left, Expr.LogicalOperator.OR, parseAnd(), at);
    }
    return left;
  }

  private Expr parseAnd() throws ConditionException {
    Expr left = parseNot();
    while (keyword("and")) {
      int at = pos - 3;
      left = new Expr.Logical(left, Expr.LogicalOperator.AND, parseNot(), at);
    }
    return left;
  }

  private Expr parseNot() throws ConditionException {
    skipSpace();
    int at = pos;
    if (keyword("not")) {
      return new Expr.Not(parseNot(), at);
    }
    return parseComparison();
  }

  private Expr parseComparison() throws ConditionException {
    Expr left = parsePrimary();
    skipSpace();
    int at = pos;
    Expr.ComparisonOperator op = comparisonOperator();
    if (op == null) {
      return left;
    }
    Expr right = parsePrimary();
    skipSpace();
    if (comparisonOperatorAhead()) {
      throw new ConditionException(
          pos, "comparisons do not chain; join them with 'and', e.g. a < b and b < c");
    }
    return new Expr.Comparison(left, op, right, at);
  }

  private Expr parsePrimary() throws ConditionException {
    skipSpace();
    if (pos == text.length()) {
      throw new ConditionException(pos, "the condition ends too early; " + ALLOWED);
    }
    int start = pos;
    char c = text.charAt(pos);
    if (c == '(') {
      pos++;
      Expr inner = parseOr();
      skipSpace();
      if (pos == text.length() || text.charAt(pos) != ')') {
        throw new ConditionException(start, "this '(' is never closed");
      }
      pos++;
      return inner;
    }
    if (c == '\'' || c == '"') {
      return new Expr.Literal(string(c), start);
    }
    if (Character.isDigit(c) || (c == '-' && pos + 1 < text.length()
        && Character.isDigit(text.charAt(pos + 1)))) {
      return new Expr.Literal(number(), start);
    }
    if (isIdentifierStart(c)) {
      String word = identifier();
      if (pos < text.length() && (text.charAt(pos) == '(' || text.charAt(pos) == '.'
          || text.charAt(pos) == '[')) {
        throw new ConditionException(
            pos, "method calls, properties and indexes are not allowed; " + ALLOWED);
      }
      return switch (word) {
        case "true" -> new Expr.Literal(Boolean.TRUE, start);
        case "false" -> new Expr.Literal(Boolean.FALSE, start);
        case "and", "or", "not" ->
            throw new ConditionException(start, "'" + word + "' needs an operand before it");
        default -> new Expr.Variable(word, start);
      };
    }
    throw unexpected();
  }

  private String string(char quote) throws ConditionException {
    int start = pos;
    pos++;
    StringBuilder value = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == quote) {
        return value.toString();
      }
      if (c == '\\') {
        if (pos == text.length()) {
          break;
        }
        char escaped = text.charAt(pos++);
        if (escaped != '\\' && escaped != '\'' && escaped != '"') {
          throw new ConditionException(
              pos - 2, "unknown escape '\\" + escaped + "'; only \\\\, \\' and \\\" are allowed");
        }
        value.append(escaped);
      } else {
        value.append(c);
      }
    }
    throw new ConditionException(start, "this string is never closed (missing " + quote + ")");
  }

  private BigDecimal number() throws ConditionException {
    int start = pos;
    if (text.charAt(pos) == '-') {
      pos++;
    }
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
    }
    if (pos < text.length() && text.charAt(pos) == '.') {
      pos++;
      int fractionStart = pos;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
      if (pos == fractionStart) {
        throw new ConditionException(start, "a number needs digits after '.', e.g. 2.5");
      }
    }
    if (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
      throw new ConditionException(
          start, "'" + text.substring(start, pos + 1) + "' is not a number or a variable name");
    }
    return new BigDecimal(text.substring(start, pos));
  }

  private String identifier() {
    int start = pos;
    while (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private boolean keyword(String word) {
    skipSpace();
    int end = pos + word.length();
    if (text.startsWith(word, pos)
        && (end == text.length() || !isIdentifierPart(text.charAt(end)))) {
      pos = end;
      return true;
    }
    return false;
  }

  private Expr.ComparisonOperator comparisonOperator() {
    for (Expr.ComparisonOperator op : new Expr.ComparisonOperator[] {
        Expr.ComparisonOperator.EQ, Expr.ComparisonOperator.NE, Expr.ComparisonOperator.LE,
        Expr.ComparisonOperator.GE, Expr.ComparisonOperator.LT, Expr.ComparisonOperator.GT}) {
      if (text.startsWith(op.symbol, pos)) {
        pos += op.symbol.length();
        return op;
      }
    }
    return null;
  }

  private boolean comparisonOperatorAhead() {
    return pos < text.length() && "=!<>".indexOf(text.charAt(pos)) >= 0;
  }

  private ConditionException unexpected() {
    char c = text.charAt(pos);
    if ((c == '$' || c == '#') && pos + 1 < text.length() && text.charAt(pos + 1) == '{') {
      return new ConditionException(
          pos, "'" + c + "{...}' expressions are not allowed; write the condition itself, e.g."
              + " temperature_f > 200");
    }
    if (text.startsWith("&&", pos)) {
      return new ConditionException(pos, "use 'and' instead of '&&'");
    }
    if (text.startsWith("||", pos)) {
      return new ConditionException(pos, "use 'or' instead of '||'");
    }
    if (c == '!') {
      return new ConditionException(pos, "use 'not' instead of '!'");
    }
    if (c == '=') {
      return new ConditionException(pos, "use '==' to compare");
    }
    return new ConditionException(pos, "unexpected '" + c + "'; " + ALLOWED);
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || (c >= '0' && c <= '9');
  }
}
