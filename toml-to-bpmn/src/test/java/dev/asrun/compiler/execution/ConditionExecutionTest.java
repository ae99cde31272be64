package dev.asrun.compiler.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

/**
 * {@code when} conditions decided by the engine on values entered the way Tasklist enters them:
 * number fields as text, checks as booleans, enum fields as their value, context from the start
 * form. A step whose condition holds runs; otherwise the run bypasses it.
 */
class ConditionExecutionTest extends EngineTest {

  /** A record step, then a step guarded by {@code condition}, then a last step. */
  private static String guarded(String field, String fieldType, String condition) {
    return """
        [procedure]
        id = "sop_guarded"
        name = "Guarded"

        [[procedure.steps]]
        id = "measure"
        type = "record"
        name = "Measure"
          [[procedure.steps.fields]]
          variable = "%s"
          label = "Value"
          type = "%s"
          %s

        [[procedure.steps]]
        id = "guarded"
        name = "Guarded step"
        when = "%s"

        [[procedure.steps]]
        id = "last"
        name = "Last"
        """.formatted(field, fieldType,
            fieldType.equals("enum") ? "values = [\"pass\", \"fail\", \"retest\"]" : "",
            condition.replace("\"", "\\\""));
  }

  @Test
  void aStepWhoseConditionHoldsRuns() {
    deploy(guarded("temperature_f", "number", "temperature_f > 200"));
    ProcessInstance run = startByHand("sop_guarded");

    done(run, "measure", "temperature_f", "201");

    assertThat(openSteps(run)).containsExactly("guarded");
    done(run, "guarded");
    done(run, "last");
    assertThat(run).isEnded().hasPassed("guarded");
  }

  @Test
  void aStepWhoseConditionFailsIsBypassed() {
    deploy(guarded("temperature_f", "number", "temperature_f > 200"));
    ProcessInstance run = startByHand("sop_guarded");

    done(run, "measure", "temperature_f", "199");

    assertThat(openSteps(run)).containsExactly("last");
    done(run, "last");
    assertThat(run).isEnded().hasNotPassed("guarded").hasPassed("asrun-end");
  }

  @Test
  void numbersEnteredAsTextCompareAsNumbersNotAsText() {
    // as text, "1000" < "200" and "99.5" > "200"
    deploy(guarded("reading", "number", "reading >= 200"));
    ProcessInstance large = startByHand("sop_guarded");
    ProcessInstance small = startByHand("sop_guarded");

    done(large, "measure", "reading", "1000");
    done(small, "measure", "reading", "99.5");

    assertThat(openSteps(large)).containsExactly("guarded");
    assertThat(openSteps(small)).containsExactly("last");
  }

  @Test
  void aNumberEqualsItsDecimalLiteral() {
    deploy(guarded("ph", "number", "ph == 7.25"));
    ProcessInstance exact = startByHand("sop_guarded");
    ProcessInstance trailingZero = startByHand("sop_guarded");
    ProcessInstance other = startByHand("sop_guarded");

    done(exact, "measure", "ph", "7.25");
    done(trailingZero, "measure", "ph", "7.250");
    done(other, "measure", "ph", "7.3");

    assertThat(openSteps(exact)).containsExactly("guarded");
    assertThat(openSteps(trailingZero)).containsExactly("guarded");
    assertThat(openSteps(other)).containsExactly("last");
  }

  @Test
  void aNegativeLimitComparesNumerically() {
    deploy(guarded("freezer_c", "number", "freezer_c > -18"));
    ProcessInstance tooWarm = startByHand("sop_guarded");
    ProcessInstance coldEnough = startByHand("sop_guarded");

    done(tooWarm, "measure", "freezer_c", "-5");
    done(coldEnough, "measure", "freezer_c", "-20");

    assertThat(openSteps(tooWarm)).containsExactly("guarded");
    assertThat(openSteps(coldEnough)).containsExactly("last");
  }

  @Test
  void aNumberFieldHoldingTextThatIsNoNumberDoesNotStopTheRun() {
    deploy(guarded("temperature_f", "number", "temperature_f > 200"));
    ProcessInstance run = startByHand("sop_guarded");

    done(run, "measure", "temperature_f", "too hot to read");

    assertThat(openSteps(run)).containsExactly("last");
    assertThat(variables(run)).containsEntry("temperature_f", "too hot to read");
  }

  @Test
  void aFailedCheckMakesANotConditionHold() {
    String toml = """
        [procedure]
        id = "sop_check"
        name = "Check"

        [[procedure.steps]]
        id = "verify_temperature"
        type = "check"
        name = "Verify temperature < 200°F"
        variable = "temperature_ok"

        [[procedure.steps]]
        id = "cool_down"
        name = "Cool down"
        when = "not temperature_ok"

        [[procedure.steps]]
        id = "start_pump"
        name = "Start pump"
        """;
    deploy(toml);
    ProcessInstance failed = startByHand("sop_check");
    ProcessInstance passed = startByHand("sop_check");

    done(failed, "verify_temperature", "temperature_ok", false);
    done(passed, "verify_temperature", "temperature_ok", true);

    assertThat(openSteps(failed)).containsExactly("cool_down");
    assertThat(openSteps(passed)).containsExactly("start_pump");
    assertThat(variables(failed)).containsEntry("temperature_ok", false);
  }

  @Test
  void anEnumValueSelectsTheStepsForIt() {
    deploy(guarded("result", "enum", "result == 'fail' or result == 'retest'"));
    ProcessInstance pass = startByHand("sop_guarded");
    ProcessInstance fail = startByHand("sop_guarded");
    ProcessInstance retest = startByHand("sop_guarded");

    done(pass, "measure", "result", "pass");
    done(fail, "measure", "result", "fail");
    done(retest, "measure", "result", "retest");

    assertThat(openSteps(pass)).containsExactly("last");
    assertThat(openSteps(fail)).containsExactly("guarded");
    assertThat(openSteps(retest)).containsExactly("guarded");
  }

  @Test
  void andOrNotAndParenthesesCombineAsWritten() {
    deploy("""
        [procedure]
        id = "sop_logic"
        name = "Logic"

        [[procedure.steps]]
        id = "inspect"
        type = "record"
        name = "Inspect"
          [[procedure.steps.fields]]
          variable = "pressure_bar"
          label = "Pressure"
          type = "number"
          [[procedure.steps.fields]]
          variable = "leak_found"
          label = "Leak found"
          type = "boolean"

        [[procedure.steps]]
        id = "vent"
        name = "Vent"
        when = "not (pressure_bar <= 5 or leak_found == false) and pressure_bar != 9"

        [[procedure.steps]]
        id = "close"
        name = "Close"
        """);
    Map<String, Boolean> expected = Map.of(
        "6/true", true, "6/false", false, "5/true", false, "9/true", false, "12/true", true);

    expected.forEach((input, runsVent) -> {
      String[] parts = input.split("/");
      ProcessInstance run = startByHand("sop_logic");
      done(run, "inspect", "pressure_bar", parts[0], "leak_found", Boolean.valueOf(parts[1]));
      assertThat(openSteps(run)).as("open steps for pressure/leak %s", input)
          .containsExactly(runsVent ? "vent" : "close");
    });
  }

  @Test
  void aContextVariableFromTheStartFormDecidesACondition() {
    deploy("""
        [procedure]
        id = "sop_where"
        name = "Where"

        [[procedure.steps]]
        id = "badge_in"
        name = "Badge in to lab 3"
        when = "location == 'lab_3'"

        [[procedure.steps]]
        id = "work"
        name = "Work"
        """);

    ProcessInstance inLab3 = startByHand("sop_where", null, Map.of("location", "lab_3"));
    ProcessInstance elsewhere = startByHand("sop_where", null, Map.of("location", "lab_4"));
    ProcessInstance nowhere = startByHand("sop_where");

    assertThat(openSteps(inLab3)).containsExactly("badge_in");
    assertThat(openSteps(elsewhere)).containsExactly("work");
    assertThat(openSteps(nowhere)).containsExactly("work");
  }

  @Test
  void theInitiatorDecidesAConditionOnExecutorId() {
    deploy("""
        [procedure]
        id = "sop_who"
        name = "Who"

        [[procedure.steps]]
        id = "supervise"
        name = "Supervise the trainee"
        when = "executor_id == 'trainee'"

        [[procedure.steps]]
        id = "work"
        name = "Work"
        """);

    engine.getIdentityService().setAuthenticatedUserId("trainee");
    ProcessInstance trainee = startByHand("sop_who");
    engine.getIdentityService().setAuthenticatedUserId("alice");
    ProcessInstance alice = startByHand("sop_who");

    assertThat(openSteps(trainee)).containsExactly("supervise");
    assertThat(openSteps(alice)).containsExactly("work");
  }

  @Test
  void aStringLiteralWithQuotesAndBackslashesMatchesExactly() {
    deploy("""
        [procedure]
        id = "sop_quoted"
        name = "Quoted"

        [[procedure.steps]]
        id = "special"
        name = "Special place"
        when = '''location == 'O\\'Brien\\\\lab "B"' '''

        [[procedure.steps]]
        id = "work"
        name = "Work"
        """);

    ProcessInstance match = startByHand("sop_quoted", null,
        Map.of("location", "O'Brien\\lab \"B\""));
    ProcessInstance noMatch = startByHand("sop_quoted", null,
        Map.of("location", "O'Brien\\\\lab \"B\""));

    assertThat(openSteps(match)).containsExactly("special");
    assertThat(openSteps(noMatch)).containsExactly("work");
  }

  /**
   * A check that passes, a record step that only runs when it fails (so its variables stay
   * unset), then a step guarded by {@code condition}, then a last step.
   */
  private static String afterBypassedRecord(String condition) {
    return """
        [procedure]
        id = "sop_unset"
        name = "Unset"

        [[procedure.steps]]
        id = "inspect"
        type = "check"
        name = "Inspect seal"
        variable = "seal_ok"

        [[procedure.steps]]
        id = "measure_leak"
        type = "record"
        name = "Measure leak"
        when = "not seal_ok"
          [[procedure.steps.fields]]
          variable = "leak_rate"
          label = "Leak rate"
          type = "number"
          [[procedure.steps.fields]]
          variable = "leak_class"
          label = "Leak class"
          type = "enum"
          values = ["minor", "major"]
          [[procedure.steps.fields]]
          variable = "leak_audible"
          label = "Leak audible"
          type = "boolean"

        [[procedure.steps]]
        id = "guarded"
        name = "Guarded step"
        when = "%s"

        [[procedure.steps]]
        id = "last"
        name = "Last"
        """.formatted(condition.replace("\"", "\\\""));
  }

  @Test
  void aVariableNeverSetBecauseItsStepWasBypassedRaisesNoError() {
    deploy(afterBypassedRecord("leak_rate > 0.5 or leak_class == 'major'"));
    ProcessInstance run = startByHand("sop_unset");

    done(run, "inspect", "seal_ok", true);

    assertThat(variables(run)).doesNotContainKeys("leak_rate", "leak_class", "leak_audible");
    assertThat(openSteps(run)).containsExactly("last");
    done(run, "last");
    assertThat(run).isEnded().hasNotPassed("measure_leak", "guarded").hasPassed("asrun-end");
  }

  @Test
  void everyComparisonWithAnUnsetVariableIsFalse() {
    List<String> comparisons = List.of("leak_rate < 5", "leak_rate <= 0", "leak_rate != 2",
        "leak_rate == 0", "leak_class != 'major'", "leak_audible == false",
        "leak_audible != true");
    SoftAssertions softly = new SoftAssertions();
    for (String comparison : comparisons) {
      deploy(afterBypassedRecord(comparison));
      ProcessInstance run = startByHand("sop_unset");

      done(run, "inspect", "seal_ok", true);

      softly.assertThat(openSteps(run)).as("open steps when '%s' reads unset variables", comparison)
          .containsExactly("last");
    }
    softly.assertAll();
  }

  @Test
  void notOfAnUnsetVariableIsTrue() {
    deploy(afterBypassedRecord("not leak_audible"));
    ProcessInstance run = startByHand("sop_unset");

    done(run, "inspect", "seal_ok", true);

    assertThat(openSteps(run)).containsExactly("guarded");
  }

  @Test
  void aSkippedCheckLeavesItsVariableUnset() {
    deploy("""
        [procedure]
        id = "sop_skipped_check"
        name = "Skipped check"

        [[procedure.steps]]
        id = "inspect"
        type = "check"
        name = "Inspect seal"
        variable = "seal_ok"
        optional = true

        [[procedure.steps]]
        id = "replace_seal"
        name = "Replace seal"
        when = "not seal_ok"

        [[procedure.steps]]
        id = "sign_off"
        name = "Sign off"
        """);
    ProcessInstance run = startByHand("sop_skipped_check");

    skip(run, "inspect", "no access to the seal today");

    assertThat(variables(run)).doesNotContainKey("seal_ok");
    assertThat(openSteps(run)).containsExactly("replace_seal");
  }
}
