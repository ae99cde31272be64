package dev.asrun.conformance;

import java.util.List;

/**
 * The block structure of a template: what order its steps may be done in. Step ids are unique in a
 * template, so every leaf is one label.
 */
sealed interface Shape {

  /** A step that is done once: a user task, a wait, a call of another procedure. */
  record Step(String id) implements Shape {}

  /** Its parts one after the other. */
  record Sequence(List<Shape> parts) implements Shape {
    public Sequence {
      parts = List.copyOf(parts);
    }
  }

  /** Its parts in any order, interleaved (an {@code any} group: parallel split and join). */
  record AnyOrder(List<Shape> parts) implements Shape {
    public AnyOrder {
      parts = List.copyOf(parts);
    }
  }

  /**
   * A conditional block (a {@code when}): an exclusive gateway whose default flow bypasses {@code
   * body}.
   *
   * @param stepId the step the condition is written on (a step or a group)
   * @param body what runs when the condition holds
   */
  record When(String stepId, Shape body) implements Shape {}
}
