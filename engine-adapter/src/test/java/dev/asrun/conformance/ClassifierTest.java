package dev.asrun.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.conformance.Deviation.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The seed's deviation examples (7.1) and every other type, classified from a run's facts.
 */
class ClassifierTest {

  private static final Template ABC = Procedures.template(
      Procedures.sequence("sop_abc", "step_a", "step_b", "step_c"));

  @Test
  void aReorderingIsOneReorderOfTheStepDoneLate() {
    List<Deviation> deviations = Run.of(ABC).done("step_a", "step_c", "step_b").completed();
    assertThat(deviations).containsExactly(new Deviation(Type.REORDER, Optional.of("step_b"),
        Optional.of(2), Optional.of(3), Optional.of("step_c"),
        "step_b was done after step_c (written 2nd, done 3rd)"));
  }

  @Test
  void anOmissionIsTheStepSkipped() {
    List<Deviation> deviations = Run.of(ABC).done("step_a").skipped("step_b", "probe broken")
        .done("step_c").completed();
    assertThat(deviations).containsExactly(new Deviation(Type.OMISSION, Optional.of("step_b"),
        Optional.of(2), Optional.empty(), Optional.empty(),
        "step_b (written 2nd) was skipped: probe broken"));
  }

  @Test
  void anAdditionIsTheExtraStepWhereItWasDone() {
    Template ab = Procedures.template(Procedures.sequence("sop_ab", "step_a", "step_b"));
    List<Deviation> deviations = Run.of(ab).done("step_a").extra("step_x").done("step_b")
        .completed();
    assertThat(deviations).containsExactly(new Deviation(Type.ADDITION, Optional.of("step_x"),
        Optional.empty(), Optional.of(2), Optional.of("step_a"),
        "extra step step_x was done after step_a (done 2nd); the procedure has no such step"));
  }

  @Test
  void aTimeoutEndsTheListOfAnAbortedRunWhoseRestWasNotReached() {
    List<Deviation> deviations = Run.of(ABC).done("step_a").abortedByTimeout("PT30M");
    assertThat(deviations).containsExactly(new Deviation(Type.TIMEOUT, Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(),
        "the run was aborted: its timeout of 30m was exceeded"));
  }

  @Test
  void anActiveRunHasNoOmissionsForStepsNotReachedYet() {
    assertThat(Run.of(ABC).done("step_a").active()).isEmpty();
    assertThat(Run.of(ABC).done("step_a", "step_c").active()).extracting(Deviation::type)
        .containsExactly(Type.OMISSION);
  }

  @Test
  void aStepSkippedInAnActiveRunIsAnOmissionAtOnce() {
    assertThat(Run.of(ABC).done("step_a").skipped("step_b", "no time").active())
        .extracting(Deviation::type, Deviation::stepId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Type.OMISSION, Optional.of("step_b")));
  }

  @Test
  void aStepDoneTwiceIsARepeat() {
    List<Deviation> deviations = Run.of(ABC).done("step_a", "step_b", "step_b", "step_c")
        .completed();
    assertThat(deviations).containsExactly(new Deviation(Type.REPEAT, Optional.of("step_b"),
        Optional.of(2), Optional.of(3), Optional.of("step_b"),
        "step_b was done again after step_b (done 3rd)"));
  }

  @Test
  void anyOrderGroupsConditionsAndOptionalStepsAreNoDeviations() {
    Template template = Procedures.template("""
        [procedure]
        id = "sop_free"
        name = "Free"

        [[procedure.steps]]
        id = "ready"
        type = "check"
        name = "Ready?"
        variable = "ready"

        [[procedure.steps]]
        id = "prepare"
        type = "group"
        name = "Prepare"
        order = "any"
          [[procedure.steps.steps]]
          id = "gloves"
          name = "Gloves"
          [[procedure.steps.steps]]
          id = "goggles"
          name = "Goggles"

        [[procedure.steps]]
        id = "fix"
        name = "Fix"
        when = "not ready"

        [[procedure.steps]]
        id = "tidy"
        name = "Tidy"
        optional = true

        [[procedure.steps]]
        id = "leave"
        name = "Leave"
        """);
    assertThat(Run.of(template).done("ready", "goggles", "gloves", "leave").completed()).isEmpty();
    assertThat(Run.of(template).done("ready", "gloves", "goggles").reached("fix")
        .skipped("fix", "later").done("leave").completed())
        .extracting(Deviation::type).containsExactly(Type.OMISSION);
  }

  @Test
  void recordedValuesBreakingChecksAndLimitsAreDeviations() {
    Template template = Procedures.template("""
        [procedure]
        id = "sop_values"
        name = "Values"

        [[procedure.steps]]
        id = "verify_temperature"
        type = "check"
        name = "Below 200?"
        variable = "temperature_ok"

        [[procedure.steps]]
        id = "record_baseline"
        type = "record"
        name = "Baseline"
          [[procedure.steps.fields]]
          variable = "temperature_f"
          label = "Temperature"
          type = "number"
          unit = "°F"
          max = 200
        """);
    List<Deviation> deviations = Run.of(template)
        .done("verify_temperature", Map.of("temperature_ok", false))
        .done("record_baseline", Map.of("temperature_f", "250.5")).completed();
    assertThat(deviations).containsExactly(
        new Deviation(Type.CHECK_FAILED, Optional.of("verify_temperature"), Optional.of(1),
            Optional.of(1), Optional.empty(),
            "check verify_temperature was answered temperature_ok = false (expected true)"),
        new Deviation(Type.OUT_OF_LIMITS, Optional.of("record_baseline"), Optional.of(2),
            Optional.of(2), Optional.empty(), "temperature_f was recorded as 250.5 °F at"
                + " record_baseline, above the maximum 200 °F"));
    assertThat(Run.of(template).done("verify_temperature", Map.of("temperature_ok", true))
        .done("record_baseline", Map.of("temperature_f", "too hot to read")).completed())
        .isEmpty();
  }

  @Test
  void anOverdueStepIsListedAfterItsMove() {
    List<Deviation> deviations = Run.of(ABC).done("step_a").overdue("step_b", "PT10M")
        .done("step_b", "step_c").completed();
    assertThat(deviations).containsExactly(new Deviation(Type.OVERDUE, Optional.of("step_b"),
        Optional.of(2), Optional.empty(), Optional.empty(),
        "step_b took longer than its timeout of 10m"));
  }

  @Test
  void ordinalsReadAsWords() {
    assertThat(List.of(1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)).map(Classifier::ordinal)
        .containsExactly("1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd",
            "101st", "111th");
  }

  /** A run's facts, written step by step. */
  private static final class Run {
    private final Template template;
    private final List<RunTrace.Entry> entries = new ArrayList<>();
    private final Set<String> reached = new HashSet<>();
    private final Set<String> passed = new HashSet<>();
    private final Map<String, RunTrace.Skip> skipped = new HashMap<>();
    private final List<RunTrace.Overdue> overdue = new ArrayList<>();

    private Run(Template template) {
      this.template = template;
    }

    static Run of(Template template) {
      return new Run(template);
    }

    Run done(String... steps) {
      for (String step : steps) {
        done(step, Map.of());
      }
      return this;
    }

    Run done(String step, Map<String, Object> values) {
      reached.add(step);
      entries.add(new RunTrace.Entry(step, false, values));
      return this;
    }

    Run reached(String step) {
      reached.add(step);
      return this;
    }

    Run extra(String action) {
      entries.add(new RunTrace.Entry(action, true, Map.of()));
      return this;
    }

    Run skipped(String step, String reason) {
      reached.add(step);
      passed.add(step);
      skipped.put(step, new RunTrace.Skip("skipped", Optional.of(reason)));
      return this;
    }

    Run overdue(String step, String timeout) {
      overdue.add(new RunTrace.Overdue(step, Optional.of(timeout)));
      return this;
    }

    List<Deviation> completed() {
      return classify(Optional.of(new RunTrace.End(true, Optional.empty(), Optional.empty())));
    }

    List<Deviation> abortedByTimeout(String timeout) {
      return classify(Optional.of(
          new RunTrace.End(false, Optional.of("timeout"), Optional.of(timeout))));
    }

    List<Deviation> active() {
      return classify(Optional.empty());
    }

    private List<Deviation> classify(Optional<RunTrace.End> end) {
      return Classifier.classify(template, new RunTrace(entries, reached, passed, skipped,
          overdue, end, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          false));
    }
  }
}
