package dev.asrun.examples;

import static dev.asrun.examples.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import dev.asrun.cli.Main;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.w3c.dom.Document;
import picocli.CommandLine;

/**
 * Analytics, compliance queries, exports, the log's tail and the OpenAPI document of the running
 * app, over one daily start-up on its own location worked as {@code demo} (start_pump skipped),
 * with a "wipe" reported through {@code POST /observations} after power_on: an extra step, which
 * the deviation detector records as an addition; the redlines of that one run, and their patch of
 * the built-in source the app deployed beside the BPMN.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:asrun-analytics-api;DB_CLOSE_DELAY=-1",
      "asrun.examples.scenarios.runs=0"
    })
class AsRunAnalyticsApiTest {

  private static final String API = "/asrun/api/v1";
  private static final String LOCATION = "line_analytics";
  private static final String EQUIPMENT = "reactor_analytics";
  private static final ParameterizedTypeReference<Map<String, Object>> OBJECT =
      new ParameterizedTypeReference<>() {};

  private static String runId;

  @Autowired private TestRestTemplate http;
  @Autowired private IdentityService identityService;
  @Autowired private RuntimeService runtimeService;
  @Autowired private TaskService taskService;
  @Autowired private JdbcTemplate jdbc;

  @Autowired
  @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
  private RequestMappingHandlerMapping mappings;

  @BeforeEach
  void workOneDailyStartupWithAnExtraWipe() {
    if (runId != null) {
      return;
    }
    identityService.setAuthentication("demo", List.of("camunda-admin"));
    try {
      Map<String, Object> context = new HashMap<>();
      context.put("location", LOCATION);
      context.put("equipment_id", EQUIPMENT);
      String instance =
          runtimeService.startProcessInstanceByKey("sop_daily_startup", context).getId();
      runId =
          jdbc.queryForObject(
              "SELECT run_id FROM asrun_run WHERE process_instance_id = ?", String.class, instance);
      for (List<Task> open = tasks(instance); !open.isEmpty(); open = tasks(instance)) {
        Task task = open.get(0);
        Map<String, Object> answers = new HashMap<>();
        answers.put("asrun_outcome", "done");
        switch (task.getTaskDefinitionKey()) {
          case "verify_temperature" -> answers.put("temperature_ok", true);
          case "start_pump" -> {
            answers.put("asrun_outcome", "skipped");
            answers.put("asrun_skip_reason", "pump, \"P-101\" <out> for repair");
          }
          case "record_baseline" -> {
            answers.put("temperature_f", 182L);
            answers.put("flow_l_min", 45L);
          }
          default -> {}
        }
        taskService.complete(task.getId(), answers);
        if (task.getTaskDefinitionKey().equals("power_on")) {
          reportAWipe();
        }
      }
    } finally {
      identityService.clearAuthentication();
    }
  }

  /** A sensor's "wipe" on the run's equipment, while the run is at verify_temperature. */
  private void reportAWipe() {
    Map<String, Object> observation =
        Map.of(
            "action", "wipe",
            "timestamp", Instant.now().toString(),
            "source", "inference",
            "context", Map.of("location", LOCATION, "equipment_id", EQUIPMENT));
    ResponseEntity<Map<String, Object>> answer =
        asDemo()
            .exchange(
                API + "/observations", HttpMethod.POST, new HttpEntity<>(observation), OBJECT);
    assertThat(answer.getStatusCode()).as("%s", answer).isEqualTo(HttpStatus.OK);
    assertThat(answer.getBody()).containsEntry("extra_step_runs", List.of(runId));
  }

  @Test
  void givesTheProceduresAnalyticsOverItsRunsOfALocation() {
    Map<String, Object> analytics =
        object(
            asDemo(),
            API + "/procedures/sop_daily_startup/analytics?location=" + LOCATION,
            HttpStatus.OK);

    assertThat(analytics)
        .containsEntry("procedure_id", "sop_daily_startup")
        .containsEntry("run_count", 1)
        .containsEntry("from", null);
    assertThat((Map<String, Object>) analytics.get("runs_by_status"))
        .containsEntry("completed", 1)
        .containsEntry("aborted", 0);
    assertThat((Map<String, Object>) analytics.get("duration")).containsEntry("runs", 1);
    List<Map<String, Object>> steps = (List<Map<String, Object>>) analytics.get("steps");
    assertThat(steps)
        .extracting(step -> step.get("step_id"))
        .containsExactly("power_on", "record_baseline", "start_pump", "verify_temperature");
    assertThat(steps.get(0)).containsEntry("runs", 1).containsEntry("extra_after", 1);
    assertThat(steps.get(2)).containsEntry("skipped", 1).containsEntry("mean_duration_ms", null);
    assertThat((List<Map<String, Object>>) analytics.get("additions"))
        .containsExactly(
            Map.of("action", "wipe", "after_step_id", "power_on", "runs", 1, "occurrences", 1));
    assertThat((List<Map<String, Object>>) analytics.get("executors"))
        .containsExactly(
            Map.of("executor_id", "demo", "runs", 1, "successful", 0, "success_rate", 0.0));
  }

  @Test
  void givesTheProceduresTrendPerUtcMonthOverItsRunsOfALocation() {
    Map<String, Object> run = object(asDemo(), API + "/runs/" + runId, HttpStatus.OK);
    long standing =
        ((List<Map<String, Object>>) run.get("deviations"))
            .stream().filter(deviation -> !Boolean.TRUE.equals(deviation.get("corrected"))).count();
    String month =
        Instant.parse((String) run.get("start_time"))
            .atZone(ZoneOffset.UTC)
            .withDayOfMonth(1)
            .truncatedTo(ChronoUnit.DAYS)
            .toInstant()
            .toString();

    Map<String, Object> trend =
        object(
            asDemo(),
            API + "/procedures/sop_daily_startup/trend?bucket=month&location=" + LOCATION,
            HttpStatus.OK);

    assertThat(trend)
        .containsEntry("procedure_id", "sop_daily_startup")
        .containsEntry("bucket", "month")
        .containsEntry("time_zone", "UTC");
    assertThat((List<Map<String, Object>>) trend.get("buckets"))
        .containsExactly(
            Map.of(
                "start",
                month,
                "runs",
                1,
                "completed",
                1,
                "aborted",
                0,
                "p50_ms",
                run.get("duration_ms"),
                "p90_ms",
                run.get("duration_ms"),
                "deviations",
                (int) standing));
    assertThat(
            object(
                asDemo(),
                API + "/procedures/sop_daily_startup/trend?location=nowhere_" + LOCATION,
                HttpStatus.OK))
        .containsEntry("bucket", "day")
        .containsEntry("buckets", List.of());
  }

  @Test
  void givesEachDoneStepsDurationDistributionOverTheRunsOfALocation() {
    Map<String, Object> durations =
        object(
            asDemo(),
            API + "/procedures/sop_daily_startup/step-durations?location=" + LOCATION,
            HttpStatus.OK);

    List<Map<String, Object>> steps = (List<Map<String, Object>>) durations.get("steps");
    assertThat(steps)
        .extracting(step -> step.get("step_id"))
        .containsExactly("power_on", "record_baseline", "verify_temperature");
    assertThat(steps)
        .allSatisfy(
            step -> {
              assertThat(step).containsEntry("attempts", 1);
              assertThat(step.get("p50_ms"))
                  .isEqualTo(step.get("min_ms"))
                  .isEqualTo(step.get("max_ms"));
            });
  }

  @Test
  void refusesAnUnknownTrendBucketNamingTheValidOnes() {
    long events = jdbc.queryForObject("SELECT COUNT(*) FROM asrun_event", Long.class);

    assertProblem(
        asDemo()
            .exchange(
                API + "/procedures/sop_daily_startup/trend?bucket=year",
                HttpMethod.GET,
                null,
                OBJECT),
        HttpStatus.BAD_REQUEST,
        "'bucket': unknown bucket 'year'; valid: day, week, month");
    assertProblem(
        asDemo()
            .exchange(
                API + "/procedures/sop_daily_startup/trend?bucket=day&bucket=week",
                HttpMethod.GET,
                null,
                OBJECT),
        HttpStatus.BAD_REQUEST,
        "day, week, month");
    assertProblem(
        asDemo()
            .exchange(
                API + "/procedures/sop_daily_startup/step-durations?bucket=day",
                HttpMethod.GET,
                null,
                OBJECT),
        HttpStatus.BAD_REQUEST,
        "'bucket'");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM asrun_event", Long.class))
        .isEqualTo(events);
  }

  @Test
  void hidesTheAnalyticsOfAProcedureTheCallerMayNotRead() {
    TestRestTemplate outsider = asNewUser("outsider", null);
    TestRestTemplate operator = asNewUser("operator", OperatorsGroup.ID);

    assertProblem(
        outsider.exchange(
            API + "/procedures/sop_daily_startup/analytics", HttpMethod.GET, null, OBJECT),
        HttpStatus.NOT_FOUND,
        "sop_daily_startup");
    assertThat(
            object(
                operator,
                API + "/procedures/sop_daily_startup/analytics?location=" + LOCATION,
                HttpStatus.OK))
        .containsEntry("run_count", 1);
  }

  @Test
  void refusesBadParametersNamingThemAndAppendsNothing() {
    long events = jdbc.queryForObject("SELECT COUNT(*) FROM asrun_event", Long.class);
    Map<String, String> bad =
        Map.of(
            "/procedures/sop_daily_startup/analytics?status=completed", "'status'",
            "/procedures/sop_daily_startup/analytics?from=monday", "'from'",
            "/procedures/sop_daily_startup/runs.pdf", "runs.pdf",
            "/procedures/sop_daily_startup/runs.csv?max=3", "'max'",
            "/procedures/sop_daily_startup/runs-missing-step", "'step_id'",
            "/executors/demo/runs?executor_id=demo", "'executor_id'",
            "/events?limit=0", "'limit'",
            "/events?after=-1", "'after'",
            "/events?limit=1001", "'limit'",
            "/events?since=3", "'since'");

    bad.forEach(
        (path, parameter) ->
            assertProblem(
                asDemo().exchange(API + path, HttpMethod.GET, null, OBJECT),
                HttpStatus.BAD_REQUEST,
                parameter));
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM asrun_event", Long.class))
        .isEqualTo(events);
  }

  @Test
  void answersTheComplianceQueries() {
    String byExecutor = API + "/executors/demo/runs?location=" + LOCATION;
    String onEquipment = API + "/equipment/" + EQUIPMENT + "/runs?status=completed";
    String missing =
        API
            + "/procedures/sop_daily_startup/runs-missing-step?step_id=start_pump&location="
            + LOCATION;
    String notMissing =
        API + "/procedures/sop_daily_startup/runs-missing-step?step_id=power_on&location=" + LOCATION;

    assertThat(runIds(object(asDemo(), byExecutor, HttpStatus.OK))).containsExactly(runId);
    assertThat(runIds(object(asDemo(), onEquipment, HttpStatus.OK))).containsExactly(runId);
    assertThat(runIds(object(asDemo(), missing, HttpStatus.OK))).containsExactly(runId);
    assertThat(runIds(object(asDemo(), notMissing, HttpStatus.OK))).isEmpty();
    assertThat(runIds(object(asNewUser("outsider", null), byExecutor, HttpStatus.OK))).isEmpty();
  }

  @Test
  void exportsTheRunsAsCsvJsonLinesAndXes() throws Exception {
    String path = API + "/procedures/sop_daily_startup/runs.%s?location=" + LOCATION;

    ResponseEntity<String> csv = asDemo().getForEntity(path.formatted("csv"), String.class);
    ResponseEntity<String> jsonl = asDemo().getForEntity(path.formatted("jsonl"), String.class);
    ResponseEntity<String> xes = asDemo().getForEntity(path.formatted("xes"), String.class);
    ResponseEntity<String> hidden =
        asNewUser("outsider", null).getForEntity(path.formatted("csv"), String.class);

    assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(csv.getHeaders().getContentType().toString()).isEqualTo("text/csv;charset=UTF-8");
    assertThat(csv.getHeaders().getContentDisposition().getFilename())
        .isEqualTo("sop_daily_startup-runs.csv");
    List<String> rows = List.of(csv.getBody().split("\r\n"));
    assertThat(rows.get(0)).startsWith("run_id,procedure_id,procedure_version,run_status");
    assertThat(rows.subList(1, rows.size())).allSatisfy(row -> assertThat(row).startsWith(runId));
    assertThat(csv.getBody()).contains(",\"pump, \"\"P-101\"\" <out> for repair\"\r\n");
    assertThat(jsonl.getHeaders().getContentType().toString())
        .isEqualTo("application/jsonl;charset=UTF-8");
    assertThat(jsonl.getBody().lines()).singleElement().asString().contains(runId);
    Document log = xml(xes.getBody());
    XPath xpath = XPathFactory.newInstance().newXPath();
    assertThat(xpath.evaluate("/*[local-name()='log']/*[local-name()='trace']/*[@key='concept:name']/@value", log))
        .isEqualTo(runId);
    assertThat(
            xpath.evaluate(
                "count(//*[local-name()='event'][*[@key='lifecycle:transition' and"
                    + " @value='manualskip']])",
                log))
        .isEqualTo("1");
    assertThat(hidden.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void tailsTheLogPageByPageOnlyForProceduresTheCallerMayRead() {
    Map<String, Object> first = object(asDemo(), API + "/events?after=0&limit=2", HttpStatus.OK);
    List<Map<String, Object>> firstEvents = (List<Map<String, Object>>) first.get("events");
    long next = ((Number) first.get("next_after")).longValue();
    Map<String, Object> second =
        object(asDemo(), API + "/events?limit=2&after=" + next, HttpStatus.OK);
    Map<String, Object> outsider =
        object(asNewUser("outsider", null), API + "/events", HttpStatus.OK);

    assertThat(firstEvents).hasSize(2);
    assertThat(first).containsEntry("after", 0).containsEntry("limit", 2);
    assertThat(next).isEqualTo(((Number) firstEvents.get(1).get("seq")).longValue());
    assertThat((List<Map<String, Object>>) second.get("events"))
        .extracting(event -> ((Number) event.get("seq")).longValue())
        .allSatisfy(seq -> assertThat(seq).isGreaterThan(next));
    assertThat(outsider).containsEntry("events", List.of()).containsEntry("next_after", 0);
  }

  @Test
  void servesAnOpenApiDocumentOfEveryEndpointOfTheApi() {
    Map<String, Object> document = object(http, "/v3/api-docs", HttpStatus.OK);

    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
    Set<String> documented = new TreeSet<>();
    paths.forEach(
        (path, operations) ->
            operations.keySet().forEach(method -> documented.add(method.toUpperCase() + " " + path)));
    Set<String> mapped = new TreeSet<>();
    mappings
        .getHandlerMethods()
        .keySet()
        .forEach(
            info ->
                info.getPatternValues().stream()
                    .filter(pattern -> pattern.startsWith(API + "/"))
                    .forEach(
                        pattern ->
                            info.getMethodsCondition()
                                .getMethods()
                                .forEach(method -> mapped.add(method.name() + " " + pattern))));
    assertThat(document.get("openapi").toString()).startsWith("3.");
    assertThat(mapped)
        .contains(
            "GET " + API + "/procedures/{procedure_id}/analytics",
            "GET " + API + "/events",
            "GET " + API + "/runs/{run_id}");
    assertThat(documented).isEqualTo(mapped);
    paths.values().stream()
        .flatMap(operations -> operations.values().stream())
        .forEach(
            operation -> {
              Map<String, Object> responses =
                  (Map<String, Object>) ((Map<String, Object>) operation).get("responses");
              assertThat(responses).containsKeys("400", "401", "404");
              assertThat(responses.keySet()).containsAnyOf("200", "201");
            });
  }

  private static List<Object> runIds(Map<String, Object> page) {
    return ((List<Map<String, Object>>) page.get("runs")).stream().map(run -> run.get("run_id")).toList();
  }

  private List<Task> tasks(String processInstanceId) {
    return taskService.createTaskQuery().processInstanceId(processInstanceId).list();
  }

  private static Document xml(String text) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** A new user, in {@code group} if not null, logged in. */
  private TestRestTemplate asNewUser(String prefix, String group) {
    String id = TestUsers.create(identityService, prefix, group);
    return http.withBasicAuth(id, id);
  }

  @Test
  void proposesRedlinesWhosePatchAppliesToTheBuiltInSourceAndValidates(@TempDir Path dir)
      throws Exception {
    Map<String, Object> redlines =
        object(
            asDemo(),
            API
                + "/procedures/sop_daily_startup/redlines?location="
                + LOCATION
                + "&min_runs=1&threshold=0.2",
            HttpStatus.OK);

    assertThat(redlines)
        .containsEntry("procedure_id", "sop_daily_startup")
        .containsEntry("version", "2025.06")
        .containsEntry("runs", 1)
        .containsEntry("min_runs", 1)
        .containsEntry("threshold", 0.2);
    List<Map<String, Object>> proposals = (List<Map<String, Object>>) redlines.get("proposals");
    assertThat(proposals)
        .extracting(p -> p.get("kind") + " " + p.get("step_id") + " " + p.get("other_step_id"))
        .contains("make_optional start_pump null", "add_step null power_on");
    assertThat(proposals.get(0))
        .containsEntry("run_ids", List.of(runId))
        .containsEntry("summary", "Step start_pump skipped in 1 of 1 run: make it optional.");
    assertThat((Map<String, Object>) proposals.get(0).get("evidence"))
        .containsEntry("runs", 1)
        .containsEntry("of_runs", 1);

    Path source = dir.resolve("sop_daily_startup.toml");
    builtIn("sop_daily_startup.toml", dir);
    Files.writeString(dir.resolve("redlines.diff"), (String) redlines.get("toml_patch"));
    Process patch =
        new ProcessBuilder("/usr/bin/patch", "-p1", "--batch", "-i", "redlines.diff")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(patch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(patch.waitFor()).as(output).isZero();
    String patched = Files.readString(source);
    assertThat(patched)
        .startsWith("# Daily start-up of a jacketed reactor line")
        .contains("id = \"wipe\"")
        .contains("optional = true");
    builtIn("sop_calibrate_sensor.toml", dir);
    assertThat(new CommandLine(new Main()).execute("validate", dir.toString()))
        .as(patched)
        .isZero();
  }

  /** Copies the built-in procedure {@code file} (on the classpath) into {@code dir}. */
  private static void builtIn(String file, Path dir) throws IOException {
    try (InputStream in = AsRunAnalyticsApiTest.class.getResourceAsStream("/procedures/" + file)) {
      Files.copy(in, dir.resolve(file));
    }
  }

  private TestRestTemplate asDemo() {
    return http.withBasicAuth("demo", "demo");
  }

  private static Map<String, Object> object(
      TestRestTemplate client, String path, HttpStatus expected) {
    ResponseEntity<Map<String, Object>> response =
        client.exchange(path, HttpMethod.GET, null, OBJECT);
    assertThat(response.getStatusCode()).as("GET %s: %s", path, response).isEqualTo(expected);
    return response.getBody();
  }
}
