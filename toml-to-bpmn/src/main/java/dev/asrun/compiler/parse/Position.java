package dev.asrun.compiler.parse;

/** A 1-based line and column in a source file. */
public record Position(int line, int column) {
  static final Position FILE = new Position(0, 0);
}
