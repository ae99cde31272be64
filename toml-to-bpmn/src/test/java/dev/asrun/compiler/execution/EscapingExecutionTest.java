package dev.asrun.compiler.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.form.FormField;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

/**
 * Text from TOML is text: the engine evaluates task names, descriptions, form labels and default
 * values as expressions, and Tasklist shows the rendered form as HTML compiled by AngularJS, so
 * none of {@code ${...}}, {@code #{...}}, markup or {@code {{...}}} may come alive on the way.
 */
class EscapingExecutionTest extends EngineTest {

  /**
   * {@code ${...}} and {@code #{...}}, a double and a single backslash, and a backslash right
   * before {@code ${}.
   */
  private static final String TRICKY = "Check ${x} and #{y} \\\\ back\\slash \\${z}";

  private static final String INSTRUCTIONS =
      "Run ${execution.setVariable(\"pwned\", true)} and #{execution.setVariable(\"pwned\", 1)}";

  private static final String MARKUP = "<img src=x onerror=alert(1)>";

  private static final String ANGULAR = "{{constructor.constructor('alert(1)')()}}";

  /** A check step and a record step whose texts are {@code text}, as TOML literal strings. */
  private static String withText(String text) {
    return """
        [procedure]
        id = "sop_texts"
        name = "Texts"

        [[procedure.steps]]
        id = "tricky"
        type = "check"
        name = '''%1$s'''
        instructions = '''%2$s'''

        [[procedure.steps]]
        id = "readings"
        type = "record"
        name = '''Readings %1$s'''
          [[procedure.steps.fields]]
          variable = "reading"
          label = '''Reading %1$s'''
          type = "number"
          unit = '''%1$s'''
          [[procedure.steps.fields]]
          variable = "grade"
          label = "Grade"
          type = "enum"
          values = ['''%1$s''', "plain"]
        """.formatted(text, INSTRUCTIONS);
  }

  /** One record step with one field, given as TOML lines. */
  private static String recordWith(String field) {
    return """
        [procedure]
        id = "sop_record"
        name = "Record"

        [[procedure.steps]]
        id = "readings"
        type = "record"
        name = "Readings"
          [[procedure.steps.fields]]
          variable = "reading"
          %s
        """.formatted(field);
  }

  @Test
  void expressionsInAStepNameStayLiteralInTheTaskName() {
    deploy(withText(TRICKY));
    ProcessInstance run = startByHand("sop_texts");

    assertThat(task(run, "tricky").getName()).isEqualTo(TRICKY);
    done(run, "tricky", "tricky", true);
    assertThat(task(run, "readings").getName()).isEqualTo("Readings " + TRICKY);
  }

  @Test
  void expressionsInNamesAndLabelsStayLiteralInTheFormData() {
    deploy(withText(TRICKY));
    ProcessInstance run = startByHand("sop_texts");

    assertThat(formFields(task(run, "tricky")).get("tricky").getLabel())
        .isEqualTo(TRICKY + " (expected: yes)");
    done(run, "tricky", "tricky", true);
    Map<String, FormField> readings = formFields(task(run, "readings"));
    assertThat(readings.get("reading").getLabel())
        .isEqualTo("Reading " + TRICKY + " [" + TRICKY + "]");
    assertThat(readings.get("grade").getType().getInformation("values"))
        .isEqualTo(Map.of(TRICKY, TRICKY, "plain", "plain"));
  }

  @Test
  void expressionsInAStepNameStayLiteralInTheRenderedForm() {
    deploy(withText(TRICKY));
    ProcessInstance run = startByHand("sop_texts");

    RenderedForm form = renderedForm(task(run, "tricky"));

    assertThat(form.text()).contains(TRICKY + " (expected: yes)");
  }

  @Test
  void instructionsWithExpressionsAreTheTaskDescriptionLiterally() {
    deploy(withText(TRICKY));
    ProcessInstance run = startByHand("sop_texts");

    assertThat(task(run, "tricky").getDescription()).isEqualTo(INSTRUCTIONS);
    done(run, "tricky", "tricky", true);
    assertThat(variables(run)).doesNotContainKey("pwned");
  }

  @Test
  void anEnumValueWithExpressionsIsRecordedLiterally() {
    deploy(withText(TRICKY));
    ProcessInstance run = startByHand("sop_texts");
    done(run, "tricky", "tricky", true);

    done(run, "readings", "reading", "1", "grade", TRICKY);

    assertThat(variables(run)).containsEntry("grade", TRICKY);
  }

  @Test
  void expressionsInTheContextPrefillTheStartFormLiterally() {
    deploy("""
        [procedure]
        id = "sop_odd_place"
        name = "Odd place"

        [procedure.context]
        location = '''%1$s'''
        equipment = ['#{equipment}']

        [[procedure.steps]]
        id = "work"
        name = "Work"
        """.formatted(TRICKY));

    Map<String, Object> defaults = engine.getFormService()
        .getStartFormData(definition("sop_odd_place").getId()).getFormFields().stream()
        .filter(f -> f.getDefaultValue() != null)
        .collect(Collectors.toMap(FormField::getId, FormField::getDefaultValue));
    ProcessInstance run = startByHand("sop_odd_place");

    assertThat(defaults).containsEntry("location", TRICKY)
        .containsEntry("equipment_id", "#{equipment}");
    assertThat(variables(run)).containsEntry("location", TRICKY)
        .containsEntry("equipment_id", "#{equipment}");
  }

  @Test
  void expressionsInTheNamesOfWaitsGroupsAndReferencesAreNeverEvaluated() {
    deploy("""
        [procedure]
        id = "sop_named"
        name = '${procedure}'

        [[procedure.steps]]
        id = "pause"
        type = "wait"
        name = '${pause}'
        duration = "1m"

        [[procedure.steps]]
        id = "together"
        type = "group"
        name = '#{group}'
        steps = [{ id = "sub", name = '${sub}', reference = "sop_child", instructions = '${i}' }]
        """, """
        [procedure]
        id = "sop_child"
        name = '#{child}'

        [[procedure.steps]]
        id = "inner"
        name = "Inner"
        """);
    ProcessInstance run = startByHand("sop_named");

    fire(timer(run, "pause"));
    ProcessInstance child = engine.getRuntimeService().createProcessInstanceQuery()
        .superProcessInstanceId(run.getId()).singleResult();
    done(child, "inner");

    assertThat(run).isEnded().hasPassed("pause", "sub", "together", "asrun-end");
    assertThat(definition("sop_named").getName()).isEqualTo("${procedure}");
  }

  @Test
  void markupInAStepNameIsNotATagInTheRenderedForm() {
    deploy("""
        [procedure]
        id = "sop_check"
        name = "Check"

        [[procedure.steps]]
        id = "inspect"
        type = "check"
        name = '%s'
        """.formatted(MARKUP));
    ProcessInstance run = startByHand("sop_check");

    RenderedForm form = renderedForm(task(run, "inspect"));

    assertThat(form.tags()).doesNotContain("img");
    assertThat(form.text()).contains(MARKUP + " (expected: yes)");
  }

  @Test
  void markupInAFieldLabelIsNotATagInTheRenderedForm() {
    deploy(recordWith("label = '%s'".formatted(MARKUP)));
    ProcessInstance run = startByHand("sop_record");

    RenderedForm form = renderedForm(task(run, "readings"));

    assertThat(form.tags()).doesNotContain("img");
    assertThat(form.texts()).contains(MARKUP);
  }

  @Test
  void markupInAUnitIsNotATagInTheRenderedForm() {
    deploy(recordWith("label = \"Temperature\"\ntype = \"number\"\nunit = '<sup>o</sup>F'"));
    ProcessInstance run = startByHand("sop_record");

    RenderedForm form = renderedForm(task(run, "readings"));

    assertThat(form.tags()).doesNotContain("sup");
    assertThat(form.texts()).contains("Temperature [<sup>o</sup>F]");
  }

  @Test
  void markupInAnEnumValueIsNotATagInTheRenderedForm() {
    deploy(recordWith("label = \"Grade\"\ntype = \"enum\"\nvalues = ['<b>bold</b>', 'plain']"));
    ProcessInstance run = startByHand("sop_record");

    RenderedForm form = renderedForm(task(run, "readings"));

    assertThat(form.tags()).doesNotContain("b");
    assertThat(form.texts()).contains("<b>bold</b>", "plain");
  }

  @Test
  void aQuoteInTheContextPrefillCannotLeaveItsAttribute() {
    String breakout = "lab\" autofocus onfocus=\"alert(1)";
    deploy("""
        [procedure]
        id = "sop_quote"
        name = "Quote"

        [procedure.context]
        location = '''%s'''

        [[procedure.steps]]
        id = "work"
        name = "Work"
        """.formatted(breakout));

    RenderedForm form = RenderedForm.parse(engine.getFormService()
        .getRenderedStartForm(definition("sop_quote").getId()));

    assertThat(form.attributeValues()).contains(breakout).doesNotContain("alert(1)");
  }

  @Test
  void angularInterpolationInNamesAndLabelsIsNotLiveInTheRenderedForm() {
    deploy(withText(ANGULAR));
    ProcessInstance run = startByHand("sop_texts");

    RenderedForm check = renderedForm(task(run, "tricky"));
    done(run, "tricky", "tricky", true);
    RenderedForm record = renderedForm(task(run, "readings"));

    assertThat(check.angularBound()).noneMatch(s -> s.contains("{{"));
    assertThat(record.angularBound()).noneMatch(s -> s.contains("{{"));
  }

  @Test
  void angularInterpolationInTheContextPrefillIsNotLiveInTheRenderedStartForm() {
    deploy("""
        [procedure]
        id = "sop_angular_place"
        name = "Angular place"

        [procedure.context]
        location = "%s"

        [[procedure.steps]]
        id = "work"
        name = "Work"
        """.formatted(ANGULAR));

    RenderedForm form = RenderedForm.parse(engine.getFormService()
        .getRenderedStartForm(definition("sop_angular_place").getId()));

    assertThat(form.angularBound()).noneMatch(s -> s.contains("{{"));
  }

  private Map<String, FormField> formFields(Task task) {
    return engine.getFormService().getTaskFormData(task.getId()).getFormFields().stream()
        .collect(Collectors.toMap(FormField::getId, f -> f));
  }

  private RenderedForm renderedForm(Task task) {
    return RenderedForm.parse(engine.getFormService().getRenderedTaskForm(task.getId()));
  }
}
