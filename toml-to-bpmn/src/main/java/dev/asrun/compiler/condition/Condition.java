package dev.asrun.compiler.condition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed {@code when} condition. Its only way into the engine is {@link #toJuel()}, which
 * builds the expression from the syntax tree: variable names are identifiers checked by the
 * parser, and literals are re-quoted, so nothing an author writes is evaluated as code.
 */
public record Condition(String text, Expr root) {
  /** What a number looks like when typed into a form. */
  private static final String NUMBER = "-?[0-9]+([.][0-9]+)?";

  public Condition {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(root, "root");
  }

  /** Parses {@code text}; the error's offset points into it. */
  public static Condition parse(String text) throws ConditionException {
    return new Condition(text, new ConditionParser(text).parse());
  }

  /** Every variable the condition reads, in order of appearance (repeats included). */
  public List<Expr.Variable> variables() {
    List<Expr.Variable> out = new ArrayList<>();
    collect(root, out);
    return out;
  }

  private static void collect(Expr expr, List<Expr.Variable> out) {
    if (expr instanceof Expr.Variable v) {
      out.add(v);
    } else if (expr instanceof Expr.Not n) {
      collect(n.operand(), out);
    } else if (expr instanceof Expr.Logical l) {
      collect(l.left(), out);
      collect(l.right(), out);
    } else if (expr instanceof Expr.Comparison c) {
      collect(c.left(), out);
      collect(c.right(), out);
    }
  }

  /**
   * The JUEL expression for a sequence flow condition, e.g. {@code ${not
   * execution.getVariable('temperature_ok')}}. Variables are read with {@code getVariable} so an
   * unset variable (its step skipped or bypassed) is null, never an error, and every comparison
   * with it is false ({@code !=} included). A variable compared as a number must hold a number:
   * text typed into a number field makes the comparison false instead of failing the run. Numbers
   * are written as decimals so that numbers entered in forms compare numerically.
   */
  public String toJuel() {
    return "${" + bool(root) + "}";
  }

  private static String juel(Expr expr) {
    if (expr instanceof Expr.Variable v) {
      return read(v);
    }
    if (expr instanceof Expr.Literal lit) {
      return literal(lit.value());
    }
    if (expr instanceof Expr.Not n) {
      return "not " + bool(n.operand());
    }
    if (expr instanceof Expr.Logical l) {
      return "(" + bool(l.left()) + " " + l.operator().symbol + " " + bool(l.right()) + ")";
    }
    Expr.Comparison c = (Expr.Comparison) expr;
    boolean numeric = c.operator().isOrdering()
        || isNumberLiteral(c.left()) || isNumberLiteral(c.right());
    StringBuilder guards = new StringBuilder();
    for (Expr side : new Expr[] {c.left(), c.right()}) {
      if (side instanceof Expr.Variable v) {
        guards.append(read(v)).append(" != null and ");
        if (numeric) {
          guards.append(read(v)).append(".toString().trim().matches('").append(NUMBER)
              .append("') and ");
        }
      }
    }
    String comparison = juel(c.left()) + " " + c.operator().symbol + " " + juel(c.right());
    return guards.length() == 0 ? comparison : "(" + guards + comparison + ")";
  }

  /**
   * An operand where true or false is expected: a variable reads as {@code == true}, so an unset
   * one is false (Camunda refuses a condition that evaluates to null).
   */
  private static String bool(Expr expr) {
    if (expr instanceof Expr.Variable v) {
      return "(" + read(v) + " == true)";
    }
    String juel = juel(expr);
    return expr instanceof Expr.Literal ? juel : juel.startsWith("(") ? juel : "(" + juel + ")";
  }

  private static boolean isNumberLiteral(Expr expr) {
    return expr instanceof Expr.Literal lit && lit.value() instanceof BigDecimal;
  }

  private static String read(Expr.Variable v) {
    return "execution.getVariable('" + v.name() + "')";
  }

  private static String literal(Object value) {
    if (value instanceof BigDecimal number) {
      String plain = number.toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
    if (value instanceof Boolean b) {
      return b.toString();
    }
    StringBuilder quoted = new StringBuilder("'");
    for (char ch : ((String) value).toCharArray()) {
      if (ch == '\\' || ch == '\'') {
        quoted.append('\\');
      }
      quoted.append(ch);
    }
    return quoted.append('\'').toString();
  }
}
