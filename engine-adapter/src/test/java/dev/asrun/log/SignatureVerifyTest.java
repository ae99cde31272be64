package dev.asrun.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.log.VerifyReport.Damage;
import dev.asrun.log.VerifyReport.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@code verify} checks every signature against the chain: a run with a nested run, signed, then
 * changed under the signature by someone with full database access.
 */
class SignatureVerifyTest {

  private static final String RUN = "run:run-1";
  private static final String CHILD = "run:run-1-child";

  private static TestDatabases databases;

  private TestDatabase db;
  private Tampering tampering;
  private LoggedEvent signature;

  @BeforeAll
  static void startDatabases() throws Exception {
    databases = TestDatabases.start();
  }

  @AfterAll
  static void stopDatabases() throws Exception {
    databases.close();
  }

  /**
   * Run-1 (two steps, a nested run started between them) and the nested run's two steps, signed as
   * the signing command signs: bound to the hash of both streams' heads.
   */
  private void signedRun(Vendor vendor) throws Exception {
    db = databases.create(vendor);
    EventLog log = new EventLog();
    signature =
        db.inTransaction(
            c -> {
              log.append(c, Events.step("run-1", "prepare"));
              log.append(
                  c,
                  event(
                      "run-1",
                      EventType.SUBRUN_STARTED,
                      Map.of("step_id", "calibrate", "child_run_id", "run-1-child")));
              log.append(c, Events.step("run-1-child", "zero"));
              log.append(c, Events.step("run-1-child", "span"));
              LoggedEvent last = log.append(c, Events.step("run-1", "finish"));
              List<LoggedEvent> child = log.stream(c, CHILD);
              Map<String, String> heads = new LinkedHashMap<>();
              heads.put(RUN, last.hash());
              heads.put(CHILD, child.get(child.size() - 1).hash());
              return log.append(
                  c,
                  event(
                      "run-1",
                      EventType.SIGNATURE_APPLIED,
                      Map.of(
                          "signature_id", "sig-1",
                          "meaning", "reviewed",
                          "signer_id", "quinn",
                          "record_hash", RecordHash.of(heads))));
            });
    tampering = new Tampering(db);
    db.bypassProtection();
  }

  private static NewEvent event(String runId, EventType type, Map<String, Object> payload) {
    return new NewEvent(
        EventSource.EXECUTOR,
        type,
        Optional.of("reactor_startup"),
        Optional.of("3"),
        Optional.of(runId),
        Optional.empty(),
        payload);
  }

  private Problem brokenSignature(VerifyReport report) {
    assertThat(report.ok()).isFalse();
    return report.problems().stream()
        .filter(p -> p.kind() == Damage.SIGNATURE_BROKEN)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no broken signature in " + report.toJson()));
  }

  @OnBothDatabases
  void aSignatureBoundToItsRecordVerifiesAndEventsAfterItDoNotBreakIt(Vendor vendor)
      throws Exception {
    signedRun(vendor);
    EventLog log = new EventLog();
    db.inTransaction(
        c -> {
          log.append(c, Events.step("run-1", "late_note"));
          return log.append(c, Events.step("run-1-child", "late_note"));
        });

    assertThat(db.verify().problems()).isEmpty();
  }

  @OnBothDatabases
  void namesTheSignatureWhenAnEventOfItsRunUnderItIsEdited(Vendor vendor) throws Exception {
    signedRun(vendor);
    LoggedEvent first = tampering.stream(RUN).get(0);
    tampering.editPayloadAndRehash(first, Map.of("step", "prepare", "outcome", "skipped"));

    Problem problem = brokenSignature(db.verify());

    assertThat(problem.stream()).isEqualTo(RUN);
    assertThat(problem.eventId()).isEqualTo(signature.eventId());
    assertThat(problem.streamSeq()).isEqualTo(signature.streamSeq());
    assertThat(problem.detail())
        .contains("signature sig-1 (reviewed by quinn)")
        .contains("what it signed was changed");
  }

  @OnBothDatabases
  void namesTheSignatureWhenAnEventOfItsNestedRunIsEditedEvenWithTheChainRecomputed(Vendor vendor)
      throws Exception {
    signedRun(vendor);
    List<LoggedEvent> child = tampering.stream(CHILD);
    tampering.editPayloadAndRehash(child.get(1), Map.of("step", "span", "outcome", "skipped"));
    db.update(
        "UPDATE asrun_stream_head SET last_hash = (SELECT hash FROM asrun_event"
            + " WHERE seq = ?) WHERE stream = ?",
        child.get(1).seq(),
        CHILD);

    VerifyReport report = db.verify();

    assertThat(report.problems())
        .extracting(Problem::kind)
        .as("the nested run's own chain was recomputed to its head")
        .containsExactly(Damage.SIGNATURE_BROKEN);
    assertThat(brokenSignature(report).eventId()).isEqualTo(signature.eventId());
  }

  @OnBothDatabases
  void aRunsVerificationChecksItsSignaturesToo(Vendor vendor) throws Exception {
    signedRun(vendor);
    tampering.editPayloadAndRehash(
        tampering.stream(RUN).get(0), Map.of("step", "prepare", "outcome", "skipped"));

    VerifyReport report =
        db.inTransaction(c -> new LogVerifier().verifyStreams(c, List.of(RUN, CHILD)));

    assertThat(brokenSignature(report).eventId()).isEqualTo(signature.eventId());
  }
}
