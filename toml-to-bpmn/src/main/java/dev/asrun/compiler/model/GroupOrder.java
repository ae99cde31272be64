package dev.asrun.compiler.model;

/** How the steps of a group may happen: in their written order, or in any order (parallel). */
public enum GroupOrder {
  SEQUENCE,
  ANY;

  public String tomlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
