package dev.asrun.query;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Which runs to list, and which page of them. Immutable: each {@code with...} method returns a new
 * query. Start from {@link #all()}; every filter given must hold (they are ANDed).
 *
 * <p>Runs are listed newest first: by start time (the trigger, see {@link RunSummary#startTime}),
 * latest first, ties by run id, descending. A time range selects runs by start time, {@code from}
 * inclusive, {@code to} exclusive.
 *
 * @param procedureId only runs of this procedure
 * @param status only runs in this status
 * @param from only runs started at or after this instant
 * @param to only runs started before this instant
 * @param executorId only runs of this executor (see {@link RunContext#executorId})
 * @param equipmentId only runs on this equipment
 * @param location only runs at this location
 * @param parentRunId only runs nested in this run
 * @param allowedProcedureIds if present, only runs of these procedures (authorization: the
 *     procedures the caller may read); an empty set selects nothing
 * @param firstResult how many matching runs to pass over (0 for the first page)
 * @param maxResults the most runs to return
 */
public record RunQuery(
    Optional<String> procedureId,
    Optional<RunStatus> status,
    Optional<Instant> from,
    Optional<Instant> to,
    Optional<String> executorId,
    Optional<String> equipmentId,
    Optional<String> location,
    Optional<String> parentRunId,
    Optional<Set<String>> allowedProcedureIds,
    int firstResult,
    int maxResults) {

  private static final RunQuery ALL =
      new RunQuery(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          0,
          Integer.MAX_VALUE);

  /**
   * @throws IllegalArgumentException if {@code firstResult} is negative, {@code maxResults} is not
   *     positive, or {@code from} is after {@code to}
   */
  public RunQuery {
    Objects.requireNonNull(procedureId, "procedureId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(executorId, "executorId");
    Objects.requireNonNull(equipmentId, "equipmentId");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(parentRunId, "parentRunId");
    Objects.requireNonNull(allowedProcedureIds, "allowedProcedureIds");
    allowedProcedureIds = allowedProcedureIds.map(Set::copyOf);
    if (firstResult < 0) {
      throw new IllegalArgumentException(
          "firstResult must be 0 or more (how many runs to pass over), got " + firstResult);
    }
    if (maxResults < 1) {
      throw new IllegalArgumentException(
          "maxResults must be at least 1 (the page size), got " + maxResults);
    }
    if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
      throw new IllegalArgumentException(
          "the time range ends (to = "
              + to.get()
              + ") before it starts (from = "
              + from.get()
              + ")");
    }
  }

  /** Every run, newest first, in one page. */
  public static RunQuery all() {
    return ALL;
  }

  public RunQuery withProcedureId(String procedureId) {
    return with(copy -> copy.procedureId = Optional.of(procedureId));
  }

  public RunQuery withStatus(RunStatus status) {
    return with(copy -> copy.status = Optional.of(status));
  }

  /** Runs started at or after {@code from} and before {@code to}. */
  public RunQuery withStartedBetween(Instant from, Instant to) {
    return with(
        copy -> {
          copy.from = Optional.of(from);
          copy.to = Optional.of(to);
        });
  }

  /** Runs started at or after {@code from}. */
  public RunQuery withStartedFrom(Instant from) {
    return with(copy -> copy.from = Optional.of(from));
  }

  /** Runs started before {@code to}. */
  public RunQuery withStartedBefore(Instant to) {
    return with(copy -> copy.to = Optional.of(to));
  }

  public RunQuery withExecutorId(String executorId) {
    return with(copy -> copy.executorId = Optional.of(executorId));
  }

  public RunQuery withEquipmentId(String equipmentId) {
    return with(copy -> copy.equipmentId = Optional.of(equipmentId));
  }

  public RunQuery withLocation(String location) {
    return with(copy -> copy.location = Optional.of(location));
  }

  public RunQuery withParentRunId(String parentRunId) {
    return with(copy -> copy.parentRunId = Optional.of(parentRunId));
  }

  /** Only runs of these procedures, e.g. those the caller is authorized to read. */
  public RunQuery withAllowedProcedureIds(Set<String> allowedProcedureIds) {
    return with(copy -> copy.allowedProcedureIds = Optional.of(allowedProcedureIds));
  }

  /** The page of at most {@code maxResults} runs after the first {@code firstResult}. */
  public RunQuery withPage(int firstResult, int maxResults) {
    return with(
        copy -> {
          copy.firstResult = firstResult;
          copy.maxResults = maxResults;
        });
  }

  /** This query with {@code change} made to a copy of its fields, checked as a new query. */
  private RunQuery with(Consumer<Fields> change) {
    Fields fields = new Fields(this);
    change.accept(fields);
    return fields.query();
  }

  /** A query's fields while one {@code with...} method changes them. */
  private static final class Fields {
    Optional<String> procedureId;
    Optional<RunStatus> status;
    Optional<Instant> from;
    Optional<Instant> to;
    Optional<String> executorId;
    Optional<String> equipmentId;
    Optional<String> location;
    Optional<String> parentRunId;
    Optional<Set<String>> allowedProcedureIds;
    int firstResult;
    int maxResults;

    Fields(RunQuery query) {
      procedureId = query.procedureId;
      status = query.status;
      from = query.from;
      to = query.to;
      executorId = query.executorId;
      equipmentId = query.equipmentId;
      location = query.location;
      parentRunId = query.parentRunId;
      allowedProcedureIds = query.allowedProcedureIds;
      firstResult = query.firstResult;
      maxResults = query.maxResults;
    }

    RunQuery query() {
      return new RunQuery(
          procedureId,
          status,
          from,
          to,
          executorId,
          equipmentId,
          location,
          parentRunId,
          allowedProcedureIds,
          firstResult,
          maxResults);
    }
  }
}
