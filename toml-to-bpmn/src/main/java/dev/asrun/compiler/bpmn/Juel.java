package dev.asrun.compiler.bpmn;

/**
 * Text for attributes that Camunda evaluates as expressions (user task names and descriptions,
 * form field labels and default values). In Camunda's JUEL a backslash right before {@code ${} or
 * {@code #{} makes it literal text, and every other backslash is literal already, so escaping
 * those two openings is exact: the engine shows the author's text, character for character.
 */
final class Juel {
  private Juel() {}

  static String literalText(String text) {
    return text.replace("${", "\\${").replace("#{", "\\#{");
  }
}
