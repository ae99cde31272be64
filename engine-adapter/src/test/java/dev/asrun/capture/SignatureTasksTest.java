package dev.asrun.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asrun.contract.SignatureMeaning;
import dev.asrun.query.AsRunQueries;
import dev.asrun.signature.SignatureException;
import dev.asrun.signature.Signing;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Tasklist task of a run's next signature on a real engine, on H2 and PostgreSQL: offered when
 * the run ends to who may give the meaning, replaced by the next one when a signature is given,
 * gone when the run is signed; never a signature itself, never a run of its own. And what the rules
 * of signing let each user sign now ({@link Signing#mayGive}), which the run page offers.
 */
class SignatureTasksTest {

  @Nested
  class OnH2 extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.h2();
  }

  @Nested
  class OnPostgres extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.postgres();
  }

  abstract static class Scenarios extends CaptureTest {

    private static final String KEY = "asrun-signature";

    private static final String BATCH =
        """
        schema = "procedure/0.2"

        [procedure]
        id = "sigtask_batch"
        name = "Signed batch"

        [procedure.signatures]
        required = ["performed", "reviewed"]
        groups = { reviewed = ["sigtaskqa"] }

        [[procedure.steps]]
        id = "weigh"
        name = "Weigh"
        """;

    private static final String REVIEW_ONLY =
        """
        schema = "procedure/0.2"

        [procedure]
        id = "sigtask_review_only"
        name = "Review only"

        [procedure.signatures]
        required = ["reviewed"]

        [[procedure.steps]]
        id = "mix"
        name = "Mix"
        """;

    private static final String UNSIGNED =
        """
        [procedure]
        id = "sigtask_unsigned"
        name = "Needs no signature"

        [[procedure.steps]]
        id = "stir"
        name = "Stir"
        """;

    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String operator = "op" + tag;
    private final String reviewer = "qa" + tag;
    private final String outsider = "out" + tag;

    private void createUsers() {
      createUser(operator, "Olga", "Operator");
      createUser(reviewer, "Quinn", "Reviewer", "sigtaskqa");
      createUser(outsider, "Otto", "Outsider", "sigtaskfloor");
    }

    /** A run of {@code procedureId} worked to its end by the operator; its run id. */
    private String ended(String procedureId, String stepId) {
      as(operator);
      ProcessInstance run = start(procedureId, null, "location", "lab_3");
      done(run, stepId);
      engine.getIdentityService().clearAuthentication();
      return RunIds.of(run.getId());
    }

    private List<Task> signatureTasks(String runId) {
      return engine
          .getTaskService()
          .createTaskQuery()
          .processDefinitionKey(KEY)
          .processInstanceBusinessKey(runId)
          .list();
    }

    private Task onlyTask(String runId) {
      List<Task> tasks = signatureTasks(runId);
      assertThat(tasks).hasSize(1);
      return tasks.get(0);
    }

    private List<String> candidates(Task task, boolean groups) {
      return engine.getTaskService().getIdentityLinksForTask(task.getId()).stream()
          .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()))
          .map(groups ? IdentityLink::getGroupId : IdentityLink::getUserId)
          .filter(id -> id != null)
          .toList();
    }

    private void sign(String user, String runId, String meaning) {
      as(user);
      new Signing(engine).sign(runId, meaning, "pw-" + user, Optional.empty());
      engine.getIdentityService().clearAuthentication();
    }

    private List<SignatureMeaning> mayGive(String user, String runId) {
      as(user);
      try {
        return new Signing(engine).mayGive(runId);
      } finally {
        engine.getIdentityService().clearAuthentication();
      }
    }

    @Test
    void anEndedRunGetsATaskForEachNextSignatureOfferedToWhoMayGiveItUntilItIsSigned() {
      createUsers();
      deploy(BATCH);
      String runId = ended("sigtask_batch", "weigh");

      Task performed = onlyTask(runId);
      assertThat(performed.getName()).isEqualTo("Sign as performed: Signed batch (lab_3)");
      assertThat(candidates(performed, false)).containsExactly(operator);
      assertThat(candidates(performed, true)).isEmpty();
      String page = "/camunda/app/cockpit/" + engine.getName() + "/#/asrun/runs/" + runId;
      assertThat(engine.getTaskService().getVariables(performed.getId()))
          .containsEntry("asrun_run_id", runId)
          .containsEntry("asrun_meaning", "performed")
          .containsEntry("asrun_run_page", page);
      assertThat(performed.getDescription()).contains(page, "performed");

      sign(operator, runId, "performed");

      Task reviewed = onlyTask(runId);
      assertThat(reviewed.getId()).isNotEqualTo(performed.getId());
      assertThat(reviewed.getName()).startsWith("Sign as reviewed: ");
      assertThat(candidates(reviewed, true)).containsExactly("sigtaskqa");
      assertThat(
              engine
                  .getHistoryService()
                  .createHistoricTaskInstanceQuery()
                  .taskId(performed.getId())
                  .finished()
                  .count())
          .isEqualTo(1);

      sign(reviewer, runId, "reviewed");

      assertThat(signatureTasks(runId)).isEmpty();
    }

    @Test
    void theSignatureProcessHasNoRunOrRecordOfItsOwn() throws Exception {
      createUsers();
      deploy(BATCH);
      String runId = ended("sigtask_batch", "weigh");
      String instance = onlyTask(runId).getProcessInstanceId();

      AsRunQueries queries = AsRunQueries.of(configuration().getDataSource());
      assertThat(queries.runIdOfProcessInstance(instance)).isEmpty();
      assertThat(queries.runs(dev.asrun.query.RunQuery.all().withProcedureId(KEY))).isEmpty();
    }

    @Test
    void completingTheTaskByHandIsRefusedAndSignsNothing() {
      createUsers();
      deploy(BATCH);
      String runId = ended("sigtask_batch", "weigh");
      Task task = onlyTask(runId);

      as(operator);
      assertThatThrownBy(() -> engine.getTaskService().complete(task.getId()))
          .isInstanceOf(ProcessEngineException.class)
          .hasMessageContaining("completing the task signs nothing");

      assertThat(new Signing(engine).of(runId).signatures()).isEmpty();
      assertThat(onlyTask(runId).getId()).isEqualTo(task.getId());
    }

    @Test
    void aWrongPasswordLeavesTheTaskOpen() {
      createUsers();
      deploy(BATCH);
      String runId = ended("sigtask_batch", "weigh");
      Task task = onlyTask(runId);

      as(operator);
      assertThatThrownBy(
              () -> new Signing(engine).sign(runId, "performed", "wrong", Optional.empty()))
          .isInstanceOf(SignatureException.class);

      assertThat(onlyTask(runId).getId()).isEqualTo(task.getId());
    }

    @Test
    void theSignatureProcessCannotBeStartedByHand() {
      assertThatThrownBy(
              () ->
                  engine
                      .getRuntimeService()
                      .startProcessInstanceByKey(KEY, Map.of("asrun_run_id", "any")))
          .isInstanceOf(ProcessEngineException.class)
          .hasMessageContaining("cannot be started by hand");
    }

    @Test
    void aMeaningWithoutGroupsIsOfferedToTheCandidateGroupAndARunWithoutPolicyGetsNoTask() {
      createUsers();
      deploy(REVIEW_ONLY, UNSIGNED);
      String review = ended("sigtask_review_only", "mix");
      String unsigned = ended("sigtask_unsigned", "stir");

      assertThat(candidates(onlyTask(review), true)).containsExactly("operators");
      assertThat(signatureTasks(unsigned)).isEmpty();
    }

    @Test
    void whatEachUserMaySignNowFollowsTheRulesOfSigning() {
      createUsers();
      deploy(BATCH);
      as(operator);
      ProcessInstance open = start("sigtask_batch", null);
      assertThat(mayGive(operator, RunIds.of(open.getId()))).isEmpty();
      String runId = ended("sigtask_batch", "weigh");

      assertThat(mayGive(operator, runId)).containsExactly(SignatureMeaning.PERFORMED);
      assertThat(mayGive(reviewer, runId)).isEmpty();

      sign(operator, runId, "performed");

      assertThat(mayGive(operator, runId)).isEmpty();
      assertThat(mayGive(outsider, runId)).isEmpty();
      assertThat(mayGive(reviewer, runId)).containsExactly(SignatureMeaning.REVIEWED);

      sign(reviewer, runId, "reviewed");

      assertThat(mayGive(reviewer, runId)).isEmpty();
      assertThat(mayGive(outsider, runId))
          .containsExactly(SignatureMeaning.APPROVED, SignatureMeaning.VERIFIED);
    }
  }
}
