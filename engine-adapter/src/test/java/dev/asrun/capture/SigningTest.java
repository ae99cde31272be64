package dev.asrun.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asrun.contract.SignatureMeaning;
import dev.asrun.log.EventLog;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import dev.asrun.log.NewEvent;
import dev.asrun.log.RecordHash;
import dev.asrun.signature.RunSignatures;
import dev.asrun.signature.Signature;
import dev.asrun.signature.SignatureException;
import dev.asrun.signature.SignatureException.Kind;
import dev.asrun.signature.SignatureStatus;
import dev.asrun.signature.Signing;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signing runs on a real engine, on H2 and PostgreSQL: the password re-entered and checked by
 * Camunda's identity service, the procedure's policy (performed, then a QA review), every refusal,
 * and the signature's binding to the run's record and its nested run's.
 */
class SigningTest {

  @Nested
  class OnH2 extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.h2();
  }

  @Nested
  class OnPostgres extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.postgres();
  }

  abstract static class Scenarios extends CaptureTest {

    private static final String BATCH =
        """
        schema = "procedure/0.2"

        [procedure]
        id = "sig_batch"
        name = "Batch record"

        [procedure.signatures]
        required = ["performed", "reviewed"]
        groups = { reviewed = ["sigqa"] }

        [[procedure.steps]]
        id = "weigh"
        name = "Weigh"

        [[procedure.steps]]
        id = "calibrate"
        name = "Calibrate the balance"
        reference = "sig_zero"

        [[procedure.steps]]
        id = "label"
        name = "Label"
        """;

    private static final String ZERO =
        """
        [procedure]
        id = "sig_zero"
        name = "Zero the balance"

        [[procedure.steps]]
        id = "zero"
        name = "Zero"
        """;

    private static final String REVIEW_ONLY =
        """
        [procedure]
        id = "sig_review_only"
        name = "Review only"

        [procedure.signatures]
        required = ["reviewed", "approved"]

        [[procedure.steps]]
        id = "mix"
        name = "Mix"
        """;

    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String operator = "op" + tag;
    private final String reviewer = "qa" + tag;
    private final String outsider = "out" + tag;

    private void createUsers() {
      createUser(operator, "Olga", "Operator");
      createUser(reviewer, "Quinn", "Reviewer", "sigqa");
      createUser(outsider, "Otto", "Outsider", "sigfloor");
    }

    /** A batch worked to its end by the operator, its calibration a nested run; its run id. */
    private String endedBatch() {
      createUsers();
      deploy(BATCH, ZERO);
      as(operator);
      ProcessInstance run = start("sig_batch", null, "location", "lab_3");
      done(run, "weigh");
      ProcessInstance child =
          engine
              .getRuntimeService()
              .createProcessInstanceQuery()
              .superProcessInstanceId(run.getId())
              .singleResult();
      done(child, "zero");
      done(run, "label");
      return RunIds.of(run.getId());
    }

    private Signature sign(String user, String runId, String meaning) {
      as(user);
      return new Signing(engine).sign(runId, meaning, "pw-" + user, Optional.of("checked"));
    }

    private void refused(Kind kind, String user, String runId, String meaning) {
      assertThatThrownBy(() -> sign(user, runId, meaning))
          .isInstanceOfSatisfying(
              SignatureException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }

    private List<LoggedEvent> runStream(String runId) throws Exception {
      try (Connection connection = configuration().getDataSource().getConnection()) {
        return new EventLog().run(connection, runId);
      }
    }

    @Test
    void performedThenReviewedSignsTheRunBoundToTheHeadsOfItsAndItsNestedRunsStreams()
        throws Exception {
      String runId = endedBatch();
      List<LoggedEvent> before = runStream(runId);
      String childRun = RecordHash.nestedRuns(before).get(0);
      Map<String, String> heads = new LinkedHashMap<>();
      heads.put(NewEvent.runStream(runId), before.get(before.size() - 1).hash());
      List<LoggedEvent> child = runStream(childRun);
      heads.put(NewEvent.runStream(childRun), child.get(child.size() - 1).hash());

      Signature performed = sign(operator, runId, "performed");

      assertThat(performed.meaning()).isEqualTo(SignatureMeaning.PERFORMED);
      assertThat(performed.signerId()).isEqualTo(operator);
      assertThat(performed.signerName()).isEqualTo("Olga Operator");
      assertThat(performed.comment()).contains("checked");
      assertThat(performed.recordHash()).isEqualTo(RecordHash.of(heads));
      assertThat(new Signing(engine).of(runId).status())
          .isEqualTo(SignatureStatus.PARTIALLY_SIGNED);

      Signature reviewed = sign(reviewer, runId, "reviewed");

      RunSignatures signatures = new Signing(engine).of(runId);
      assertThat(signatures.status()).isEqualTo(SignatureStatus.SIGNED);
      assertThat(signatures.signatures()).containsExactly(performed, reviewed);
      assertThat(reviewed.recordHash()).isNotEqualTo(performed.recordHash());
      LoggedEvent applied = runStream(runId).get(runStream(runId).size() - 1);
      assertThat(applied.type()).isEqualTo(EventType.SIGNATURE_APPLIED);
      assertThat(applied.payloadMap())
          .containsEntry("signature_id", reviewed.signatureId())
          .containsEntry("meaning", "reviewed")
          .containsEntry("signer_id", reviewer)
          .containsEntry("signer_name", "Quinn Reviewer")
          .containsEntry("record_hash", reviewed.recordHash())
          .containsEntry("comment", "checked")
          .containsKey("signed_at");
    }

    @Test
    void aWrongPasswordSignsNothingAndCommitsOnlyTheRefusal() throws Exception {
      String runId = endedBatch();
      int before = runStream(runId).size();
      as(operator);

      assertThatThrownBy(
              () ->
                  new Signing(engine).sign(runId, "performed", "not-my-password", Optional.empty()))
          .isInstanceOfSatisfying(
              SignatureException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.WRONG_PASSWORD);
                assertThat(e.kind().rule()).contains("password");
              });

      List<LoggedEvent> after = runStream(runId);
      assertThat(after).hasSize(before + 1);
      LoggedEvent refusal = after.get(before);
      assertThat(refusal.type()).isEqualTo(EventType.SIGNATURE_REFUSED);
      assertThat(refusal.payloadMap())
          .containsEntry("signer_id", operator)
          .containsEntry("meaning", "performed")
          .containsEntry("reason", "password")
          .containsKey("refused_at");
      assertThat(new Signing(engine).of(runId).signatures()).isEmpty();
    }

    @Test
    void aWrongPasswordStartsCamundasLoginDelayDuringWhichEvenTheRightOneIsRefused() {
      String runId = endedBatch();
      Instant now = Instant.now();
      clockAt(now);
      as(operator);
      assertThatThrownBy(
              () -> new Signing(engine).sign(runId, "performed", "wrong", Optional.empty()))
          .isInstanceOf(SignatureException.class);

      refused(Kind.WRONG_PASSWORD, operator, runId, "performed");

      clockAt(now.plus(Duration.ofMinutes(5)));
      assertThat(sign(operator, runId, "performed").meaning())
          .isEqualTo(SignatureMeaning.PERFORMED);
    }

    @Test
    void theExecutorCannotReviewTheirOwnRun() {
      createUsers();
      deploy(REVIEW_ONLY);
      as(operator);
      ProcessInstance run = start("sig_review_only", null);
      done(run, "mix");
      String runId = RunIds.of(run.getId());

      refused(Kind.EXECUTOR_REVIEWING, operator, runId, "reviewed");
      assertThat(sign(outsider, runId, "reviewed").signerId()).isEqualTo(outsider);
    }

    @Test
    void aMeaningKeptToGroupsRefusesNonMembersEvenAfterThePerformedSignature() {
      String runId = endedBatch();
      sign(operator, runId, "performed");

      refused(Kind.NOT_IN_GROUP, outsider, runId, "reviewed");
      assertThat(new Signing(engine).of(runId).status())
          .isEqualTo(SignatureStatus.PARTIALLY_SIGNED);
    }

    @Test
    void meaningsAreSignedInThePolicysOrder() {
      String runId = endedBatch();

      refused(Kind.OUT_OF_ORDER, reviewer, runId, "reviewed");
      refused(Kind.OUT_OF_ORDER, reviewer, runId, "approved");
      refused(Kind.NOT_PERFORMER, reviewer, runId, "performed");
      assertThat(new Signing(engine).of(runId).status()).isEqualTo(SignatureStatus.UNSIGNED);
    }

    @Test
    void aRunThatHasNotEndedIsNotSigned() {
      createUsers();
      deploy(BATCH, ZERO);
      as(operator);
      ProcessInstance run = start("sig_batch", null);
      done(run, "weigh");

      refused(Kind.RUN_NOT_ENDED, operator, RunIds.of(run.getId()), "performed");
    }

    @Test
    void noPersonSignsOneRunTwiceAndAnExtraMeaningComesAfterTheRequiredOnes() {
      createUsers();
      deploy(REVIEW_ONLY);
      as(operator);
      ProcessInstance run = start("sig_review_only", null);
      done(run, "mix");
      String runId = RunIds.of(run.getId());

      refused(Kind.OUT_OF_ORDER, reviewer, runId, "verified");
      sign(reviewer, runId, "reviewed");
      refused(Kind.ALREADY_SIGNED, reviewer, runId, "approved");
      sign(outsider, runId, "approved");
      assertThat(new Signing(engine).of(runId).status()).isEqualTo(SignatureStatus.SIGNED);
      refused(Kind.OUT_OF_ORDER, outsider, runId, "approved");
    }

    @Test
    void signaturesSurviveAnEngineRestartOnTheSameDatabase() {
      String runId = endedBatch();
      Signature performed = sign(operator, runId, "performed");

      RunSignatures read = new Signing(TestEngines.secondNode(engine)).of(runId);

      assertThat(read.signatures()).containsExactly(performed);
      assertThat(read.status()).isEqualTo(SignatureStatus.PARTIALLY_SIGNED);
    }
  }
}
