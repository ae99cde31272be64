package dev.asrun.log;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An event to append. The log adds what only it can know: {@code event_id}, {@code seq}, the server
 * {@code timestamp}, the position in its stream and the hashes.
 *
 * @param source where the reality came from
 * @param type what happened
 * @param procedureId the procedure (BPMN process key), if the event concerns one
 * @param procedureVersion the deployed version, e.g. {@code "3"} or the version tag {@code
 *     "2025.06"} when there is one
 * @param runId the run, if the event belongs to one; events of a run form the run's stream
 * @param occurredAt the time the executor or sensor claims it happened, if given
 * @param payload the event's details; values must be JSON-serializable (strings, numbers, booleans,
 *     null, lists and maps of them)
 * @param reporterId who reported an event that belongs to no run and no procedure (an observation
 *     no run took), if anyone: such events of one reporter form the reporter's stream, so that
 *     reporters do not wait for each other's appends
 */
public record NewEvent(
    EventSource source,
    EventType type,
    Optional<String> procedureId,
    Optional<String> procedureVersion,
    Optional<String> runId,
    Optional<Instant> occurredAt,
    Map<String, Object> payload,
    Optional<String> reporterId) {

  public NewEvent {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(procedureId, "procedureId");
    Objects.requireNonNull(procedureVersion, "procedureVersion");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(reporterId, "reporterId");
    payload = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(payload));
  }

  /** An event reported by no one in particular. */
  public NewEvent(
      EventSource source,
      EventType type,
      Optional<String> procedureId,
      Optional<String> procedureVersion,
      Optional<String> runId,
      Optional<Instant> occurredAt,
      Map<String, Object> payload) {
    this(source, type, procedureId, procedureVersion, runId, occurredAt, payload, Optional.empty());
  }

  /**
   * The stream the event is chained into: its run's ({@code run:<run_id>}), else its procedure's
   * ({@code procedure:<id>}, for triggers), else its reporter's ({@code reporter:<id>}, for
   * observations no run took), else {@code engine}.
   */
  public String stream() {
    return runId
        .map(NewEvent::runStream)
        .or(() -> procedureId.map(p -> "procedure:" + p))
        .or(() -> reporterId.map(r -> "reporter:" + r))
        .orElse("engine");
  }

  /** The stream of the run {@code runId}'s events. */
  public static String runStream(String runId) {
    return "run:" + runId;
  }
}
