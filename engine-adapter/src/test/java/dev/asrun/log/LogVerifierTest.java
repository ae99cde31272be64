package dev.asrun.log;

import static dev.asrun.log.Events.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asrun.log.VerifyReport.Damage;
import dev.asrun.log.VerifyReport.Problem;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class LogVerifierTest {

  private static final String RUN = "run:run-1";

  private static TestDatabases databases;

  private TestDatabase db;
  private Tampering tampering;

  /** The six events of run-1, by position: {@code e.get(0)} is at stream_seq 1. */
  private List<LoggedEvent> e;

  @BeforeAll
  static void startDatabases() throws Exception {
    databases = TestDatabases.start();
  }

  @AfterAll
  static void stopDatabases() throws Exception {
    databases.close();
  }

  /** Run-1 with six events, run-2 with three, and the protection bypassed as the tables' owner. */
  private void tamperableLog(Vendor vendor) throws Exception {
    db = databases.create(vendor);
    EventLog log = new EventLog();
    db.inTransaction(
        c -> {
          for (int i = 1; i <= 6; i++) {
            log.append(c, step("run-1", "step_" + i));
            if (i <= 3) {
              log.append(c, step("run-2", "step_" + i));
            }
          }
          return null;
        });
    tampering = new Tampering(db);
    e = tampering.stream(RUN);
    db.bypassProtection();
  }

  private Problem onlyProblem() throws Exception {
    VerifyReport report = db.verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.problems()).hasSize(1);
    assertThat(report.streams()).isEqualTo(2);
    return report.problems().get(0);
  }

  private static void assertNames(Problem problem, LoggedEvent event, long position, Damage kind) {
    assertThat(problem.stream()).isEqualTo(RUN);
    assertThat(problem.kind()).isEqualTo(kind);
    assertThat(problem.eventId()).isEqualTo(event.eventId());
    assertThat(problem.seq()).isEqualTo(event.seq());
    assertThat(problem.streamSeq()).isEqualTo(position);
  }

  @OnBothDatabases
  void reportsAnUntouchedLogClean(Vendor vendor) throws Exception {
    tamperableLog(vendor);

    VerifyReport report = db.verify();

    assertThat(report.ok()).isTrue();
    assertThat(report.streams()).isEqualTo(2);
    assertThat(report.events()).isEqualTo(9);
    assertThat(report.toJson())
        .isEqualTo("{\"ok\":true,\"streams\":2,\"events\":9,\"problems\":[]}");
  }

  @OnBothDatabases
  void namesAnEventWhosePayloadWasEdited(Vendor vendor) throws Exception {
    tamperableLog(vendor);
    tampering.editPayload(e.get(2), Map.of("step", "step_3", "outcome", "skipped"));

    assertNames(onlyProblem(), e.get(2), 3, Damage.EDITED);
  }

  @OnBothDatabases
  void namesAnEditedEventEvenWhenItsHashWasRecomputed(Vendor vendor) throws Exception {
    tamperableLog(vendor);
    tampering.editPayloadAndRehash(e.get(2), Map.of("step", "step_3", "outcome", "skipped"));

    assertNames(onlyProblem(), e.get(2), 3, Damage.EDITED);
  }

  @OnBothDatabases
  void namesAnEditedLastEventWhoseHashWasRecomputedThroughTheStreamHead(Vendor vendor)
      throws Exception {
    tamperableLog(vendor);
    tampering.editPayloadAndRehash(e.get(5), Map.of("step", "step_6", "outcome", "skipped"));

    assertNames(onlyProblem(), e.get(5), 6, Damage.EDITED);
  }

  @OnBothDatabases
  void namesAnEventWhoseLinkWasChanged(Vendor vendor) throws Exception {
    tamperableLog(vendor);
    tampering.relink(e.get(2), "f".repeat(64));

    assertNames(onlyProblem(), e.get(2), 3, Damage.EDITED);
  }

  @OnBothDatabases
  void namesTheEventAfterADeletedOne(Vendor vendor) throws Exception {
    tamperableLog(vendor);
    tampering.delete(e.get(2));

    Problem problem = onlyProblem();

    assertNames(problem, e.get(3), 4, Damage.DELETED);
    assertThat(problem.detail()).isEqualTo("the event at position 3 is missing before this one");
  }

  @OnBothDatabases
  void namesTheEventAfterADeletedOneWhenTheLaterEventsWereMovedUp(Vendor vendor) throws Exception {
    tamperableLog(vendor);
    tampering.delete(e.get(2));
    tampering.shift(RUN, 4, -1);
    tampering.setHead(RUN, 5, e.get(5).hash());

    assertNames(onlyProblem(), e.get(3), 3, Damage.DELETED);
  }

  @OnBothDatabases
  void namesTheFirstEventWhenItWasDeletedAndTheOthersMovedUp(Vendor vendor) throws Exception {
    tamperableLog(vendor);
    tampering.delete(e.get(0));
    tampering.shift(RUN, 2, -1);

    assertNames(onlyProblem(), e.get(1), 1, Damage.DELETED);
  }

  @OnBothDatabases
  void namesAnEventInsertedIntoTheMiddleOfAStream(Vendor vendor) throws Exception {
    tamperableLog(vendor);
    tampering.shift(RUN, 4, 1);
    UUID forged = tampering.forge("run-1", 4, e.get(2).hash());
    tampering.setHead(RUN, 7, e.get(5).hash());

    Problem problem = onlyProblem();

    assertThat(problem.kind()).isEqualTo(Damage.INSERTED);
    assertThat(problem.eventId()).isEqualTo(forged);
    assertThat(problem.streamSeq()).isEqualTo(4);
  }

  @OnBothDatabases
  void namesAnEventInsertedAtTheStartOfAStream(Vendor vendor) throws Exception {
    tamperableLog(vendor);
    tampering.shift(RUN, 1, 1);
    UUID forged = tampering.forge("run-1", 1, Envelope.GENESIS);

    Problem problem = onlyProblem();

    assertThat(problem.kind()).isEqualTo(Damage.INSERTED);
    assertThat(problem.eventId()).isEqualTo(forged);
    assertThat(problem.streamSeq()).isEqualTo(1);
  }

  @OnBothDatabases
  void namesAnEventThatForksTheChain(Vendor vendor) throws Exception {
    tamperableLog(vendor);
    UUID forged = tampering.forge("run-1", 7, e.get(2).hash());

    Problem problem = onlyProblem();

    assertThat(problem.kind()).isEqualTo(Damage.INSERTED);
    assertThat(problem.eventId()).isEqualTo(forged);
    assertThat(problem.streamSeq()).isEqualTo(7);
  }

  @OnBothDatabases
  void namesAnEventAppendedWithoutTheLogBeyondTheStreamHead(Vendor vendor) throws Exception {
    tamperableLog(vendor);
    UUID forged = tampering.forge("run-1", 7, e.get(5).hash());

    Problem problem = onlyProblem();

    assertThat(problem.kind()).isEqualTo(Damage.INSERTED);
    assertThat(problem.eventId()).isEqualTo(forged);
    assertThat(problem.streamSeq()).isEqualTo(7);
  }

  @OnBothDatabases
  void namesTheIntruderOfTwoEventsAtOnePosition(Vendor vendor) throws Exception {
    tamperableLog(vendor);
    db.execute("ALTER TABLE asrun_event DROP CONSTRAINT asrun_event_position_uq");
    UUID forged = tampering.forge("run-1", 3, e.get(1).hash());

    Problem problem = onlyProblem();

    assertThat(problem.kind()).isEqualTo(Damage.INSERTED);
    assertThat(problem.eventId()).isEqualTo(forged);
    assertThat(problem.streamSeq()).isEqualTo(3);
  }

  @OnBothDatabases
  void namesTheFirstOfTwoSwappedEventsAsReordered(Vendor vendor) throws Exception {
    tamperableLog(vendor);
    tampering.swap(e.get(2), e.get(3));

    assertNames(onlyProblem(), e.get(3), 3, Damage.REORDERED);
  }

  @OnBothDatabases
  void namesAnEventMovedEarlierAsReordered(Vendor vendor) throws Exception {
    tamperableLog(vendor);
    tampering.swap(e.get(1), e.get(4));

    assertNames(onlyProblem(), e.get(4), 2, Damage.REORDERED);
  }

  @OnBothDatabases
  void namesTheFirstMissingPositionOfATruncatedStream(Vendor vendor) throws Exception {
    tamperableLog(vendor);
    tampering.delete(e.get(4), e.get(5));

    Problem problem = onlyProblem();

    assertThat(problem.kind()).isEqualTo(Damage.TRUNCATED);
    assertThat(problem.stream()).isEqualTo(RUN);
    assertThat(problem.streamSeq()).isEqualTo(5);
    assertThat(problem.seq()).isNull();
    assertThat(problem.eventId()).isNull();
    assertThat(problem.detail())
        .isEqualTo("the stream head records 6 events; the log holds only 4");
  }

  @OnBothDatabases
  void namesAStreamWhoseEventsAreAllGoneAsTruncated(Vendor vendor) throws Exception {
    tamperableLog(vendor);
    tampering.delete(e.toArray(LoggedEvent[]::new));

    Problem problem = onlyProblem();

    assertThat(problem.kind()).isEqualTo(Damage.TRUNCATED);
    assertThat(problem.streamSeq()).isEqualTo(1);
  }

  @OnBothDatabases
  void cannotSeeATruncationWhoseStreamHeadWasMovedBackWithoutACheckpoint(Vendor vendor)
      throws Exception {
    tamperableLog(vendor);
    tampering.delete(e.get(4), e.get(5));
    tampering.setHead(RUN, 4, e.get(3).hash());

    assertThat(db.verify().ok()).isTrue();
  }

  @OnBothDatabases
  void cannotSeeAStreamRecomputedFromAnEditWithoutACheckpoint(Vendor vendor) throws Exception {
    tamperableLog(vendor);
    tampering.editPayload(e.get(2), Map.of("step", "step_3", "outcome", "skipped"));
    tampering.rehashFrom(RUN, 3);

    assertThat(db.verify().ok()).isTrue();
  }

  @OnBothDatabases
  void reportsOnlyTheFirstProblemOfEachDamagedStream(Vendor vendor) throws Exception {
    tamperableLog(vendor);
    List<LoggedEvent> run2 = tampering.stream("run:run-2");
    tampering.editPayload(e.get(1), Map.of("step", "changed"));
    tampering.delete(e.get(4));
    tampering.swap(run2.get(0), run2.get(1));

    VerifyReport report = db.verify();

    assertThat(report.problems())
        .extracting(Problem::stream, Problem::streamSeq, Problem::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(RUN, 2L, Damage.EDITED),
            org.assertj.core.groups.Tuple.tuple("run:run-2", 1L, Damage.REORDERED));
    assertThat(report.events()).isEqualTo(8);
  }

  @OnBothDatabases
  void writesProblemsAsSnakeCaseJson(Vendor vendor) throws Exception {
    tamperableLog(vendor);
    tampering.editPayload(e.get(2), Map.of("step", "changed"));

    JsonNode json = new ObjectMapper().readTree(db.verify().toJson());

    assertThat(json.get("ok").asBoolean()).isFalse();
    assertThat(json.get("streams").asLong()).isEqualTo(2);
    assertThat(json.get("events").asLong()).isEqualTo(9);
    JsonNode problem = json.get("problems").get(0);
    assertThat(problem.properties())
        .extracting(Map.Entry::getKey)
        .containsExactly("stream", "seq", "stream_seq", "event_id", "kind", "detail");
    assertThat(problem.get("stream").asText()).isEqualTo(RUN);
    assertThat(problem.get("seq").asLong()).isEqualTo(e.get(2).seq());
    assertThat(problem.get("stream_seq").asLong()).isEqualTo(3);
    assertThat(problem.get("event_id").asText()).isEqualTo(e.get(2).eventId().toString());
    assertThat(problem.get("kind").asText()).isEqualTo("edited");
    assertThat(new ObjectMapper().readValue(db.verify().toJson(), VerifyReport.class))
        .isEqualTo(db.verify());
  }

  @OnBothDatabases
  void reportsAnEmptyLogClean(Vendor vendor) throws Exception {
    db = databases.create(vendor);

    assertThat(db.verify().toJson())
        .isEqualTo("{\"ok\":true,\"streams\":0,\"events\":0,\"problems\":[]}");
  }

  @OnBothDatabases
  void findsDamageWhileReadingALogLargerThanOneFetch(Vendor vendor) throws Exception {
    db = databases.create(vendor);
    EventLog log = new EventLog();
    db.inTransaction(
        c -> {
          for (int i = 0; i < 400; i++) {
            for (String run : List.of("big-1", "big-2", "big-3")) {
              log.append(c, step(run, "step_" + i));
            }
          }
          return null;
        });
    tampering = new Tampering(db);
    List<LoggedEvent> big1 = tampering.stream("run:big-1");
    List<LoggedEvent> big3 = tampering.stream("run:big-3");
    db.bypassProtection();
    tampering.editPayloadAndRehash(big1.get(99), Map.of("step", "changed"));
    tampering.swap(big3.get(250), big3.get(251));

    VerifyReport report = db.verify();

    assertThat(report.events()).isEqualTo(1200);
    assertThat(report.problems())
        .extracting(Problem::stream, Problem::eventId, Problem::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("run:big-1", big1.get(99).eventId(), Damage.EDITED),
            org.assertj.core.groups.Tuple.tuple(
                "run:big-3", big3.get(251).eventId(), Damage.REORDERED));
  }

  @OnBothDatabases
  void leavesAnAutocommitConnectionAsItFoundIt(Vendor vendor) throws Exception {
    tamperableLog(vendor);
    try (Connection c = db.dataSource().getConnection()) {
      VerifyReport report = new LogVerifier().verify(c);

      assertThat(report.ok()).isTrue();
      assertThat(c.getAutoCommit()).isTrue();
    }
  }

  @OnBothDatabases
  void verifiesOnlyTheStreamsItIsGiven(Vendor vendor) throws Exception {
    tamperableLog(vendor);
    tampering.editPayload(e.get(2), Map.of("step", "step_3", "outcome", "skipped"));

    VerifyReport other =
        db.inTransaction(c -> new LogVerifier().verifyStreams(c, List.of("run:run-2")));
    VerifyReport damaged =
        db.inTransaction(
            c -> new LogVerifier().verifyStreams(c, List.of(RUN, "run:run-2", "run:no-such")));

    assertThat(other.ok()).isTrue();
    assertThat(other.streams()).isEqualTo(1);
    assertThat(other.events()).isEqualTo(3);
    assertThat(damaged.streams()).isEqualTo(2);
    assertThat(damaged.events()).isEqualTo(9);
    assertThat(damaged.problems()).hasSize(1);
    assertNames(damaged.problems().get(0), e.get(2), 3, Damage.EDITED);
  }

  @OnBothDatabases
  void verifiesAStreamCutBackToItsHeadAsTruncated(Vendor vendor) throws Exception {
    tamperableLog(vendor);
    tampering.delete(tampering.stream("run:run-2").toArray(LoggedEvent[]::new));

    VerifyReport report =
        db.inTransaction(c -> new LogVerifier().verifyStreams(c, List.of("run:run-2")));

    assertThat(report.streams()).isEqualTo(1);
    assertThat(report.problems()).extracting(Problem::kind).containsExactly(Damage.TRUNCATED);
  }
}
