package dev.asrun.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.index.IndexDatabase;
import dev.asrun.index.OnBothDatabases;
import dev.asrun.index.Recorder;
import dev.asrun.index.Vendor;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Following the log from a position, limited to some procedures. */
class EventLogTailTest {

  @OnBothDatabases
  void followsOnlyTheEventsOfTheGivenProceduresWithoutEngineWideOnes(Vendor vendor)
      throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    recorder.run("a1", "sop_a", "1").triggered(0, "alice", null, null, null);
    recorder.run("b1", "sop_b", "1").triggered(1, "bob", null, null, null);
    recorder.record(
        2,
        new NewEvent(
            EventSource.ENGINE,
            EventType.INCIDENT,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of("type", "failedJob")));
    recorder.run("a2", "sop_a", "1").triggered(3, "alice", null, null, null);
    EventLog log = new EventLog();

    try (Connection connection = db.dataSource().getConnection()) {
      List<LoggedEvent> all = log.after(connection, 0, 10);
      List<LoggedEvent> onlyA = log.after(connection, 0, 10, Set.of("sop_a"));
      List<LoggedEvent> firstOfA = log.after(connection, 0, 1, Set.of("sop_a"));
      List<LoggedEvent> restOfA = log.after(connection, firstOfA.get(0).seq(), 10, Set.of("sop_a"));

      assertThat(all).hasSize(4);
      assertThat(onlyA).extracting(e -> e.runId().orElseThrow()).containsExactly("a1", "a2");
      assertThat(firstOfA).extracting(e -> e.runId().orElseThrow()).containsExactly("a1");
      assertThat(restOfA).extracting(e -> e.runId().orElseThrow()).containsExactly("a2");
      assertThat(log.after(connection, 0, 10, Set.of())).isEmpty();
    }
  }
}
