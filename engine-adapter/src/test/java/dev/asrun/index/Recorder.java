package dev.asrun.index;

import dev.asrun.log.EventLog;
import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import dev.asrun.log.NewEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records events as the capture layer does: each in a transaction of its own (one engine command),
 * appended to the log and applied to the index. The server clock is set by the test: times are
 * minutes after {@link #T0}.
 */
public final class Recorder {

  /** Minute 0 of every test. */
  public static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");

  private final IndexDatabase database;
  private final SettableClock clock = new SettableClock();
  private final EventLog log = new EventLog(clock);
  private final RunProjector projector = new RunProjector();
  private final List<LoggedEvent> recorded = new ArrayList<>();

  public Recorder(IndexDatabase database) {
    this.database = database;
  }

  /** The instant {@code minutes} after {@link #T0}. */
  public static Instant minute(double minutes) {
    return T0.plus(Duration.ofSeconds(Math.round(minutes * 60)));
  }

  /** Appends {@code event} at server time {@code minute} and applies it, in one transaction. */
  public LoggedEvent record(double minute, NewEvent event) throws Exception {
    clock.time = minute(minute);
    LoggedEvent logged =
        database.inTransaction(
            connection -> {
              LoggedEvent appended = log.append(connection, event);
              projector.apply(connection, appended);
              return appended;
            });
    recorded.add(logged);
    return logged;
  }

  /** Every event recorded so far, in order. */
  public List<LoggedEvent> recorded() {
    return List.copyOf(recorded);
  }

  /** A run of {@code procedureId} version {@code version}, to script. */
  public RunScript run(String runId, String procedureId, String version) {
    return new RunScript(this, runId, procedureId, version);
  }

  /** A new event of a run. */
  public static NewEvent event(
      EventSource source,
      EventType type,
      String procedureId,
      String version,
      String runId,
      Optional<Instant> occurredAt,
      Map<String, Object> payload) {
    return new NewEvent(
        source,
        type,
        Optional.of(procedureId),
        Optional.of(version),
        Optional.of(runId),
        occurredAt,
        payload);
  }

  private static final class SettableClock extends Clock {
    private Instant time = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the test clock is UTC");
    }

    @Override
    public Instant instant() {
      return time;
    }
  }
}
