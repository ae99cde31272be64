package dev.asrun.index;

import static dev.asrun.index.Recorder.minute;

import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RunQuery;
import dev.asrun.query.RunStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The answer to every query of {@link AsRunQueries}, by query, asked about the {@link
 * SampleHistory} or about the {@link Subjects} of another history.
 */
public final class AllQueries {

  private AllQueries() {}

  /**
   * What the queries ask about: a history's procedures, executors, equipment and locations (names
   * it never used included, for empty answers), its runs with their process instance ids, the whole
   * time range of its runs and a part of it. The first procedure is left out of the allowed
   * procedures of a query restricted by authorizations.
   */
  public record Subjects(
      List<String> procedures,
      List<String> executors,
      List<String> equipment,
      List<String> locations,
      Map<String, String> processInstanceIdsByRunId,
      Instant from,
      Instant partFrom,
      Instant partTo,
      Instant to) {}

  /** The subjects of the {@link SampleHistory}. */
  private static final Subjects SAMPLE =
      new Subjects(
          SampleHistory.procedures(),
          SampleHistory.executors(),
          SampleHistory.equipment(),
          SampleHistory.locations(),
          SampleHistory.runIds().stream()
              .collect(
                  Collectors.toMap(
                      Function.identity(),
                      runId -> "pi-" + runId,
                      (a, b) -> a,
                      LinkedHashMap::new)),
          minute(0),
          minute(60),
          minute(180),
          minute(1000));

  public static Map<String, Object> answers(AsRunQueries queries) throws Exception {
    return answers(queries, SAMPLE);
  }

  public static Map<String, Object> answers(AsRunQueries queries, Subjects subjects)
      throws Exception {
    Map<String, Object> answers = new LinkedHashMap<>();
    for (String procedure : subjects.procedures()) {
      answers.put("getRuns " + procedure, queries.getRuns(procedure));
      answers.put(
          "getRunsInRange all " + procedure,
          queries.getRunsInRange(procedure, subjects.from(), subjects.to()));
      answers.put(
          "getRunsInRange part " + procedure,
          queries.getRunsInRange(procedure, subjects.partFrom(), subjects.partTo()));
      answers.put("getFailedRuns " + procedure, queries.getFailedRuns(procedure));
      answers.put("averageDuration " + procedure, queries.averageDuration(procedure));
      answers.put("skippedStepsFrequency " + procedure, queries.skippedStepsFrequency(procedure));
      answers.put("executorSuccessRate " + procedure, queries.executorSuccessRate(procedure));
      answers.put("lifecycle " + procedure, queries.lifecycle(procedure));
    }
    for (String executor : subjects.executors()) {
      answers.put("proceduresByExecutor " + executor, queries.proceduresByExecutor(executor));
    }
    for (String equipment : subjects.equipment()) {
      answers.put("proceduresOnEquipment " + equipment, queries.proceduresOnEquipment(equipment));
    }
    for (Map.Entry<String, String> run : subjects.processInstanceIdsByRunId().entrySet()) {
      String runId = run.getKey();
      answers.put("fullEventLog " + runId, queries.fullEventLog(runId));
      answers.put("run " + runId, queries.run(runId));
      answers.put(
          "runIdOfProcessInstance " + runId, queries.runIdOfProcessInstance(run.getValue()));
      answers.put("children " + runId, queries.runs(RunQuery.all().withParentRunId(runId)));
    }
    for (String location : subjects.locations()) {
      answers.put("location " + location, queries.runs(RunQuery.all().withLocation(location)));
    }
    for (RunStatus status : RunStatus.values()) {
      answers.put("status " + status, queries.runs(RunQuery.all().withStatus(status)));
      answers.put("count status " + status, queries.count(RunQuery.all().withStatus(status)));
    }
    answers.put("all", queries.runs(RunQuery.all()));
    answers.put("count all", queries.count(RunQuery.all()));
    for (int first = 0; first < 12; first += 5) {
      answers.put("page " + first, queries.runs(RunQuery.all().withPage(first, 5)));
    }
    RunQuery allowed =
        RunQuery.all()
            .withAllowedProcedureIds(
                Set.copyOf(subjects.procedures().subList(1, subjects.procedures().size())))
            .withExecutorId(subjects.executors().get(0))
            .withStartedFrom(subjects.from());
    answers.put("allowed", queries.runs(allowed));
    answers.put("count allowed", queries.count(allowed));
    answers.put("lifecycles", queries.lifecycles());
    return answers;
  }
}
