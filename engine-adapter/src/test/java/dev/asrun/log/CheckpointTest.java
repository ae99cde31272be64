package dev.asrun.log;

import static dev.asrun.log.Events.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asrun.log.VerifyReport.Damage;
import dev.asrun.log.VerifyReport.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

  private static final String RUN = "run:run-1";

  private static TestDatabases databases;

  @TempDir Path files;

  private final EventLog log = new EventLog();

  @BeforeAll
  static void startDatabases() throws Exception {
    databases = TestDatabases.start();
  }

  @AfterAll
  static void stopDatabases() throws Exception {
    databases.close();
  }

  private void append(TestDatabase db, String runId, int events) throws Exception {
    db.inTransaction(
        c -> {
          for (int i = 0; i < events; i++) {
            log.append(c, step(runId, "step"));
          }
          return null;
        });
  }

  private static Checkpoint take(TestDatabase db) throws Exception {
    return db.inTransaction(Checkpoint::take);
  }

  @OnBothDatabases
  void recordsTheLastEventOfEveryStream(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    append(db, "run-1", 3);
    append(db, "run-2", 2);
    List<LoggedEvent> run1 = new Tampering(db).stream(RUN);
    List<LoggedEvent> run2 = new Tampering(db).stream("run:run-2");

    Checkpoint checkpoint = take(db);

    assertThat(checkpoint.heads())
        .containsExactly(
            new Checkpoint.Head(RUN, 3, run1.get(2).eventId(), run1.get(2).hash()),
            new Checkpoint.Head("run:run-2", 2, run2.get(1).eventId(), run2.get(1).hash()));
  }

  @OnBothDatabases
  void writesACheckpointFileThatReadsBackEqual(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    append(db, "run-1", 3);
    append(db, "run-2", 1);
    Checkpoint checkpoint = take(db);
    Path file = files.resolve("heads.json");

    checkpoint.write(file);

    assertThat(Checkpoint.read(file)).isEqualTo(checkpoint);
    assertThat(Files.readString(file)).contains("\"format\" : \"asrun-checkpoint-v1\"");
    assertThat(files.resolve("heads.json.partial")).doesNotExist();
  }

  @OnBothDatabases
  void acceptsEventsAppendedAfterTheCheckpoint(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    append(db, "run-1", 3);
    Checkpoint checkpoint = take(db);
    append(db, "run-1", 2);
    append(db, "run-2", 2);

    VerifyReport report = db.verify(checkpoint);

    assertThat(report.ok()).isTrue();
    assertThat(report.events()).isEqualTo(7);
  }

  @OnBothDatabases
  void detectsADatabaseRestoredFromABackupOlderThanTheCheckpoint(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    append(db, "run-1", 4);
    TestDatabase backup = databases.copyOf(db, files);
    append(db, "run-1", 2);
    append(db, "run-2", 1);
    Checkpoint checkpoint = take(db);
    checkpoint.write(files.resolve("heads.json"));

    VerifyReport plain = backup.verify();
    VerifyReport againstCheckpoint = backup.verify(Checkpoint.read(files.resolve("heads.json")));

    assertThat(plain.ok()).as("the backup is consistent in itself").isTrue();
    assertThat(againstCheckpoint.problems())
        .extracting(Problem::stream, Problem::streamSeq, Problem::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(RUN, 5L, Damage.TRUNCATED),
            org.assertj.core.groups.Tuple.tuple("run:run-2", 1L, Damage.TRUNCATED));
  }

  @OnBothDatabases
  void detectsATailCutWithItsStreamHeadMovedBack(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    append(db, "run-1", 6);
    Checkpoint checkpoint = take(db);
    Tampering tampering = new Tampering(db);
    List<LoggedEvent> e = tampering.stream(RUN);
    db.bypassProtection();
    tampering.delete(e.get(4), e.get(5));
    tampering.setHead(RUN, 4, e.get(3).hash());

    assertThat(db.verify().ok()).isTrue();
    Problem problem = db.verify(checkpoint).problems().get(0);

    assertThat(problem.kind()).isEqualTo(Damage.TRUNCATED);
    assertThat(problem.streamSeq()).isEqualTo(5);
    assertThat(problem.eventId()).isNull();
    assertThat(problem.detail()).contains("recorded 6 events; the log holds only 4");
  }

  @OnBothDatabases
  void detectsHistoryRecomputedFromAnEditBeforeTheCheckpoint(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    append(db, "run-1", 6);
    Checkpoint checkpoint = take(db);
    Tampering tampering = new Tampering(db);
    List<LoggedEvent> e = tampering.stream(RUN);
    db.bypassProtection();
    tampering.editPayload(e.get(2), Map.of("step", "changed"));
    tampering.rehashFrom(RUN, 3);

    assertThat(db.verify().ok()).isTrue();
    Problem problem = db.verify(checkpoint).problems().get(0);

    assertThat(problem.kind()).isEqualTo(Damage.EDITED);
    assertThat(problem.streamSeq()).isEqualTo(6);
    assertThat(problem.eventId()).isEqualTo(e.get(5).eventId());
  }

  @OnBothDatabases
  void detectsAStreamGoneFromTheDatabase(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    append(db, "run-1", 2);
    append(db, "run-2", 2);
    Checkpoint checkpoint = take(db);
    db.bypassProtection();
    db.update("DELETE FROM asrun_event WHERE stream = ?", "run:run-2");
    db.update("DELETE FROM asrun_stream_head WHERE stream = ?", "run:run-2");

    VerifyReport report = db.verify(checkpoint);

    assertThat(report.problems())
        .extracting(Problem::stream, Problem::streamSeq, Problem::kind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("run:run-2", 1L, Damage.TRUNCATED));
    assertThat(report.streams()).isEqualTo(2);
  }

  @Test
  void rejectsAFileThatIsNotACheckpointNamingWhere() throws Exception {
    String hash = "a".repeat(64);
    assertRejected("[]", "expected a JSON object with format, taken_at and heads");
    assertRejected(
        "{\"format\": \"other\"}", "format: expected \"asrun-checkpoint-v1\", got \"other\"");
    assertRejected(
        "{\"format\": \"asrun-checkpoint-v1\", \"taken_at\": \"yesterday\", \"heads\": []}",
        "taken_at: expected a UTC time like 2025-06-01T08:05:00.000000Z, got \"yesterday\"");
    assertRejected(
        "{\"format\": \"asrun-checkpoint-v1\", \"taken_at\": \"2025-06-01T08:05:00Z\"}",
        "heads: expected an array of stream heads");
    String prefix =
        "{\"format\": \"asrun-checkpoint-v1\", \"taken_at\": \"2025-06-01T08:05:00Z\", \"heads\":"
            + " [";
    assertRejected(
        prefix + "{\"stream\": \"run:a\", \"stream_seq\": 0, \"hash\": \"" + hash + "\"}]}",
        "heads[0].stream_seq: expected a whole number from 1, got 0");
    assertRejected(
        prefix + "{\"stream\": \"run:a\", \"stream_seq\": 2, \"hash\": \"ABC\"}]}",
        "heads[0].hash: expected 64 lower-case hex digits, got \"ABC\"");
    assertRejected(
        prefix
            + "{\"stream\": \"run:a\", \"stream_seq\": 2, \"event_id\": \"x\", \"hash\": \""
            + hash
            + "\"}]}",
        "heads[0].event_id: expected a UUID or null, got \"x\"");
    assertRejected(
        prefix
            + "{\"stream\": \"run:a\", \"stream_seq\": 2, \"hash\": \""
            + hash
            + "\"},"
            + "{\"stream\": \"run:a\", \"stream_seq\": 3, \"hash\": \""
            + hash
            + "\"}]}",
        "heads[1].stream: stream \"run:a\" appears twice");
    assertRejected("{\"format\": ", "not JSON");
  }

  private void assertRejected(String content, String message) throws Exception {
    Path file = Files.writeString(files.resolve("bad.json"), content);
    assertThatThrownBy(() -> Checkpoint.read(file))
        .isInstanceOf(Checkpoint.FormatException.class)
        .hasMessageStartingWith(file + ": ")
        .hasMessageContaining(message);
  }
}
