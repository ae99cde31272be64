package dev.asrun.examples.security;

import static dev.asrun.examples.Problems.assertProblem;
import static dev.asrun.examples.security.Reporters.OBJECT;
import static dev.asrun.examples.security.Reporters.STARTUP;
import static dev.asrun.examples.security.Reporters.fresh;
import static dev.asrun.examples.security.Reporters.observation;
import static dev.asrun.examples.security.Reporters.ownEventsOnly;
import static dev.asrun.examples.security.Reporters.powerOn;
import static dev.asrun.examples.security.Reporters.runIdOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.CompiledProcedure;
import dev.asrun.compiler.Diagnostic;
import dev.asrun.compiler.ProcedureCompiler;
import dev.asrun.compiler.Source;
import dev.asrun.spring.AsRunProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Which run an observation moves, over HTTP: only a run whose context shares something with it
 * and contradicts nothing, at most one per procedure; two runs that fit equally make it ambiguous
 * and move neither; {@code run_id} picks the run, and one the reporter may not read is refused
 * like one that does not exist; an observation that would move more runs than {@code
 * asrun.limits.runs-per-observation} is refused and records nothing. The reporter in each test
 * holds every grant an observation needs, so what stops it is the scope, not the authorization.
 */
@SecuritySuite
class ObservationScopeSecurityTest {

  @Autowired private RepositoryService repositoryService;
  @Autowired private AsRunProperties properties;

  private final Reporters reporters;

  ObservationScopeSecurityTest(@Autowired ApplicationContext app) {
    reporters = new Reporters(app);
  }

  @Test
  void anObservationOnEquipmentDoesNotMoveARunStartedWithoutEquipmentByAnotherExecutor() {
    String operator = reporters.operator();
    String instance = reporters.startStartup(operator, null, null);
    String sensor = reporters.granted();
    RecordState before = reporters.state();

    Map<String, Object> answer =
        reporters.observe(sensor, observation("power_on_reactor", null, fresh("reactor")));

    assertThat(answer).containsEntry("matched", List.of()).containsEntry("unmatched", true);
    assertThat(ownEventsOnly(reporters.state().changesSince(before), id(answer)))
        .containsExactly("observation_unmatched");
    assertThat(reporters.isOpen(instance, "power_on")).isTrue();

    Map<String, Object> byItsExecutor =
        reporters.observe(operator, observation("power_on_reactor", null, fresh("reactor")));

    assertThat(byItsExecutor).containsEntry("matched", List.of(powerOn(instance)));
  }

  @Test
  void anObservationWithNoContextMovesNoRunItDoesNotAgreeWith() {
    String onEquipment = reporters.startStartup(fresh("line"), fresh("reactor"));
    String placeless = reporters.startStartup(reporters.operator(), null, null);
    String sensor = reporters.granted();
    RecordState before = reporters.state();

    Map<String, Object> answer =
        reporters.observe(sensor, observation("power_on_reactor", null, null));

    assertThat(answer).containsEntry("matched", List.of()).containsEntry("unmatched", true);
    assertThat(ownEventsOnly(reporters.state().changesSince(before), id(answer)))
        .containsExactly("observation_unmatched");
    assertThat(reporters.isOpen(onEquipment, "power_on")).isTrue();
    assertThat(reporters.isOpen(placeless, "power_on")).isTrue();
  }

  @Test
  @SuppressWarnings("unchecked")
  void twoRunsThatFitEquallyMakeTheObservationAmbiguousAndMoveNeither() {
    String line = fresh("line");
    String equipment = fresh("reactor");
    String first = reporters.startStartup(line, equipment);
    String second = reporters.startStartup(line, equipment);
    String sensor = reporters.granted();
    String outsider = reporters.outsider();
    RecordState before = reporters.state();

    Map<String, Object> answer =
        reporters.observe(sensor, observation("power_on_reactor", line, equipment));

    assertThat(answer)
        .containsEntry("matched", List.of())
        .containsEntry("unmatched", false)
        .containsEntry(
            "ambiguous",
            List.of(
                Map.of(
                    "procedure_id", STARTUP, "run_ids", List.of(runIdOf(first), runIdOf(second)))));
    List<String> changes = reporters.state().changesSince(before);
    assertThat(ownEventsOnly(changes, id(answer)))
        .containsExactly("observation_received", "observation_ambiguous");
    assertThat(changes).anySatisfy(
        change -> assertThat(change).contains(runIdOf(first), runIdOf(second)));
    assertThat(reporters.isOpen(first, "power_on")).isTrue();
    assertThat(reporters.isOpen(second, "power_on")).isTrue();

    Map<String, Object> unnamed =
        reporters.observe(outsider, observation("power_on_reactor", line, equipment));

    assertThat((List<Map<String, Object>>) unnamed.get("ambiguous"))
        .singleElement()
        .isEqualTo(Map.of("run_ids", List.of()));
    assertThat(unnamed.toString()).doesNotContain(runIdOf(first), runIdOf(second), STARTUP);
  }

  @Test
  void aRunIdPicksThatRun() {
    String equipment = fresh("reactor");
    String first = reporters.startStartup(null, equipment);
    String second = reporters.startStartup(null, equipment);
    String sensor = reporters.granted();
    Map<String, Object> named = observation("power_on_reactor", null, equipment);
    named.put("run_id", runIdOf(second));

    Map<String, Object> answer = reporters.observe(sensor, named);

    assertThat(answer)
        .containsEntry("matched", List.of(powerOn(second)))
        .containsEntry("ambiguous", List.of());
    assertThat(reporters.isOpen(first, "power_on")).isTrue();
    assertThat(reporters.isOpen(second, "power_on")).isFalse();
  }

  @Test
  void aRunIdTheReporterMayNotReadIsRefusedLikeOneThatDoesNotExist() {
    String equipment = fresh("reactor");
    String instance = reporters.startStartup(null, equipment);
    String outsider = reporters.outsider();
    Map<String, Object> unreadable = observation("power_on_reactor", null, equipment);
    unreadable.put("run_id", runIdOf(instance));
    Map<String, Object> unknown = observation("power_on_reactor", null, equipment);
    unknown.put("run_id", UUID.randomUUID().toString());
    RecordState before = reporters.state();

    ResponseEntity<Map<String, Object>> refused = reporters.post(outsider, unreadable, OBJECT);
    ResponseEntity<Map<String, Object>> missing = reporters.post(outsider, unknown, OBJECT);
    ResponseEntity<Map<String, Object>> inBatch =
        reporters.post(
            outsider, List.of(observation("wipe", null, equipment), unreadable), OBJECT);

    assertProblem(refused, HttpStatus.BAD_REQUEST, "run_id");
    assertProblem(missing, HttpStatus.BAD_REQUEST, "run_id");
    assertProblem(inBatch, HttpStatus.BAD_REQUEST, "[1].run_id");
    assertThat(detail(refused).replace(runIdOf(instance), "ID"))
        .isEqualTo(detail(missing).replace((String) unknown.get("run_id"), "ID"));
    assertThat(reporters.state().changesSince(before)).isEmpty();
    assertThat(reporters.isOpen(instance, "power_on")).isTrue();
  }

  @Test
  void anObservationThatWouldMoveMoreRunsThanTheLimitIsRefusedAndRecordsNothing() {
    int limit = properties.getLimits().getRunsPerObservation();
    String action = fresh("limit");
    String deployment = deployWatched(action, limit + 1);
    try {
      RecordState before = reporters.state();

      ResponseEntity<Map<String, Object>> refused =
          reporters.post(reporters.sensor(), observation(action, fresh("line"), null), OBJECT);

      assertProblem(refused, HttpStatus.BAD_REQUEST, "action");
      assertThat(detail(refused))
          .contains((limit + 1) + " runs", "at most " + limit, "runs-per-observation");
      assertThat(reporters.state().changesSince(before)).isEmpty();
    } finally {
      repositoryService.deleteDeployment(deployment, true);
    }
  }

  /**
   * Deploys {@code count} procedures watched without a trigger whose first step is {@code
   * action}, as the example app deploys TOML: one observation of it starts a run of each.
   */
  private String deployWatched(String action, int count) {
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String toml =
          """
          [procedure]
          id = "%s_%d"
          name = "Limit %d"

          [[procedure.steps]]
          id = "first"
          name = "First"
          action = "%s"
          """
              .formatted(action, i, i, action);
      sources.add(new Source(action + "_" + i + ".toml", toml));
    }
    CompilationResult compiled = ProcedureCompiler.compile(sources);
    assertThat(compiled.diagnostics()).extracting(Diagnostic::format).isEmpty();
    DeploymentBuilder builder = repositoryService.createDeployment().name(action);
    for (CompiledProcedure procedure : compiled.procedures()) {
      builder.addString(procedure.resourceName(), procedure.bpmnXml());
    }
    return builder.deploy().getId();
  }

  private static String id(Map<String, Object> answer) {
    return (String) answer.get("observation_id");
  }

  private static String detail(ResponseEntity<Map<String, Object>> problem) {
    return (String) problem.getBody().get("detail");
  }
}
