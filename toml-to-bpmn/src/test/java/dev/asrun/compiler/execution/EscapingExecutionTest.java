package dev.asrun.compiler.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.form.FormField;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.junit.jupiter.api.Test;

/**
 * Text from TOML is text. The engine evaluates task names, descriptions, form labels and default
 * values as expressions, so the compiler puts a zero-width space between {@code $} or {@code #}
 * and {@code {}: no expression opening reaches the engine, and every reader sees the author's
 * text. Tasklist shows the rendered form as HTML compiled by AngularJS, so labels arrive
 * HTML-escaped with {@code {{} and {@code }}} split, and values that land in attributes (enum
 * values, the prefilled context) may not hold characters that would need escaping there: the
 * compiler refuses them, so they never reach the engine.
 */
class EscapingExecutionTest extends EngineTest {

  private static final String ZERO_WIDTH_SPACE = "\u200B";

  /**
   * {@code ${...}} and {@code #{...}}, a double and a single backslash, and a backslash right
   * before {@code ${}.
   */
  private static final String TRICKY = "Check ${x} and #{y} \\\\ back\\slash \\${z}";

  /** {@link #TRICKY} as the engine holds it: no expression opening left. */
  private static final String TRICKY_INERT = "Check $" + ZERO_WIDTH_SPACE + "{x} and #"
      + ZERO_WIDTH_SPACE + "{y} \\\\ back\\slash \\$" + ZERO_WIDTH_SPACE + "{z}";

  private static final String INSTRUCTIONS =
      "Run ${execution.setVariable(\"pwned\", true)} and #{execution.setVariable(\"pwned\", 1)}";

  private static final String INSTRUCTIONS_INERT = "Run $" + ZERO_WIDTH_SPACE
      + "{execution.setVariable(\"pwned\", true)} and #" + ZERO_WIDTH_SPACE
      + "{execution.setVariable(\"pwned\", 1)}";

  private static final String MARKUP = "<img src=x onerror=alert(1)>";

  private static final String MARKUP_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;";

  /** Every character HTML escapes, and an entity that must stay text. */
  private static final String MARKUP_QUOTED = "<img src=x onerror=\"alert(1)\"> & 'a' &amp;";

  private static final String MARKUP_QUOTED_ESCAPED =
      "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;a&#39; &amp;amp;";

  private static final String ANGULAR = "{{constructor.constructor('alert(1)')()}}";

  private static final String ANGULAR_ESCAPED = "{" + ZERO_WIDTH_SPACE
      + "{constructor.constructor(&#39;alert(1)&#39;)()}" + ZERO_WIDTH_SPACE + "}";

  /** Why a value may not land in a form attribute, after the value and the character. */
  private static final String FORM_VALUE_RULE =
      "; values shown in Tasklist forms may not contain < > & \" ' { } \\ or backticks";

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
        """.formatted(text, INSTRUCTIONS);
  }

  /** One record step with one field, given as TOML lines (the first of them on line 11). */
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

  /** A procedure whose context is given as TOML lines (the first of them on line 6). */
  private static String withContext(String context) {
    return """
        [procedure]
        id = "sop_context"
        name = "Context"

        [procedure.context]
        %s

        [[procedure.steps]]
        id = "work"
        name = "Work"
        """.formatted(context);
  }

  @Test
  void expressionsInAStepNameStayLiteralInTheTaskName() {
    deploy(withText(TRICKY));
    ProcessInstance run = startByHand("sop_texts");

    String check = task(run, "tricky").getName();
    done(run, "tricky", "tricky", true);
    String record = task(run, "readings").getName();

    assertThat(check).isEqualTo(TRICKY_INERT).doesNotContain("${", "#{");
    assertThat(record).isEqualTo("Readings " + TRICKY_INERT).doesNotContain("${", "#{");
    assertThat(shown(check)).isEqualTo(TRICKY);
    assertThat(shown(record)).isEqualTo("Readings " + TRICKY);
    assertThat(historicTaskName(run, "tricky")).isEqualTo(TRICKY_INERT);
    assertThat(modelName("sop_texts", "tricky")).isEqualTo(TRICKY_INERT);
  }

  @Test
  void expressionsInNamesAndLabelsStayLiteralInTheFormData() {
    deploy(withText(TRICKY));
    ProcessInstance run = startByHand("sop_texts");

    String checkLabel = formFields(task(run, "tricky")).get("tricky").getLabel();
    done(run, "tricky", "tricky", true);
    FormField reading = formFields(task(run, "readings")).get("reading");

    assertThat(checkLabel).isEqualTo(TRICKY_INERT + " (expected: yes)")
        .doesNotContain("${", "#{");
    assertThat(shown(checkLabel)).isEqualTo(TRICKY + " (expected: yes)");
    assertThat(reading.getLabel())
        .isEqualTo("Reading " + TRICKY_INERT + " [" + TRICKY_INERT + "]")
        .doesNotContain("${", "#{");
    assertThat(shown(reading.getLabel())).isEqualTo("Reading " + TRICKY + " [" + TRICKY + "]");
    assertThat(reading.getProperties()).containsEntry("asrun.unit", TRICKY);
  }

  @Test
  void expressionsInAStepNameStayLiteralInTheRenderedForm() {
    deploy(withText(TRICKY));
    ProcessInstance run = startByHand("sop_texts");

    RenderedForm check = renderedForm(task(run, "tricky"));
    done(run, "tricky", "tricky", true);
    RenderedForm record = renderedForm(task(run, "readings"));

    assertThat(check.texts()).contains(TRICKY_INERT + " (expected: yes)");
    assertThat(record.texts()).contains("Reading " + TRICKY_INERT + " [" + TRICKY_INERT + "]");
    assertThat(shown(check.text())).contains(TRICKY + " (expected: yes)");
    assertThat(shown(record.text())).contains("Reading " + TRICKY + " [" + TRICKY + "]");
    assertThat(check.texts()).noneMatch(EscapingExecutionTest::opensAnExpression);
    assertThat(record.texts()).noneMatch(EscapingExecutionTest::opensAnExpression);
  }

  @Test
  void expressionsInInstructionsStayLiteralInTheTaskDescription() {
    deploy(withText(TRICKY));
    ProcessInstance run = startByHand("sop_texts");

    String description = task(run, "tricky").getDescription();
    Map<String, Object> whileOpen = variables(run);
    done(run, "tricky", "tricky", true);

    assertThat(description).isEqualTo(INSTRUCTIONS_INERT).doesNotContain("${", "#{");
    assertThat(shown(description)).isEqualTo(INSTRUCTIONS);
    assertThat(whileOpen).doesNotContainKey("pwned");
    assertThat(variables(run)).doesNotContainKey("pwned");
  }

  @Test
  void anEnumValueWithAnExpressionIsACompileError() {
    List<String> diagnostics = refusal(recordWith("""
        label = "Grade"
        type = "enum"
        values = ['${grade}', '#{grade}', 'plain']"""));

    assertThat(diagnostics).containsExactly(
        "inline-1.toml:13:11: procedure.steps[0].fields[0].values[0]: \"${grade}\" contains"
            + " a brace ({)" + FORM_VALUE_RULE,
        "inline-1.toml:13:23: procedure.steps[0].fields[0].values[1]: \"#{grade}\" contains"
            + " a brace ({)" + FORM_VALUE_RULE);
  }

  @Test
  void expressionsInTheContextAreACompileError() {
    List<String> diagnostics = refusal(withContext("""
        location = '${location}'
        equipment = ['pump', '#{equipment}']"""));

    assertThat(diagnostics).containsExactly(
        "inline-1.toml:6:12: procedure.context.location: \"${location}\" contains a brace ({)"
            + FORM_VALUE_RULE,
        "inline-1.toml:7:22: procedure.context.equipment[1]: \"#{equipment}\" contains"
            + " a brace ({)" + FORM_VALUE_RULE);
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
    assertThat(definition("sop_child").getName()).isEqualTo("#{child}");
    assertThat(historicActivityNames(run)).containsEntry("pause", "${pause}")
        .containsEntry("together", "#{group}").containsEntry("sub", "${sub}");
    assertThat(variables(run)).doesNotContainKeys("procedure", "pause", "group", "sub", "i");
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
    Task task = task(run, "inspect");

    RenderedForm form = renderedForm(task);

    assertThat(task.getName()).isEqualTo(MARKUP);
    assertThat(formFields(task).get("inspect").getLabel())
        .isEqualTo(MARKUP_ESCAPED + " (expected: yes)");
    assertThat(form.tags()).doesNotContain("img");
    assertThat(form.texts()).contains(MARKUP + " (expected: yes)");
  }

  @Test
  void markupInAFieldLabelIsNotATagInTheRenderedForm() {
    deploy(recordWith("label = '''%s'''".formatted(MARKUP_QUOTED)));
    ProcessInstance run = startByHand("sop_record");
    Task task = task(run, "readings");

    RenderedForm form = renderedForm(task);

    assertThat(formFields(task).get("reading").getLabel()).isEqualTo(MARKUP_QUOTED_ESCAPED);
    assertThat(form.tags()).doesNotContain("img");
    assertThat(form.texts()).contains(MARKUP_QUOTED);
    assertThat(form.attributeValues()).noneMatch(v -> v.contains("alert"));
  }

  @Test
  void markupInAUnitIsNotATagInTheRenderedForm() {
    deploy(recordWith("label = \"Temperature\"\ntype = \"number\"\nunit = '<sup>o</sup>F'"));
    ProcessInstance run = startByHand("sop_record");
    Task task = task(run, "readings");

    RenderedForm form = renderedForm(task);

    FormField temperature = formFields(task).get("reading");
    assertThat(temperature.getLabel()).isEqualTo("Temperature [&lt;sup&gt;o&lt;/sup&gt;F]");
    assertThat(temperature.getProperties()).containsEntry("asrun.unit", "<sup>o</sup>F");
    assertThat(form.tags()).doesNotContain("sup");
    assertThat(form.texts()).contains("Temperature [<sup>o</sup>F]");
  }

  @Test
  void markupInAnEnumValueIsACompileError() {
    List<String> diagnostics = refusal(recordWith("""
        label = "Grade"
        type = "enum"
        values = ['<b>bold</b>', 'plain', 'x" onfocus="alert(1)', 'fish & chips']"""));

    assertThat(diagnostics).containsExactly(
        "inline-1.toml:13:11: procedure.steps[0].fields[0].values[0]: \"<b>bold</b>\" contains"
            + " a less-than sign (<)" + FORM_VALUE_RULE,
        "inline-1.toml:13:35: procedure.steps[0].fields[0].values[2]: \"x\" onfocus=\"alert(1)\""
            + " contains a quotation mark (\")" + FORM_VALUE_RULE,
        "inline-1.toml:13:59: procedure.steps[0].fields[0].values[3]: \"fish & chips\" contains"
            + " an ampersand (&)" + FORM_VALUE_RULE);
  }

  @Test
  void aQuoteInTheContextIsACompileError() {
    List<String> diagnostics = refusal(withContext("""
        location = '''lab" autofocus onfocus="alert(1)'''
        equipment = ["pump' autofocus onfocus='alert(1)"]"""));

    assertThat(diagnostics).containsExactly(
        "inline-1.toml:6:12: procedure.context.location: \"lab\" autofocus onfocus=\"alert(1)\""
            + " contains a quotation mark (\")" + FORM_VALUE_RULE,
        "inline-1.toml:7:14: procedure.context.equipment[0]: \"pump' autofocus"
            + " onfocus='alert(1)\" contains an apostrophe (')" + FORM_VALUE_RULE);
  }

  @Test
  void angularInterpolationInNamesAndLabelsIsNotLiveInTheRenderedForm() {
    deploy(withText(ANGULAR));
    ProcessInstance run = startByHand("sop_texts");

    Task checkTask = task(run, "tricky");
    String checkLabel = formFields(checkTask).get("tricky").getLabel();
    RenderedForm check = renderedForm(checkTask);
    done(run, "tricky", "tricky", true);
    Task recordTask = task(run, "readings");
    String recordLabel = formFields(recordTask).get("reading").getLabel();
    RenderedForm record = renderedForm(recordTask);

    assertThat(checkTask.getName()).isEqualTo(ANGULAR);
    assertThat(checkLabel).isEqualTo(ANGULAR_ESCAPED + " (expected: yes)");
    assertThat(recordLabel)
        .isEqualTo("Reading " + ANGULAR_ESCAPED + " [" + ANGULAR_ESCAPED + "]");
    assertThat(check.angularBound()).noneMatch(EscapingExecutionTest::interpolates);
    assertThat(record.angularBound()).noneMatch(EscapingExecutionTest::interpolates);
    assertThat(shown(check.text())).contains(ANGULAR + " (expected: yes)");
    assertThat(shown(record.text())).contains("Reading " + ANGULAR + " [" + ANGULAR + "]");
  }

  @Test
  void angularInterpolationInTheContextIsACompileError() {
    List<String> diagnostics = refusal(withContext("""
        location = "{{7*7}}"
        equipment = ["pump }}"]"""));

    assertThat(diagnostics).containsExactly(
        "inline-1.toml:6:12: procedure.context.location: \"{{7*7}}\" contains a brace ({)"
            + FORM_VALUE_RULE,
        "inline-1.toml:7:14: procedure.context.equipment[0]: \"pump }}\" contains a brace (})"
            + FORM_VALUE_RULE);
  }

  @Test
  void punctuationAllowedInAnEnumValueIsOfferedRenderedAndRecordedExactly() {
    String odd = "A/B (ok) = 50% $x #y; a:b ~!@*?|+,.";
    deploy(recordWith("label = \"Grade\"\ntype = \"enum\"\nvalues = ['%s', 'plain']"
        .formatted(odd)));
    ProcessInstance run = startByHand("sop_record");
    Task task = task(run, "readings");

    Map<?, ?> offered = (Map<?, ?>) formFields(task).get("reading").getType()
        .getInformation("values");
    RenderedForm form = renderedForm(task);
    done(run, "readings", "reading", odd);

    assertThat(offered.keySet()).map(String::valueOf).containsExactly(odd, "plain");
    assertThat(offered.values()).map(String::valueOf).containsExactly(odd, "plain");
    assertThat(form.attributeValues()).contains(odd);
    assertThat(form.texts()).contains(odd);
    assertThat(form.angularBound()).noneMatch(EscapingExecutionTest::interpolates);
    assertThat(variables(run)).containsEntry("reading", odd);
  }

  @Test
  void punctuationAllowedInTheContextPrefillsTheStartFormExactly() {
    String place = "Room $1 #2 (east) = 50% / a:b; c@d";
    String pump = "pump-1 #3 $a";
    deploy(withContext("location = '%s'\nequipment = ['%s', 'spare']".formatted(place, pump)));

    Map<String, Object> defaults = engine.getFormService()
        .getStartFormData(definition("sop_context").getId()).getFormFields().stream()
        .filter(f -> f.getDefaultValue() != null)
        .collect(Collectors.toMap(FormField::getId, FormField::getDefaultValue));
    RenderedForm form = RenderedForm.parse(engine.getFormService()
        .getRenderedStartForm(definition("sop_context").getId()));
    ProcessInstance run = startByHand("sop_context");

    assertThat(defaults).isEqualTo(Map.of("location", place, "equipment_id", pump));
    assertThat(form.attributeValues()).contains(place, pump);
    assertThat(form.angularBound()).noneMatch(EscapingExecutionTest::interpolates);
    assertThat(variables(run)).containsEntry("location", place)
        .containsEntry("equipment_id", pump);
  }

  /** The text as a reader sees it: zero-width spaces are invisible. */
  private static String shown(String text) {
    return text.replace(ZERO_WIDTH_SPACE, "");
  }

  private static boolean opensAnExpression(String text) {
    return text.contains("${") || text.contains("#{");
  }

  /** Whether AngularJS would start or end an interpolation in {@code text}. */
  private static boolean interpolates(String text) {
    return text.contains("{{") || text.contains("}}");
  }

  private Map<String, FormField> formFields(Task task) {
    return engine.getFormService().getTaskFormData(task.getId()).getFormFields().stream()
        .collect(Collectors.toMap(FormField::getId, f -> f));
  }

  private RenderedForm renderedForm(Task task) {
    return RenderedForm.parse(engine.getFormService().getRenderedTaskForm(task.getId()));
  }

  /** The name history recorded for the task of {@code stepId}: what Cockpit lists. */
  private String historicTaskName(ProcessInstance run, String stepId) {
    return engine.getHistoryService().createHistoricTaskInstanceQuery()
        .processInstanceId(run.getId()).taskDefinitionKey(stepId).singleResult().getName();
  }

  /** The name attribute of a deployed element: what Cockpit draws in the diagram. */
  private String modelName(String procedureId, String elementId) {
    FlowElement element = engine.getRepositoryService()
        .getBpmnModelInstance(definition(procedureId).getId()).getModelElementById(elementId);
    return element.getName();
  }

  /** The names history recorded for the run's activities, by activity id. */
  private Map<String, String> historicActivityNames(ProcessInstance run) {
    Map<String, String> names = new LinkedHashMap<>();
    engine.getHistoryService().createHistoricActivityInstanceQuery()
        .processInstanceId(run.getId()).list()
        .forEach(a -> names.put(a.getActivityId(), a.getActivityName()));
    return names;
  }
}
