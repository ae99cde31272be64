package dev.asrun.cockpit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import dev.asrun.query.RunContext;
import dev.asrun.query.RunRecord;
import dev.asrun.query.RunStatus;
import dev.asrun.query.RunStep;
import dev.asrun.query.RunSummary;
import dev.asrun.query.StepStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunMarksTest {

  private static final List<TemplateStep> WRITTEN =
      List.of(
          new TemplateStep("power_on", "Power on", "action", 1),
          new TemplateStep("verify", "Verify", "check", 2),
          new TemplateStep("pump", "Start pump", "action", 3),
          new TemplateStep("record", "Record", "record", 4));

  private final List<LoggedEvent> events = new ArrayList<>();

  @Test
  void marksAStepDoneAfterALaterWrittenOneAsReorderedAtItsTracePosition() {
    matched("power_on");
    matched("pump");
    matched("verify");

    List<Mark> marks =
        marksOf(
            step("power_on", 1, StepStatus.DONE),
            step("pump", 1, StepStatus.DONE),
            step("verify", 1, StepStatus.DONE));

    assertThat(marks)
        .extracting(Mark::stepId, Mark::mark, Mark::position)
        .containsExactly(
            tuple("power_on", "done", null),
            tuple("verify", "done", null),
            tuple("pump", "done", null),
            tuple("record", "not-reached", null),
            tuple("verify", "reordered", 3));
    assertThat(marks.get(4).detail()).isEqualTo("verify was done after pump (written 2, done 3)");
  }

  @Test
  void takesReorderRepeatAndAdditionFromTheLatestDeviationDetectedEventOnly() {
    event(EventType.DEVIATION_DETECTED,
        "{\"deviations\":[{\"deviation_type\":\"reorder\",\"step_id\":\"record\",\"actual_position\":2}]}");
    event(EventType.DEVIATION_DETECTED,
        "{\"deviations\":[{\"deviation_type\":\"addition\",\"step_id\":\"<b>wipe</b>\","
            + "\"actual_position\":2,\"previous_step_id\":\"power_on\",\"detail\":\"extra\"},"
            + "{\"deviation_type\":\"repeat\",\"step_id\":\"power_on\",\"actual_position\":3},"
            + "{\"deviation_type\":\"omission\",\"step_id\":\"verify\",\"expected_position\":2}]}");

    List<Mark> marks = marksOf(step("power_on", 1, StepStatus.DONE));

    assertThat(marks)
        .extracting(Mark::stepId, Mark::mark, Mark::previousStepId)
        .contains(tuple("<b>wipe</b>", "extra", "power_on"), tuple("power_on", "repeated", null))
        .doesNotContain(tuple("record", "reordered", null));
    assertThat(marks).extracting(Mark::mark).doesNotContain("reordered");
  }

  @Test
  void marksSkippedWithTheSkipsReasonOverdueAndRepeatedFromTheAttempts() {
    RunStep cancelled = step("record", 1, StepStatus.CANCELLED, "cancelled by operator", false);
    RunStep skipped = step("record", 2, StepStatus.SKIPPED, "done on paper", false);
    RunStep late = step("pump", 1, StepStatus.DONE, null, true);
    RunStep again = step("pump", 2, StepStatus.DONE);
    RunStep abandoned = step("verify", 1, StepStatus.CANCELLED, "cancelled by operator", false);

    List<Mark> marks =
        marksOf(step("power_on", 1, StepStatus.DONE), cancelled, skipped, late, again, abandoned);

    assertThat(marks)
        .extracting(Mark::stepId, Mark::mark)
        .containsExactly(
            tuple("power_on", "done"),
            tuple("verify", "not-reached"),
            tuple("pump", "done"),
            tuple("pump", "overdue"),
            tuple("pump", "repeated"),
            tuple("record", "skipped"));
    assertThat(marks.get(5).detail()).isEqualTo("skipped: done on paper");
    assertThat(marks.get(1).detail()).isEqualTo("started, then cancelled before it was done");
  }

  @Test
  void marksAStepObservedAfterTheRunMovedOnPastItDoneNotSkipped() {
    RunStep passedOver =
        step("verify", 1, StepStatus.NOT_SEEN, "not seen: the run moved on to pump", false);
    RunStep seenLate = step("verify", 2, StepStatus.DONE);
    RunStep neverSeen =
        step("record", 1, StepStatus.NOT_SEEN, "not seen: the run moved on to next", false);

    List<Mark> marks =
        marksOf(
            step("power_on", 1, StepStatus.DONE),
            passedOver,
            step("pump", 1, StepStatus.DONE),
            seenLate,
            neverSeen);

    assertThat(marks)
        .extracting(Mark::stepId, Mark::mark)
        .containsExactly(
            tuple("power_on", "done"),
            tuple("verify", "done"),
            tuple("pump", "done"),
            tuple("record", "skipped"));
    assertThat(marks.get(3).detail()).isEqualTo("skipped: not seen: the run moved on to next");
  }

  @Test
  void marksAStepSkippedAndDoneLaterDoneNotSkippedSayingWhichCameFirst() {
    Instant start = Instant.parse("2026-12-06T08:00:00Z");
    RunStep skippedFirst = ended("power_on", 1, StepStatus.SKIPPED, "isolator stuck", start);
    RunStep doneLater = ended("power_on", 2, StepStatus.DONE, null, start.plusSeconds(60));
    RunStep doneFirst = ended("pump", 1, StepStatus.DONE, null, start.plusSeconds(120));
    RunStep skippedLater =
        ended("pump", 2, StepStatus.SKIPPED, "already running", start.plusSeconds(180));

    List<Mark> marks =
        marksOf(
            skippedFirst, step("verify", 1, StepStatus.DONE), doneLater, doneFirst, skippedLater);

    assertThat(marks)
        .extracting(Mark::stepId, Mark::mark, Mark::detail)
        .containsExactly(
            tuple("power_on", "done", "done after it was skipped (isolator stuck)"),
            tuple("verify", "done", "done"),
            tuple("pump", "done", "done, later skipped (already running)"),
            tuple("record", "not-reached", "not reached"));
  }

  private List<Mark> marksOf(RunStep... steps) {
    return RunMarks.of(record(steps), events, WRITTEN);
  }

  private void matched(String stepId) {
    event(EventType.STEP_MATCHED, "{\"step_id\":\"" + stepId + "\"}");
  }

  private void event(EventType type, String payload) {
    events.add(
        new LoggedEvent(
            UUID.randomUUID(), events.size() + 1, "run:r1", events.size() + 1, Instant.EPOCH,
            Optional.empty(), EventSource.ENGINE, type, Optional.of("p"), Optional.empty(),
            Optional.of("r1"), payload, "0".repeat(64), "0".repeat(64)));
  }

  private static RunStep step(String stepId, int attempt, StepStatus status) {
    return step(stepId, attempt, status, null, false);
  }

  private static RunStep step(
      String stepId, int attempt, StepStatus status, String reason, boolean overdue) {
    return new RunStep(stepId, attempt, Optional.empty(), Optional.empty(), status, overdue,
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.ofNullable(reason));
  }

  private static RunStep ended(
      String stepId, int attempt, StepStatus status, String reason, Instant endedAt) {
    return new RunStep(stepId, attempt, Optional.empty(), Optional.empty(), status, false,
        Optional.empty(), Optional.of(endedAt), Optional.empty(), Optional.empty(),
        Optional.ofNullable(reason));
  }

  private static RunRecord record(RunStep... steps) {
    RunSummary run =
        new RunSummary("r1", Optional.empty(), "p", Optional.empty(), RunStatus.COMPLETED,
            Optional.empty(), Instant.EPOCH, Optional.empty(), Optional.empty(), Optional.empty(),
            new RunContext(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
            Optional.empty(), Optional.empty(), 0);
    return new RunRecord(
        run, List.of(), List.of(steps), List.of(), List.of(), Optional.empty(), Optional.empty());
  }
}
