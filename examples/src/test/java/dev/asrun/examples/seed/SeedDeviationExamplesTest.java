package dev.asrun.examples.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;

/**
 * The seed's four deviation examples (7.1) on procedure {@code seed_steps_abc} (steps A, B, C
 * within 30 minutes, then a sign-off), each worked once through observations and once through
 * Tasklist, come out of {@code GET /runs/{run_id}} classified as the seed says. Tasklist has no
 * form for an action the procedure lacks and no way to do a later step first: there the extra
 * action is reported by the executor as an observation, and the later step is started early by a
 * Cockpit modification, as an operator would.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:asrun-seed-deviations;DB_CLOSE_DELAY=-1",
      "asrun.examples.scenarios.runs=0",
      SeedApi.PROCEDURES_DIR
    })
class SeedDeviationExamplesTest {

  private static final String PROCEDURE = "seed_steps_abc";

  @Autowired private TestRestTemplate http;

  private SeedApi api;
  private String equipment;

  @BeforeEach
  void connect() {
    api = new SeedApi(http);
    equipment = SeedApi.freshEquipment();
  }

  /** A to C to B: one reordering of B, written 2nd and done 3rd. */
  private static void assertReordered(Map<String, Object> run) {
    assertThat(run)
        .containsEntry("status", "completed")
        .containsEntry("summary", "completed with deviations");
    assertThat(deviations(run))
        .singleElement()
        .satisfies(
            deviation ->
                assertThat(deviation)
                    .containsEntry("type", "reorder")
                    .containsEntry("step_id", "step_b")
                    .containsEntry("expected_position", 2)
                    .containsEntry("actual_position", 3)
                    .containsEntry("corrected", false));
  }

  /** A to C: B omitted, the run completed with B skipped. */
  private static void assertOmitted(Map<String, Object> run) {
    assertThat(run)
        .containsEntry("status", "completed")
        .containsEntry("summary", "completed, step_b skipped");
    assertThat(deviations(run))
        .singleElement()
        .satisfies(
            deviation ->
                assertThat(deviation)
                    .containsEntry("type", "omission")
                    .containsEntry("step_id", "step_b")
                    .containsEntry("expected_position", 2));
  }

  /** A to X to B: X an addition after A, the run completed with extra steps. */
  private static void assertExtraStep(Map<String, Object> run, String action) {
    assertThat(run)
        .containsEntry("status", "completed")
        .containsEntry("summary", "completed with extra steps");
    assertThat(deviations(run))
        .singleElement()
        .satisfies(
            deviation ->
                assertThat(deviation)
                    .containsEntry("type", "addition")
                    .containsEntry("step_id", action)
                    .containsEntry("actual_position", 2)
                    .containsEntry("previous_step_id", "step_a"));
  }

  /** A, then past the 30 minutes: aborted, timeout exceeded. */
  private static void assertTimedOut(Map<String, Object> run) {
    assertThat(run)
        .containsEntry("status", "aborted")
        .containsEntry("abort_reason", "timeout")
        .containsEntry("summary", "aborted, timeout exceeded");
    assertThat(deviations(run))
        .extracting(deviation -> deviation.get("type"))
        .containsExactly("timeout");
  }

  /** The steps and marks the run's confirmation prompt showed ({@code prompt_issued}). */
  @SuppressWarnings("unchecked")
  private List<String> promptedSteps(String run) {
    Map<String, Object> issued =
        api.events(run).stream()
            .filter(event -> "prompt_issued".equals(event.get("event_type")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no prompt_issued in run " + run));
    return ((List<Map<String, Object>>) ((Map<String, Object>) issued.get("payload")).get("steps"))
        .stream()
            .map(step -> step.get("step_id") + " " + step.get("mark"))
            .toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> deviations(Map<String, Object> run) {
    return (List<Map<String, Object>>) run.get("deviations");
  }

  @Nested
  class ThroughObservations {

    @Test
    void stepCSeenBeforeStepBIsAReordering() {
      String run = startedBy("step_a");
      observe("step_c");
      observe("step_b");
      observe("sign_off");

      assertReordered(api.run(run));
      assertThat(promptedSteps(run))
          .as("the confirmation lists B once, where it was done")
          .containsExactly(
              "step_a done", "step_c done", "step_b reordered", "sign_off done");
    }

    @Test
    void stepCSeenWithoutStepBIsAnOmission() {
      String run = startedBy("step_a");
      observe("step_c");
      observe("sign_off");

      assertOmitted(api.run(run));
    }

    @Test
    void anActionOfNoStepSeenBetweenAAndBIsAnAddition() {
      String run = startedBy("step_a");
      Map<String, Object> extra = observe("wipe_bench");
      assertThat(extra).containsEntry("extra_step_runs", List.of(run));
      observe("step_b");
      observe("step_c");
      observe("sign_off");

      assertExtraStep(api.run(run), "wipe_bench");
    }

    @Test
    void stepBSeenAfterTheTimeoutFindsTheRunAborted() {
      String run = startedBy("step_a");
      api.fireTimer(processInstanceOf(run), "asrun-timeout");
      Map<String, Object> late = observe("step_b");

      assertThat(late).containsEntry("unmatched", true);
      assertTimedOut(api.run(run));
    }

    @SuppressWarnings("unchecked")
    private String startedBy(String action) {
      List<String> started = (List<String>) observe(action).get("started_runs");
      assertThat(started).hasSize(1);
      return started.get(0);
    }

    private String processInstanceOf(String run) {
      return (String) api.run(run).get("process_instance_id");
    }

    private Map<String, Object> observe(String action) {
      return api.observe(action, "inference", equipment);
    }
  }

  @Nested
  class ThroughTasklist {

    @Test
    void stepCStartedEarlyByAnOperatorAndDoneBeforeStepBIsAReordering() {
      String instance = api.startForm(PROCEDURE, equipment);
      api.done(instance, "step_a");
      api.modify(instance, List.of(Map.of("type", "startBeforeActivity", "activityId", "step_c")));
      api.done(instance, "step_c");
      api.done(instance, "step_b");
      // step B leads on to step C, done already: the operator takes it out again
      api.modify(instance, List.of(Map.of("type", "cancel", "activityId", "step_c")));
      api.done(instance, "sign_off");

      assertReordered(api.run(api.runIdOf(PROCEDURE, instance)));
    }

    @Test
    void stepBMarkedSkippedIsAnOmission() {
      String instance = api.startForm(PROCEDURE, equipment);
      api.done(instance, "step_a");
      api.skip(instance, "step_b", "the probe was broken");
      api.done(instance, "step_c");
      api.done(instance, "sign_off");

      Map<String, Object> run = api.run(api.runIdOf(PROCEDURE, instance));
      assertOmitted(run);
      assertThat(deviations(run).get(0).get("detail").toString()).contains("the probe was broken");
    }

    @Test
    void anActionTheExecutorReportsBetweenAAndBIsAnAddition() {
      String instance = api.startForm(PROCEDURE, equipment);
      api.done(instance, "step_a");
      api.observe("wipe_bench", "executor", equipment);
      api.done(instance, "step_b");
      api.done(instance, "step_c");
      api.done(instance, "sign_off");

      assertExtraStep(api.run(api.runIdOf(PROCEDURE, instance)), "wipe_bench");
    }

    @Test
    void theTimeoutPassingAfterStepAAbortsTheRun() {
      String instance = api.startForm(PROCEDURE, equipment);
      api.done(instance, "step_a");
      api.fireTimer(instance, "asrun-timeout");

      assertThat(api.isOpen(instance, "step_b")).isFalse();
      assertTimedOut(api.run(api.runIdOf(PROCEDURE, instance)));
    }
  }
}
