package dev.asrun.index;

import static dev.asrun.index.Recorder.minute;

import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RunQuery;
import dev.asrun.query.RunStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The answer to every query of {@link AsRunQueries} over the {@link SampleHistory}, by query. */
public final class AllQueries {

  private AllQueries() {}

  public static Map<String, Object> answers(AsRunQueries queries) throws Exception {
    Map<String, Object> answers = new LinkedHashMap<>();
    for (String procedure : SampleHistory.procedures()) {
      answers.put("getRuns " + procedure, queries.getRuns(procedure));
      answers.put(
          "getRunsInRange all " + procedure,
          queries.getRunsInRange(procedure, minute(0), minute(1000)));
      answers.put(
          "getRunsInRange part " + procedure,
          queries.getRunsInRange(procedure, minute(60), minute(180)));
      answers.put("getFailedRuns " + procedure, queries.getFailedRuns(procedure));
      answers.put("averageDuration " + procedure, queries.averageDuration(procedure));
      answers.put("skippedStepsFrequency " + procedure, queries.skippedStepsFrequency(procedure));
      answers.put("executorSuccessRate " + procedure, queries.executorSuccessRate(procedure));
      answers.put("lifecycle " + procedure, queries.lifecycle(procedure));
    }
    for (String executor : SampleHistory.executors()) {
      answers.put("proceduresByExecutor " + executor, queries.proceduresByExecutor(executor));
    }
    for (String equipment : SampleHistory.equipment()) {
      answers.put("proceduresOnEquipment " + equipment, queries.proceduresOnEquipment(equipment));
    }
    for (String runId : SampleHistory.runIds()) {
      answers.put("fullEventLog " + runId, queries.fullEventLog(runId));
      answers.put("run " + runId, queries.run(runId));
      answers.put("runIdOfProcessInstance " + runId, queries.runIdOfProcessInstance("pi-" + runId));
      answers.put("children " + runId, queries.runs(RunQuery.all().withParentRunId(runId)));
    }
    for (String location : SampleHistory.locations()) {
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
            .withAllowedProcedureIds(Set.of(SampleHistory.SHUTDOWN, SampleHistory.PURGE))
            .withExecutorId("alice")
            .withStartedFrom(minute(0));
    answers.put("allowed", queries.runs(allowed));
    answers.put("count allowed", queries.count(allowed));
    answers.put("lifecycles", queries.lifecycles());
    return answers;
  }
}
