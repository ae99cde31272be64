package dev.asrun.compiler.bpmn;

/**
 * Text for attributes that Camunda evaluates as expressions (user task names and descriptions,
 * form field labels and default values). A zero-width space goes between {@code $} or {@code #}
 * and {@code {}, so the engine never sees an expression opening, and Cockpit, Tasklist and the
 * engine all show the author's text (a backslash escape would work in the engine, but Cockpit
 * draws the name attribute as it is, backslash included).
 */
final class Juel {
  private Juel() {}

  static String literalText(String text) {
    return text.replace("${", "$" + Html.ZERO_WIDTH_SPACE + "{")
        .replace("#{", "#" + Html.ZERO_WIDTH_SPACE + "{");
  }
}
