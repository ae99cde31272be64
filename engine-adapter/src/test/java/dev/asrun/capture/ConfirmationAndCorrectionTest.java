package dev.asrun.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asrun.AsRunPlugin;
import dev.asrun.feedback.CorrectionRequest;
import dev.asrun.feedback.FeedbackException;
import dev.asrun.feedback.RunFeedback;
import dev.asrun.log.EventType;
import dev.asrun.log.LogVerifier;
import dev.asrun.log.LoggedEvent;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.Deviation;
import dev.asrun.query.RunRecord;
import dev.asrun.query.RunStep;
import dev.asrun.query.StepStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.form.FormField;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The executor's word on a real engine, on H2 and PostgreSQL: the confirmation task a run's end
 * opens in Tasklist, its answer, and corrections of the engine's interpretation.
 */
class ConfirmationAndCorrectionTest {

  @Nested
  class OnH2 extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.h2();
  }

  @Nested
  class OnPostgres extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.postgres();
  }

  abstract static class Scenarios extends CaptureTest {

    private static final String STARTUP =
        """
        [procedure]
        id = "sop_feedback_startup"
        name = "Startup"

        [[procedure.steps]]
        id = "power_on"
        name = "Power on <reactor> {{1+1}}"

        [[procedure.steps]]
        id = "verify_temperature"
        type = "check"
        name = "Temperature below 200°F?"
        variable = "temperature_ok"

        [[procedure.steps]]
        id = "record_baseline"
        name = "Record the baseline"
        """;

    private static final String SHUTDOWN =
        """
        [procedure]
        id = "sop_feedback_shutdown"
        name = "Shutdown"

        [[procedure.steps]]
        id = "stop_feed"
        name = "Stop the feed"
        """;

    /** A startup worked by alice with the temperature check skipped; its run id. */
    private String workedStartup() {
      deploy(STARTUP, SHUTDOWN);
      as("alice");
      ProcessInstance run =
          start("sop_feedback_startup", null, "location", "line_2", "equipment_id", "reactor_02");
      done(run, "power_on");
      skip(run, "verify_temperature", "sensor out for calibration");
      done(run, "record_baseline");
      return RunIds.of(run.getId());
    }

    private Task prompt(String runId) {
      return engine.getTaskService().createTaskQuery()
          .processDefinitionKey("asrun-confirmation")
          .processInstanceBusinessKey(runId)
          .singleResult();
    }

    @Test
    void endedRunGetsAConfirmationTaskForItsExecutorWithTheMarkedSteps() throws Exception {
      String runId = workedStartup();

      Task task = prompt(runId);

      assertThat(task).isNotNull();
      assertThat(task.getAssignee()).isEqualTo("alice");
      assertThat(task.getName()).isEqualTo("Confirm: Startup (reactor_02, line_2)");
      assertThat(task.getDescription())
          .isEqualTo(
              "Detected steps:\n✓ Power on <reactor> {{1+1}}\n"
                  + "✗ Temperature below 200°F? (skipped)\n✓ Record the baseline");
      List<FormField> fields =
          engine.getFormService().getTaskFormData(task.getId()).getFormFields();
      assertThat(fields)
          .extracting(FormField::getId)
          .containsExactly("asrun_steps", "asrun_response", "asrun_note");
      assertThat(fields.get(0).getValue().getValue())
          .isEqualTo(
              "✓ Power on <reactor> {{1+1}}; ✗ Temperature below 200°F? (skipped);"
                  + " ✓ Record the baseline");
      LoggedEvent issued = runEvents(runId).get(runEvents(runId).size() - 1);
      assertThat(issued.type()).isEqualTo(EventType.PROMPT_ISSUED);
      assertThat(issued.payloadMap())
          .containsEntry("task_id", task.getId())
          .containsEntry(
              "steps",
              List.of(
                  Map.of("step_id", "power_on", "mark", "done"),
                  Map.of("step_id", "verify_temperature", "mark", "skipped"),
                  Map.of("step_id", "record_baseline", "mark", "done")));
    }

    @Test
    void answeringThePromptIsTheRunsPromptResponseAndConfirmation() throws Exception {
      String runId = workedStartup();
      Task task = prompt(runId);
      as("alice");

      engine.getFormService().submitTaskForm(
          task.getId(),
          Map.of("asrun_response", "partially", "asrun_note", "the check was done by phone"));

      LoggedEvent response = runEvents(runId).get(runEvents(runId).size() - 1);
      assertThat(response.type()).isEqualTo(EventType.PROMPT_RESPONSE);
      assertThat(response.source().wireName()).isEqualTo("executor");
      assertThat(response.payloadMap())
          .containsEntry("response", "partially")
          .containsEntry("note", "the check was done by phone")
          .containsEntry("executor_id", "alice")
          .containsEntry("task_id", task.getId());
      RunRecord record = record(runId);
      assertThat(record.run().executorConfirmation()).contains("partially");
      assertThat(record.confirmationNote()).contains("the check was done by phone");
      assertThat(prompt(runId)).isNull();
    }

    /** The timer job of the hourly expiry of confirmation prompts. */
    private Job sweep() {
      Job sweep =
          engine
              .getManagementService()
              .createJobQuery()
              .processDefinitionKey("asrun-confirmation-expiry")
              .timers()
              .singleResult();
      assertThat(sweep).as("the expiry's timer").isNotNull();
      return sweep;
    }

    /** Fires the hourly expiry of confirmation prompts with the engine's clock at {@code at}. */
    private void sweepAt(Instant at) {
      Job sweep = sweep();
      clockAt(at);
      engine.getManagementService().executeJob(sweep.getId());
    }

    @Test
    void anUnansweredPromptEndsAfterItsDueDateAndTheRunCanStillBeConfirmed() throws Exception {
      String runId = workedStartup();
      Task task = prompt(runId);
      Instant due = task.getDueDate().toInstant();
      assertThat(Duration.between(task.getCreateTime().toInstant(), due))
          .isEqualTo(AsRunPlugin.DEFAULT_CONFIRMATION_EXPIRE_AFTER);
      int before = runEvents(runId).size();

      sweepAt(due.minusSeconds(60));

      assertThat(prompt(runId)).as("a prompt before its due date").isNotNull();
      assertThat(runEvents(runId)).hasSize(before);

      sweepAt(due.plusSeconds(60));

      assertThat(prompt(runId)).as("a prompt past its due date").isNull();
      LoggedEvent expired = runEvents(runId).get(runEvents(runId).size() - 1);
      assertThat(expired.type()).isEqualTo(EventType.PROMPT_EXPIRED);
      assertThat(expired.source().wireName()).isEqualTo("scheduler");
      assertThat(expired.payloadMap())
          .containsEntry("task_id", task.getId())
          .containsEntry("due_date", due.toString());
      assertThat(
              engine
                  .getHistoryService()
                  .createHistoricProcessInstanceQuery()
                  .processInstanceId(task.getProcessInstanceId())
                  .singleResult()
                  .getDeleteReason())
          .isEqualTo("not answered by " + due);
      assertThat(record(runId).run().executorConfirmation()).isEmpty();

      as("alice");
      RunRecord confirmed = new RunFeedback(engine).confirm(runId, "yes", Optional.empty());

      assertThat(confirmed.run().executorConfirmation()).contains("yes");
      LoggedEvent response = runEvents(runId).get(runEvents(runId).size() - 1);
      assertThat(response.type()).isEqualTo(EventType.PROMPT_RESPONSE);
      assertThat(response.payloadMap().get("task_id")).as("answered without a task").isNull();
    }

    @Test
    void anExpiryRacingAnAnswerEndsAsOneAfterTheOther() throws Exception {
      // the answer starts 0 to 28 ms after the sweep: early rounds answer first, late ones find
      // the prompt expired, and the rounds between race (both orders seen on H2 and PostgreSQL)
      for (int round = 0; round < 8; round++) {
        ClockUtil.reset();
        long answerLater = round * 4L;
        String runId = workedStartup();
        Instant due = prompt(runId).getDueDate().toInstant();
        Job sweep = sweep();
        clockAt(due.plusSeconds(60));
        RunFeedback feedback = new RunFeedback(engine);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
          Future<?> answer =
              clients.submit(
                  () -> {
                    as("alice");
                    go.await();
                    Thread.sleep(answerLater);
                    return feedback.confirm(runId, "yes", Optional.empty());
                  });
          Future<?> expiry =
              clients.submit(
                  () -> {
                    go.await();
                    try {
                      engine.getManagementService().executeJob(sweep.getId());
                    } catch (OptimisticLockingException conflict) {
                      // the job executor would run the job again: so does this client
                      engine.getManagementService().executeJob(sweep.getId());
                    }
                    return null;
                  });
          go.countDown();
          answer.get();
          expiry.get();
        } finally {
          clients.shutdownNow();
        }

        List<EventType> types = runEvents(runId).stream().map(LoggedEvent::type).toList();
        assertThat(types).as("round %d", round).containsOnlyOnce(EventType.PROMPT_RESPONSE);
        if (types.contains(EventType.PROMPT_EXPIRED)) {
          assertThat(types.indexOf(EventType.PROMPT_EXPIRED))
              .as("round %d: expired, then answered without the task", round)
              .isLessThan(types.indexOf(EventType.PROMPT_RESPONSE));
        }
        assertThat(prompt(runId)).as("round %d", round).isNull();
        assertThat(record(runId).run().executorConfirmation()).contains("yes");
      }
    }

    @Test
    void aPromptWithoutADueDateNeverEnds() throws Exception {
      String runId = workedStartup();
      Task task = prompt(runId);
      Instant due = task.getDueDate().toInstant();
      task.setDueDate(null);
      engine.getTaskService().saveTask(task);

      sweepAt(due.plus(Duration.ofDays(365)));

      assertThat(prompt(runId)).isNotNull();
      assertThat(runEvents(runId))
          .extracting(LoggedEvent::type)
          .doesNotContain(EventType.PROMPT_EXPIRED);
    }

    @Test
    void anAnswerThatIsNotYesNoOrPartiallyIsRefusedAndTheTaskStaysOpen() throws Exception {
      String runId = workedStartup();
      Task task = prompt(runId);
      int before = runEvents(runId).size();

      assertThatThrownBy(
              () ->
                  engine.getTaskService().complete(task.getId(), Map.of("asrun_response", "maybe")))
          .isInstanceOf(ProcessEngineException.class)
          .hasMessageContaining("'response' is 'maybe'; valid: yes, no, partially");

      assertThat(runEvents(runId)).hasSize(before);
      assertThat(prompt(runId)).isNotNull();
    }

    @Test
    void theConfirmationProcessCannotBeStartedByHand() {
      String runId = workedStartup();

      assertThatThrownBy(
              () ->
                  engine.getRuntimeService()
                      .startProcessInstanceByKey(
                          "asrun-confirmation", Map.of("asrun_run_id", runId)))
          .isInstanceOf(ProcessEngineException.class)
          .hasMessageContaining("cannot be started by hand");
    }

    @Test
    void confirmingFromJavaCompletesTheOpenPromptOnceAndRefusesASecondAnswer() throws Exception {
      String runId = workedStartup();
      RunFeedback feedback = new RunFeedback(engine);
      as("alice");

      RunRecord first = feedback.confirm(runId, "yes", Optional.empty());

      assertThat(first.run().executorConfirmation()).contains("yes");
      assertThatThrownBy(() -> feedback.confirm(runId, "no", Optional.of("I forgot the vent")))
          .isInstanceOfSatisfying(
              FeedbackException.class,
              e -> assertThat(e.kind()).isEqualTo(FeedbackException.Kind.ALREADY_CONFIRMED));
      List<LoggedEvent> responses =
          runEvents(runId).stream().filter(e -> e.type() == EventType.PROMPT_RESPONSE).toList();
      assertThat(responses).singleElement()
          .satisfies(response -> assertThat(response.payloadMap().get("task_id")).isNotNull());
      assertThat(prompt(runId)).isNull();
    }

    @Test
    void underAuthorizationOnlyTheExecutorOrAHolderOfUpdateHistoryCorrectsAndConfirms()
        throws Exception {
      String runId = workedStartup();
      engine.getIdentityService().clearAuthentication();
      AuthorizationService authorizations = engine.getAuthorizationService();
      Authorization bob = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      bob.setUserId("bob");
      bob.setResource(Resources.PROCESS_DEFINITION);
      bob.setResourceId("sop_feedback_startup");
      bob.addPermission(ProcessDefinitionPermissions.READ_HISTORY);
      authorizations.saveAuthorization(bob);
      CorrectionRequest notDone =
          new CorrectionRequest(
              "step_not_done", Optional.of("record_baseline"), Optional.empty(), "not done");
      RunFeedback feedback = new RunFeedback(engine);
      configuration().setAuthorizationEnabled(true);
      try {
        as("bob");
        int before = runEvents(runId).size();
        assertThatThrownBy(() -> feedback.correct(runId, notDone))
            .isInstanceOfSatisfying(
                FeedbackException.class,
                e -> assertThat(e.kind()).isEqualTo(FeedbackException.Kind.FORBIDDEN));
        assertThatThrownBy(() -> feedback.confirm(runId, "yes", Optional.empty()))
            .isInstanceOfSatisfying(
                FeedbackException.class,
                e -> assertThat(e.kind()).isEqualTo(FeedbackException.Kind.FORBIDDEN));
        assertThat(runEvents(runId)).hasSize(before);

        engine.getIdentityService().clearAuthentication();
        bob.addPermission(ProcessDefinitionPermissions.UPDATE_HISTORY);
        authorizations.saveAuthorization(bob);
        as("bob");
        assertThat(feedback.correct(runId, notDone).corrections()).hasSize(1);
        assertThat(feedback.confirm(runId, "partially", Optional.empty()).run()
                .executorConfirmation())
            .contains("partially");
        assertThat(prompt(runId)).isNull();
      } finally {
        configuration().setAuthorizationEnabled(false);
        engine.getIdentityService().clearAuthentication();
        authorizations.deleteAuthorization(bob.getId());
      }
    }

    @Test
    void aRunConfirmedBeforeItEndsGetsNoPrompt() throws Exception {
      deploy(STARTUP, SHUTDOWN);
      as("alice");
      ProcessInstance run =
          start("sop_feedback_startup", null, "location", "line_2", "equipment_id", "reactor_02");
      String runId = RunIds.of(run.getId());
      done(run, "power_on");

      new RunFeedback(engine).confirm(runId, "yes", Optional.empty());
      skip(run, "verify_temperature", "sensor out for calibration");
      done(run, "record_baseline");

      assertThat(prompt(runId)).isNull();
      assertThat(runEvents(runId))
          .extracting(LoggedEvent::type)
          .doesNotContain(EventType.PROMPT_ISSUED)
          .containsOnlyOnce(EventType.PROMPT_RESPONSE, EventType.PROC_COMPLETED);
    }

    @Test
    void confirmationsRacingEndAsOneAnswerAndOneRefusal() throws Exception {
      String runId = workedStartup();
      RunFeedback feedback = new RunFeedback(engine);
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService clients = Executors.newFixedThreadPool(2);
      try {
        List<Future<String>> outcomes = new ArrayList<>();
        for (String response : List.of("yes", "no")) {
          outcomes.add(
              clients.submit(
                  () -> {
                    as("alice");
                    go.await();
                    try {
                      return feedback.confirm(runId, response, Optional.empty()).run()
                          .executorConfirmation().orElseThrow();
                    } catch (FeedbackException e) {
                      return e.kind().name();
                    }
                  }));
        }
        go.countDown();
        List<String> answers = new ArrayList<>();
        for (Future<String> outcome : outcomes) {
          answers.add(outcome.get());
        }
        assertThat(answers).contains("ALREADY_CONFIRMED").hasSize(2);
        assertThat(answers).filteredOn(a -> !a.equals("ALREADY_CONFIRMED")).hasSize(1);
      } finally {
        clients.shutdownNow();
      }
      assertThat(runEvents(runId))
          .filteredOn(e -> e.type() == EventType.PROMPT_RESPONSE)
          .hasSize(1);
    }

    @Test
    void correctionChangesWhatTheRunShowsWithoutChangingAByteOfTheLogBeforeIt() throws Exception {
      String runId = workedStartup();
      List<List<String>> logBefore = logRows();
      RunFeedback feedback = new RunFeedback(engine);
      as("bob");

      RunRecord corrected =
          feedback.correct(
              runId,
              new CorrectionRequest(
                  "step_not_done",
                  Optional.of("power_on"),
                  Optional.empty(),
                  "the reactor was already on"));

      List<List<String>> logAfter = logRows();
      assertThat(logAfter.subList(0, logBefore.size())).isEqualTo(logBefore);
      assertThat(logAfter).hasSize(logBefore.size() + 1);
      try (Connection connection = configuration().getDataSource().getConnection()) {
        assertThat(new LogVerifier().verify(connection).ok()).isTrue();
      }
      assertThat(corrected.steps())
          .filteredOn(step -> step.stepId().equals("power_on"))
          .extracting(RunStep::status, RunStep::reason)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  StepStatus.SKIPPED, Optional.of("the reactor was already on")));
      assertThat(corrected.deviations())
          .extracting(Deviation::type, Deviation::stepId, Deviation::corrected)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "omission", Optional.of("verify_temperature"), false),
              org.assertj.core.groups.Tuple.tuple("omission", Optional.of("power_on"), false));
      assertThat(corrected.summary())
          .isEqualTo("completed, verify_temperature and power_on skipped");
      assertThat(corrected.corrections())
          .singleElement()
          .satisfies(
              correction -> {
                assertThat(correction.type()).isEqualTo("step_not_done");
                assertThat(correction.executorId()).contains("bob");
              });
      LoggedEvent event = runEvents(runId).get(runEvents(runId).size() - 1);
      assertThat(event.type()).isEqualTo(EventType.PROCEDURE_CORRECTION);
      assertThat(event.payloadMap())
          .containsEntry("correction_type", "step_not_done")
          .containsEntry("step_id", "power_on")
          .containsEntry("executor_id", "bob");
    }

    @Test
    void wrongProcedureNamesTheProcedureReallyCarriedOut() {
      String runId = workedStartup();

      RunRecord corrected =
          new RunFeedback(engine)
              .correct(
                  runId,
                  new CorrectionRequest(
                      "wrong_procedure",
                      Optional.empty(),
                      Optional.of("sop_feedback_shutdown"),
                      "alarm: we shut down instead"));

      assertThat(corrected.correctedProcedureId()).contains("sop_feedback_shutdown");
      assertThat(corrected.summary())
          .isEqualTo(
              "completed, verify_temperature skipped"
                  + " (the executor says it was sop_feedback_shutdown)");
    }

    @Test
    void refusedCorrectionsNameTheFieldAndAppendNothing() throws Exception {
      String runId = workedStartup();
      RunFeedback feedback = new RunFeedback(engine);
      int before = runEvents(runId).size();
      Map<CorrectionRequest, String> refused =
          Map.of(
              new CorrectionRequest("typo", Optional.of("power_on"), Optional.empty(), "r"),
              "correction_type",
              new CorrectionRequest(
                  "step_not_done", Optional.of("power_on"), Optional.empty(), " "),
              "reason",
              new CorrectionRequest("step_not_done", Optional.of("vent"), Optional.empty(), "r"),
              "step_id",
              new CorrectionRequest("step_not_done", Optional.empty(), Optional.empty(), "r"),
              "step_id",
              new CorrectionRequest(
                  "wrong_procedure", Optional.empty(), Optional.of("asrun-confirmation"), "r"),
              "actual_procedure_id",
              new CorrectionRequest(
                  "wrong_procedure", Optional.empty(), Optional.of("sop_nowhere"), "r"),
              "actual_procedure_id");

      refused.forEach(
          (request, field) ->
              assertThatThrownBy(() -> feedback.correct(runId, request))
                  .as("%s", request)
                  .isInstanceOfSatisfying(
                      FeedbackException.class,
                      e -> {
                        assertThat(e.kind()).isEqualTo(FeedbackException.Kind.BAD_FIELD);
                        assertThat(e.field()).contains(field);
                      }));
      assertThatThrownBy(() -> feedback.correct("no-such-run", refused.keySet().iterator().next()))
          .isInstanceOfSatisfying(
              FeedbackException.class,
              e -> assertThat(e.kind()).isEqualTo(FeedbackException.Kind.RUN_NOT_FOUND));

      assertThat(runEvents(runId)).hasSize(before);
    }

    private List<LoggedEvent> runEvents(String runId) throws Exception {
      try (Connection connection = configuration().getDataSource().getConnection()) {
        return AsRunQueries.of(connection).fullEventLog(runId);
      }
    }

    private RunRecord record(String runId) throws Exception {
      return AsRunQueries.of(configuration().getDataSource()).run(runId).orElseThrow();
    }

    /** Every row of the log, every column as text, in order. */
    private List<List<String>> logRows() throws Exception {
      try (Connection connection = configuration().getDataSource().getConnection();
          PreparedStatement select =
              connection.prepareStatement("SELECT * FROM asrun_event ORDER BY seq");
          ResultSet rows = select.executeQuery()) {
        ResultSetMetaData columns = rows.getMetaData();
        List<List<String>> all = new ArrayList<>();
        while (rows.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= columns.getColumnCount(); i++) {
            row.add(rows.getString(i));
          }
          all.add(row);
        }
        return all;
      }
    }
  }
}
