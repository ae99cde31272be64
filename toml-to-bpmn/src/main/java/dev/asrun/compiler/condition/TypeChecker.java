package dev.asrun.compiler.condition;

import java.util.List;
import java.util.Optional;

/**
 * Checks a condition against the variables known where it stands: every variable exists, each
 * comparison compares like with like (ordering only numbers), and the whole is a boolean.
 */
public final class TypeChecker {

  /** What the checker knows of one variable. */
  public record VariableInfo(ValueType type, List<String> enumValues) {
    public VariableInfo {
      enumValues = List.copyOf(enumValues);
    }

    public static VariableInfo of(ValueType type) {
      return new VariableInfo(type, List.of());
    }
  }

  /** Resolves a name to what is known of it, or explains why it cannot be used here. */
  public interface Scope {
    /** The variable, or empty with {@link #explainUnknown(String)} to say why. */
    Optional<VariableInfo> lookup(String name);

    String explainUnknown(String name);
  }

  private final Scope scope;

  private TypeChecker(Scope scope) {
    this.scope = scope;
  }

  /** Type-checks {@code condition}; the exception's offset points at the offending part. */
  public static void check(Condition condition, Scope scope) throws ConditionException {
    TypeChecker checker = new TypeChecker(scope);
    ValueType type = checker.typeOf(condition.root());
    if (type != ValueType.BOOLEAN) {
      throw new ConditionException(
          condition.root().offset(),
          "a condition must be true or false, but this is a " + type.display()
              + "; compare it, e.g. x > 0 or x == 'value'");
    }
  }

  private ValueType typeOf(Expr expr) throws ConditionException {
    if (expr instanceof Expr.Variable v) {
      return variable(v).type();
    }
    if (expr instanceof Expr.Literal lit) {
      return lit.value() instanceof String ? ValueType.STRING
          : lit.value() instanceof Boolean ? ValueType.BOOLEAN : ValueType.NUMBER;
    }
    if (expr instanceof Expr.Not n) {
      requireBoolean(n.operand(), "'not'");
      return ValueType.BOOLEAN;
    }
    if (expr instanceof Expr.Logical l) {
      requireBoolean(l.left(), "'" + l.operator().symbol + "'");
      requireBoolean(l.right(), "'" + l.operator().symbol + "'");
      return ValueType.BOOLEAN;
    }
    Expr.Comparison c = (Expr.Comparison) expr;
    ValueType left = typeOf(c.left());
    ValueType right = typeOf(c.right());
    if (c.operator().isOrdering() && (left != ValueType.NUMBER || right != ValueType.NUMBER)) {
      throw new ConditionException(
          c.offset(),
          "'" + c.operator().symbol + "' compares numbers, not " + left.display() + " and "
              + right.display());
    }
    if (left != right) {
      throw new ConditionException(
          c.offset(), "cannot compare a " + left.display() + " with a " + right.display());
    }
    checkEnumValue(c.left(), c.right());
    checkEnumValue(c.right(), c.left());
    return ValueType.BOOLEAN;
  }

  private void requireBoolean(Expr operand, String what) throws ConditionException {
    ValueType type = typeOf(operand);
    if (type != ValueType.BOOLEAN) {
      throw new ConditionException(
          operand.offset(), what + " needs true or false, but this is a " + type.display());
    }
  }

  private void checkEnumValue(Expr maybeVariable, Expr maybeLiteral) throws ConditionException {
    if (maybeVariable instanceof Expr.Variable v && maybeLiteral instanceof Expr.Literal lit) {
      List<String> values = variable(v).enumValues();
      if (!values.isEmpty() && !values.contains(lit.value())) {
        throw new ConditionException(
            lit.offset(),
            "'" + lit.value() + "' is not one of the values of " + v.name() + ": "
                + String.join(", ", values));
      }
    }
  }

  private VariableInfo variable(Expr.Variable v) throws ConditionException {
    Optional<VariableInfo> info = scope.lookup(v.name());
    if (info.isEmpty()) {
      throw new ConditionException(v.offset(), scope.explainUnknown(v.name()));
    }
    return info.get();
  }
}
