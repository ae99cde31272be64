package dev.asrun.rest;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.DateTimeSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The request and response bodies of the API's writes in the app's OpenAPI document, where
 * springdoc cannot see them in the controllers' signatures (an observation is read from the raw
 * body, so that a single observation and a batch share one path; corrections and confirmations
 * check their fields by hand, so that an unknown one is named): {@code POST /observations} takes an
 * {@code Observation} or an {@code ObservationBatch} and answers an {@code ObservationAnswer} or a
 * list of them; {@code POST /runs/{run_id}/corrections} takes a {@code RunCorrection}, {@code POST
 * /runs/{run_id}/confirmation} a {@code RunConfirmation}, {@code POST /runs/{run_id}/signatures} a
 * {@code RunSignature}. Every body of the API, in and out, is {@code application/json} (springdoc's
 * default for a response is any type).
 *
 * <p>The batch and the list of answers are named array schemas, so a generated client has a type
 * for each alternative of the one-of. The reads' query parameters are listed by name (see {@link
 * #queryParameters}).
 */
final class AsRunOpenApi implements OpenApiCustomizer {

  static final String BASE = "/asrun/api/v1";
  static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;

  static final String OBSERVATION = "Observation";
  static final String OBSERVATION_BATCH = "ObservationBatch";
  static final String OBSERVATION_REPORT = "ObservationReport";
  static final String OBSERVATION_ANSWER = "ObservationAnswer";
  static final String OBSERVATION_ANSWERS = "ObservationAnswers";
  static final String OBSERVATION_REPORT_ANSWER = "ObservationReportAnswer";
  static final String RUN_CORRECTION = "RunCorrection";
  static final String RUN_CONFIRMATION = "RunConfirmation";
  static final String RUN_SIGNATURE = "RunSignature";

  /** What springdoc names a {@code MultiValueMap<String, String>} parameter's schema. */
  static final String MULTI_VALUE_MAP = "MultiValueMapStringString";

  @Override
  public void customise(OpenAPI openApi) {
    if (openApi.getPaths() == null) {
      return;
    }
    if (openApi.getComponents() == null) {
      openApi.setComponents(new Components());
    }
    schemas().forEach(openApi.getComponents()::addSchemas);
    Map<String, Schema> answers =
        ModelConverters.getInstance()
            .readAll(new AnnotatedType(ObservationController.Answer.class));
    answers.forEach(openApi.getComponents()::addSchemas);

    write(
        openApi.getPaths().get(BASE + "/observations"),
        request(
            OBSERVATION_REPORT,
            "one observation (a JSON object) or a batch (a JSON array), recorded all or nothing"),
        "200",
        "the observation's answer, or the batch's answers in its order",
        OBSERVATION_REPORT_ANSWER);
    write(
        openApi.getPaths().get(BASE + "/runs/{run_id}/corrections"),
        request(RUN_CORRECTION, "the correction; the executor is the authenticated user"),
        "201",
        "the corrected run's record",
        null);
    write(
        openApi.getPaths().get(BASE + "/runs/{run_id}/confirmation"),
        request(RUN_CONFIRMATION, "the executor's answer to the run's confirmation prompt"),
        "200",
        "the confirmed run's record",
        null);
    write(
        openApi.getPaths().get(BASE + "/runs/{run_id}/signatures"),
        request(RUN_SIGNATURE, "the signature; the signer is the authenticated user"),
        "201",
        "the signature given",
        null);
    PathItem report = openApi.getPaths().get(BASE + "/runs/{run_id}/report.pdf");
    if (report != null && report.getGet() != null) {
      report
          .getGet()
          .getResponses()
          .addApiResponse(
              "200",
              new ApiResponse()
                  .description(
                      "the run's as-run report, PDF/A-3b, its record attached as"
                          + " asrun-record.jsonl")
                  .content(
                      new Content()
                          .addMediaType(
                              "application/pdf",
                              new MediaType().schema(new StringSchema().format("binary")))));
    }
    openApi.getPaths().entrySet().stream()
        .filter(path -> path.getKey().startsWith(BASE))
        .flatMap(path -> path.getValue().readOperations().stream())
        .forEach(AsRunOpenApi::answersJson);
    queryParameters(openApi);
  }

  /**
   * The query parameters of the reads, each by name: the controllers take them as one {@code
   * MultiValueMap} (to refuse unknown names), which springdoc would document as a single object
   * parameter that no client could send.
   */
  static void queryParameters(OpenAPI openApi) {
    Map<String, Set<String>> names = new LinkedHashMap<>();
    names.put(BASE + "/runs", RunParameters.NAMES);
    names.put(BASE + "/events", ExportController.EVENT_NAMES);
    names.put(BASE + "/procedures/{procedure_id}/analytics", AnalyticsController.NAMES);
    names.put(BASE + "/procedures/{procedure_id}/trend", TrendController.TREND_NAMES);
    names.put(BASE + "/procedures/{procedure_id}/step-durations", AnalyticsController.NAMES);
    names.put(BASE + "/procedures/{procedure_id}/redlines", RedlinesController.NAMES);
    names.put(BASE + "/procedures/{procedure_id}/runs.{format}", ExportController.EXPORT_NAMES);
    names.put(
        BASE + "/procedures/{procedure_id}/runs-missing-step",
        but(RunParameters.NAMES, "procedure_id", "step_id"));
    names.put(
        BASE + "/executors/{executor_id}/runs", but(RunParameters.NAMES, "executor_id", null));
    names.put(
        BASE + "/equipment/{equipment_id}/runs", but(RunParameters.NAMES, "equipment_id", null));
    openApi
        .getPaths()
        .forEach(
            (path, item) ->
                item.readOperations()
                    .forEach(operation -> byName(operation, names.getOrDefault(path, Set.of()))));
    if (openApi.getComponents().getSchemas() != null) {
      openApi.getComponents().getSchemas().remove(MULTI_VALUE_MAP);
    }
  }

  private static void byName(Operation operation, Set<String> names) {
    if (operation.getParameters() == null
        || operation.getParameters().stream().noneMatch(AsRunOpenApi::isMultiValueMap)) {
      return;
    }
    List<Parameter> parameters = new ArrayList<>(operation.getParameters());
    parameters.removeIf(AsRunOpenApi::isMultiValueMap);
    for (String name : new TreeSet<>(names)) {
      Schema<?> schema =
          Set.of("first", "max", "after", "limit", "min_runs").contains(name)
              ? new IntegerSchema()
              : name.equals("threshold") ? new NumberSchema() : new StringSchema();
      parameters.add(
          new QueryParameter().name(name).required(name.equals("step_id")).schema(schema));
    }
    operation.setParameters(parameters);
  }

  private static boolean isMultiValueMap(Parameter parameter) {
    return parameter.getSchema() != null
        && ("#/components/schemas/" + MULTI_VALUE_MAP).equals(parameter.getSchema().get$ref());
  }

  /** {@code names} without {@code left} and with {@code added} (where not null). */
  private static Set<String> but(Set<String> names, String left, String added) {
    Set<String> result = new TreeSet<>(names);
    result.remove(left);
    if (added != null) {
      result.add(added);
    }
    return result;
  }

  /** The schemas of the write bodies, by name. */
  static Map<String, Schema> schemas() {
    Map<String, Schema> schemas = new LinkedHashMap<>();
    schemas.put(OBSERVATION, observation());
    schemas.put(
        OBSERVATION_BATCH,
        new ArraySchema()
            .items(ref(OBSERVATION))
            .description("observations reported together: recorded all or nothing, in order"));
    schemas.put(
        OBSERVATION_REPORT,
        new ComposedSchema()
            .oneOf(List.of(ref(OBSERVATION), ref(OBSERVATION_BATCH)))
            .description("one observation or a batch of them"));
    schemas.put(
        OBSERVATION_ANSWERS,
        new ArraySchema()
            .items(ref(OBSERVATION_ANSWER))
            .description("a batch's answers, one per observation in the batch's order"));
    schemas.put(
        OBSERVATION_REPORT_ANSWER,
        new ComposedSchema()
            .oneOf(List.of(ref(OBSERVATION_ANSWER), ref(OBSERVATION_ANSWERS)))
            .description("an observation's answer, or a batch's answers"));
    schemas.put(RUN_CORRECTION, correction());
    schemas.put(RUN_CONFIRMATION, confirmation());
    schemas.put(RUN_SIGNATURE, signature());
    return schemas;
  }

  private static Schema<?> observation() {
    ObjectSchema context = new ObjectSchema();
    context.description(
        "where and on what it was seen; further keys with text, number or boolean values are"
            + " kept with the observation");
    context.addProperty("location", text("the location, e.g. plant_north"));
    context.addProperty("equipment_id", text("the equipment, e.g. reactor_7"));
    ObjectSchema observation = new ObjectSchema();
    observation.description(
        "something seen happen: an action, when, by whom and where (docs/observations.md); any"
            + " other field is refused");
    observation.addProperty("action", text("the action seen, e.g. power_on_reactor"));
    observation.addProperty(
        "timestamp",
        new DateTimeSchema()
            .description(
                "when it happened, ISO-8601 with an offset (the reporter's claim; the server"
                    + " records its own time beside it)"));
    observation.addProperty(
        "source",
        text("who saw it: a sensor or tool (inference), a person (executor), a timer (scheduler)")
            ._enum(List.of("inference", "executor", "scheduler")));
    observation.addProperty(
        "executor_id",
        text("who did it, where not the reporter (reporting for others needs asrun-ingest)"));
    observation.addProperty("context", context);
    observation.addProperty(
        "idempotency_key",
        text("the reporter's key for this observation: the same key again answers the first"));
    observation.addProperty(
        "run_id",
        text(
            "the run it concerns, as /runs gives it:"
                + " then no other run takes it, none is started"));
    observation.required(List.of("action", "timestamp", "source"));
    return observation;
  }

  private static Schema<?> correction() {
    ObjectSchema correction = new ObjectSchema();
    correction.description("the executor says the engine's interpretation of the run is wrong");
    correction.addProperty(
        "correction_type",
        text("what is wrong")
            ._enum(
                List.of(
                    "wrong_procedure",
                    "step_not_done",
                    "step_done_not_detected",
                    "not_a_deviation")));
    correction.addProperty(
        "step_id", text("the step concerned (every type but wrong_procedure), e.g. start_pump"));
    correction.addProperty(
        "actual_procedure_id", text("the procedure really carried out (wrong_procedure only)"));
    correction.addProperty("reason", text("why the interpretation is wrong"));
    correction.required(List.of("correction_type", "reason"));
    return correction;
  }

  private static Schema<?> confirmation() {
    ObjectSchema confirmation = new ObjectSchema();
    confirmation.description("the executor's answer to the run's confirmation prompt");
    confirmation.addProperty(
        "response",
        text("was the procedure carried out as recorded")._enum(List.of("yes", "no", "partially")));
    confirmation.addProperty("note", text("what the executor adds"));
    confirmation.required(List.of("response"));
    return confirmation;
  }

  private static Schema<?> signature() {
    ObjectSchema signature = new ObjectSchema();
    signature.description(
        "an electronic signature of the ended run by the authenticated user"
            + " (docs/as-run-record.md)");
    signature.addProperty(
        "meaning",
        text("what the signature means; the procedure's policy says which, in what order")
            ._enum(List.of("performed", "reviewed", "approved", "verified")));
    signature.addProperty(
        "password",
        text("the signer's password, re-entered: checked by Camunda's identity service")
            .format("password"));
    signature.addProperty("comment", text("what the signer adds"));
    signature.required(List.of("meaning", "password"));
    return signature;
  }

  private static void write(
      PathItem path, RequestBody request, String status, String description, String answer) {
    if (path == null || path.getPost() == null) {
      return;
    }
    Operation operation = path.getPost();
    operation.setRequestBody(request);
    // springdoc takes a ResponseEntity for 200, whatever status the controller sets
    ApiResponse response = operation.getResponses().remove("200");
    if (response == null) {
      response = new ApiResponse();
    }
    operation.getResponses().addApiResponse(status, response);
    response.setDescription(description);
    if (answer != null) {
      response.setContent(new Content().addMediaType(JSON, new MediaType().schema(ref(answer))));
    }
  }

  private static RequestBody request(String schema, String description) {
    return new RequestBody()
        .required(true)
        .description(description)
        .content(new Content().addMediaType(JSON, new MediaType().schema(ref(schema))));
  }

  /** A JSON body springdoc documented as of any type ({@code *}{@code /*}) is JSON. */
  private static void answersJson(Operation operation) {
    if (operation.getResponses() == null) {
      return;
    }
    operation
        .getResponses()
        .values()
        .forEach(
            response -> {
              Content content = response.getContent();
              if (content != null && content.containsKey("*/*")) {
                MediaType any = content.remove("*/*");
                content.putIfAbsent(JSON, any);
              }
            });
  }

  private static Schema<?> ref(String name) {
    return new Schema<>().$ref("#/components/schemas/" + name);
  }

  private static StringSchema text(String description) {
    StringSchema text = new StringSchema();
    text.description(description);
    return text;
  }
}
