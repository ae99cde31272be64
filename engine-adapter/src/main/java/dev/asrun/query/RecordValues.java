package dev.asrun.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asrun.log.LoggedEvent;
import java.util.Map;
import java.util.Optional;

/**
 * The record without its recorded values, for a reader who may read a run but not its values
 * ({@link ReadAuthorization#valuesReadable}). The recorded values are what executors wrote into the
 * engine's variables: the values a step recorded ({@code values} of {@code step_matched} and {@code
 * step_skipped}), the run's notes ({@code context.notes}), and the note given with the
 * confirmation ({@code note} of {@code prompt_response}, the run's {@code confirmation_note}). Ids,
 * times, steps, outcomes, reasons and deviations stay: they are the record's shape, not its values.
 */
public final class RecordValues {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RecordValues() {}

  /** The run without its notes. */
  public static RunSummary withoutValues(RunSummary run) {
    RunContext context = run.context();
    return new RunSummary(
        run.runId(),
        run.processInstanceId(),
        run.procedureId(),
        run.procedureVersion(),
        run.status(),
        run.abortReason(),
        run.startTime(),
        run.activatedAt(),
        run.endTime(),
        run.duration(),
        new RunContext(
            context.executorId(), context.location(), context.equipmentId(), Optional.empty()),
        run.executorConfirmation(),
        run.parentRunId(),
        run.deviationCount());
  }

  /** The run's record without its notes and its confirmation's note. */
  public static RunRecord withoutValues(RunRecord record) {
    return new RunRecord(
        withoutValues(record.run()),
        record.eventIds(),
        record.steps(),
        record.deviations(),
        record.corrections(),
        record.correctedProcedureId(),
        Optional.empty());
  }

  /**
   * The event's JSON form ({@link LoggedEvent#toJson()}) without the recorded values its payload
   * holds, marked {@code "values_hidden": true}; the event as it is when its payload holds none.
   * A payload without its values no longer matches the event's {@code hash}: only a reader who may
   * read the values can recompute it.
   */
  public static ObjectNode withoutValues(LoggedEvent event) {
    ObjectNode json = event.toJson();
    Map<String, Object> payload;
    try {
      payload = event.payloadMap();
    } catch (IllegalStateException notAnObject) {
      // only tampering stores a payload that is not one object: none of it can be told apart
      json.putNull("payload");
      json.put("values_hidden", true);
      return json;
    }
    boolean removed = remove(payload, "values") | remove(payload, "note");
    if (payload.get("context") instanceof Map<?, ?> context) {
      removed |= remove(context, "notes");
    }
    if (removed) {
      json.set("payload", JSON.valueToTree(payload));
      json.put("values_hidden", true);
    }
    return json;
  }

  /** Removes {@code key} from {@code map} where it holds a value; whether it did. */
  private static boolean remove(Map<?, ?> map, String key) {
    return map.get(key) != null && map.remove(key) != null;
  }
}
