package dev.asrun.compiler.condition;

import java.math.BigDecimal;
import java.util.Objects;

/** A node of a parsed condition; {@code offset} is its 0-based position in the condition text. */
public sealed interface Expr {

  int offset();

  /** A variable recorded by an earlier step, or one of the run's context variables. */
  record Variable(String name, int offset) implements Expr {
    public Variable {
      Objects.requireNonNull(name, "name");
    }
  }

  /** A string, number or boolean literal. */
  record Literal(Object value, int offset) implements Expr {
    public Literal {
      if (!(value instanceof String || value instanceof BigDecimal || value instanceof Boolean)) {
        throw new IllegalArgumentException("value must be a String, BigDecimal or Boolean: " + value);
      }
    }
  }

  /** {@code not operand}. */
  record Not(Expr operand, int offset) implements Expr {}

  /** {@code left and right} or {@code left or right}. */
  record Logical(Expr left, LogicalOperator operator, Expr right, int offset) implements Expr {}

  /** {@code left op right} with one of {@code == != < <= > >=}. */
  record Comparison(Expr left, ComparisonOperator operator, Expr right, int offset) implements Expr {}

  /** The two logical connectives. */
  enum LogicalOperator {
    AND("and"),
    OR("or");

    final String symbol;

    LogicalOperator(String symbol) {
      this.symbol = symbol;
    }
  }

  /** The comparison operators; ordering ones apply to numbers only. */
  enum ComparisonOperator {
    EQ("=="),
    NE("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    final String symbol;

    ComparisonOperator(String symbol) {
      this.symbol = symbol;
    }

    boolean isOrdering() {
      return this != EQ && this != NE;
    }
  }
}
