package dev.asrun.examples.security;

import static dev.asrun.examples.security.Reporters.RELEASE;
import static dev.asrun.examples.security.Reporters.fresh;
import static dev.asrun.examples.security.Reporters.observation;
import static dev.asrun.examples.security.Reporters.ownEventsOnly;
import static dev.asrun.examples.security.Reporters.powerOn;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Who may move a run, over HTTP: a logged-in user with no grant reports a step of an operator's
 * run, a later step of a release run, the action that starts a release, and a step already done;
 * each observation is recorded as the user's own (in the {@code engine} stream), moves nothing,
 * adds nothing to a run's record, and its answer says what was not allowed without naming runs or
 * procedures the user may not read. A user whose group holds the grants (as Camunda Admin gives
 * them, per procedure, or the example app's {@code sensors} group for all) causes all three.
 */
@SecuritySuite
class ObservationAuthorizationSecurityTest {

  private final Reporters reporters;

  ObservationAuthorizationSecurityTest(@Autowired ApplicationContext app) {
    reporters = new Reporters(app);
  }

  @Test
  void aUserWithNoGrantCannotCompleteAStepOfSomeoneElsesRun() {
    String equipment = fresh("reactor");
    String instance = reporters.startStartup(fresh("line"), equipment);
    String outsider = reporters.outsider();
    RecordState before = reporters.state();

    Map<String, Object> answer =
        reporters.observe(outsider, observation("power_on_reactor", null, equipment));

    assertNothingMovedBut(answer, before, "complete_task");
    assertThat(reporters.isOpen(instance, "power_on")).isTrue();
  }

  @Test
  void aUserWithNoGrantCannotStartARun() {
    String outsider = reporters.outsider();
    RecordState before = reporters.state();

    Map<String, Object> answer =
        reporters.observe(outsider, observation("release_tagged", fresh("pipeline"), null));

    assertNothingMovedBut(answer, before, "start_run");
    assertThat(answer).containsEntry("started_runs", List.of());
  }

  @Test
  void aUserWithNoGrantCannotMoveARunOn() {
    String pipeline = fresh("pipeline");
    Map<String, Object> triggered =
        reporters.observe(reporters.owner(), observation("release_tagged", pipeline, null));
    assertThat((List<?>) triggered.get("started_runs")).hasSize(1);
    String outsider = reporters.outsider();
    RecordState before = reporters.state();

    Map<String, Object> answer =
        reporters.observe(outsider, observation("canary_deployed", pipeline, null));

    assertNothingMovedBut(answer, before, "move_run");
  }

  @Test
  void aUserWithNoGrantCannotAddToTheRecordOfAStepAlreadyDone() {
    String equipment = fresh("reactor");
    String instance = reporters.startStartup(fresh("line"), equipment);
    Map<String, Object> done =
        reporters.observe(reporters.owner(), observation("power_on_reactor", null, equipment));
    assertThat(done).containsEntry("matched", List.of(powerOn(instance)));
    String outsider = reporters.outsider();
    RecordState before = reporters.state();

    Map<String, Object> answer =
        reporters.observe(outsider, observation("power_on_reactor", null, equipment));

    assertNothingMovedBut(answer, before, "record_step");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aUserWhoseGroupHoldsTheGrantsCompletesStartsAndMovesOn(boolean theAppsSensorsGroup) {
    String equipment = fresh("reactor");
    String instance = reporters.startStartup(fresh("line"), equipment);
    String pipeline = fresh("pipeline");
    String sensor = theAppsSensorsGroup ? reporters.sensor() : reporters.granted();

    Map<String, Object> completed =
        reporters.observe(sensor, observation("power_on_reactor", null, equipment));
    Map<String, Object> started =
        reporters.observe(sensor, observation("release_tagged", pipeline, null));
    Map<String, Object> movedOn =
        reporters.observe(sensor, observation("canary_deployed", pipeline, null));

    assertThat(completed)
        .containsEntry("not_allowed", List.of())
        .containsEntry("matched", List.of(powerOn(instance)));
    assertThat(reporters.isOpen(instance, "power_on")).isFalse();
    assertThat(started).containsEntry("not_allowed", List.of());
    List<?> releases = (List<?>) started.get("started_runs");
    assertThat(releases).hasSize(1);
    assertThat(movedOn)
        .containsEntry("not_allowed", List.of())
        .containsEntry(
            "matched",
            List.of(
                Map.of(
                    "run_id", releases.get(0), "procedure_id", RELEASE, "step_id",
                    "deploy_canary")));
  }

  /**
   * The observation moved nothing, was refused {@code cause} without naming a run, procedure or
   * step, and appended only its own receipt and its "unmatched" to the engine stream.
   */
  private void assertNothingMovedBut(Map<String, Object> answer, RecordState before, String cause) {
    assertThat(answer)
        .containsEntry("matched", List.of())
        .containsEntry("started_runs", List.of())
        .containsEntry("extra_step_runs", List.of())
        .containsEntry("not_allowed", List.of(Map.of("cause", cause)));
    String observationId = (String) answer.get("observation_id");
    assertThat(ownEventsOnly(reporters.state().changesSince(before), observationId))
        .containsExactly("observation_unmatched");
  }
}
