package dev.asrun.cockpit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asrun.contract.WindowProcess;
import dev.asrun.feedback.FeedbackException;
import dev.asrun.feedback.RunFeedback;
import dev.asrun.log.LogVerifier;
import dev.asrun.log.LoggedEvent;
import dev.asrun.log.NewEvent;
import dev.asrun.log.VerifyReport;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.ReadAuthorization;
import dev.asrun.query.RecordValues;
import dev.asrun.query.RunQuery;
import dev.asrun.query.RunRecord;
import dev.asrun.query.RunStatus;
import dev.asrun.query.RunSummary;
import dev.asrun.query.TrendBucket;
import dev.asrun.redline.DeployedProcedure;
import dev.asrun.redline.RedlineAnswer;
import dev.asrun.redline.Settings;
import dev.asrun.report.Paper;
import dev.asrun.report.RunReports;
import dev.asrun.rest.RedlinesJson;
import dev.asrun.rest.RunJson;
import dev.asrun.rest.SignatureJson;
import dev.asrun.rest.TrendJson;
import dev.asrun.signature.RunSignatures;
import dev.asrun.signature.Signature;
import dev.asrun.signature.SignatureException;
import dev.asrun.signature.Signing;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.camunda.bpm.cockpit.plugin.resource.AbstractCockpitPluginResource;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.repository.ProcessDefinition;

/**
 * The as-run record of one engine for Cockpit's pages, as the user logged in to Cockpit may read
 * it: only runs of procedures whose process definition the user has READ_HISTORY on (an
 * administrator reads every run). A run or procedure the user may not read is answered 404, as an
 * unknown one is.
 *
 * <ul>
 *   <li>{@code GET runs?procedure_id=&status=&from=&to=&executor_id=&equipment_id=&location=&max=}:
 *       runs, newest first
 *   <li>{@code GET runs/{run_id}}: everything the run page shows ({@link RunPage})
 *   <li>{@code GET runs/{run_id}/report.pdf?paper=a4|letter}: the run's as-run report (PDF/A-3b)
 *   <li>{@code GET process-instances/{id}/run}: the run a Camunda process instance carries
 *   <li>{@code POST runs/{run_id}/corrections}: record a correction through {@link RunFeedback}, as
 *       {@code POST /asrun/api/v1/runs/{run_id}/corrections} does
 *   <li>{@code POST runs/{run_id}/signatures}: sign the run as the logged-in user through {@link
 *       Signing}, as {@code POST /asrun/api/v1/runs/{run_id}/signatures} does; a wrong password is
 *       403 (401 is for no login) and its refusal is recorded, every refused rule named
 *   <li>{@code GET procedures}: every readable procedure with its lifecycle and recent runs
 *   <li>{@code GET procedures/{procedure_id}/steps?from=&to=&executor_id=&equipment_id=&location=}:
 *       per-step figures over the procedure's runs, from its analytics
 *   <li>{@code GET
 *       procedures/{procedure_id}/trend?bucket=day|week|month&from=&to=&executor_id=&equipment_id=&location=}:
 *       the procedure's runs per UTC bucket, as {@code GET
 *       /asrun/api/v1/procedures/{procedure_id}/trend} answers them
 *   <li>{@code GET
 *       procedures/{procedure_id}/step-durations?from=&to=&executor_id=&equipment_id=&location=}:
 *       per step, the distribution of its durations, as the REST API answers it
 *   <li>{@code GET
 *       procedures/{procedure_id}/redlines?from=&to=&executor_id=&equipment_id=&location=}: the
 *       redline view ({@link RedlinePage}): the latest version's proposals from the runs, with the
 *       default minimum runs and threshold, as the REST API's redlines
 * </ul>
 */
public class AsRunResource extends AbstractCockpitPluginResource {

  /** The most runs a list or an aggregate reads. */
  static final int MOST_RUNS = 500;

  public AsRunResource(String engineName) {
    super(engineName);
  }

  @GET
  @Path("runs")
  @Produces(MediaType.APPLICATION_JSON)
  public RunJson.Page runs(
      @QueryParam("procedure_id") String procedureId,
      @QueryParam("status") String status,
      @BeanParam RunFilter filter,
      @QueryParam("max") Integer max) {
    RunQuery query = filter.query();
    if (present(procedureId)) {
      query = query.withProcedureId(procedureId);
    }
    if (present(status)) {
      try {
        query = query.withStatus(RunStatus.fromWireName(status));
      } catch (IllegalArgumentException e) {
        throw badRequest(e.getMessage());
      }
    }
    int page = max == null ? 50 : Math.max(1, Math.min(max, MOST_RUNS));
    RunQuery paged = readable(query).withPage(0, page);
    Predicate<String> hidden = valuesHidden();
    return read(
        queries ->
            new RunJson.Page(
                queries.runs(paged).stream()
                    .map(run -> RunJson.Summary.of(run, hidden.test(run.procedureId())))
                    .toList(),
                0,
                page,
                queries.count(paged)));
  }

  @GET
  @Path("runs/{run_id}")
  @Produces(MediaType.APPLICATION_JSON)
  public RunPage run(@PathParam("run_id") String runId) {
    RunRecord record = readableRun(runId);
    List<LoggedEvent> events = read(queries -> queries.fullEventLog(runId));
    List<RunSummary> children =
        read(queries -> queries.runs(RunQuery.all().withParentRunId(runId).withPage(0, MOST_RUNS)));
    Optional<ProcessDefinition> definition = definitionOf(record.run());
    Procedure procedure =
        definition.map(d -> Procedure.of(d, bpmnXml(d.getId()))).orElse(Procedure.unknown());
    Predicate<String> hidden = valuesHidden();
    boolean valuesHidden = hidden.test(record.run().procedureId());
    Signing signing = new Signing(getProcessEngine());
    RunSignatures signatures = signing.of(runId);
    return new RunPage(
        RunJson.Record.of(record, valuesHidden, signatures),
        procedure.name(),
        definition.map(ProcessDefinition::getId).orElse(null),
        procedure.xml(),
        procedure.steps(),
        RunMarks.of(record, events, procedure.steps()),
        children.stream()
            .map(child -> RunJson.Summary.of(child, hidden.test(child.procedureId())))
            .toList(),
        events.stream()
            .map(event -> valuesHidden ? RecordValues.withoutValues(event) : event.toJson())
            .toList(),
        verification(runId, children),
        RunSigning.of(signatures, Signing.performers(record), signing.mayGive(runId)));
  }

  /**
   * The run's as-run report, PDF/A-3b with its record attached, as {@code GET
   * /asrun/api/v1/runs/{run_id}/report.pdf} gives it ({@link RunReports}).
   */
  @GET
  @Path("runs/{run_id}/report.pdf")
  @Produces("application/pdf")
  public Response report(@PathParam("run_id") String runId, @QueryParam("paper") String paper) {
    RunRecord record = readableRun(runId);
    Paper laidOut;
    try {
      laidOut = present(paper) ? Paper.of(paper) : Paper.A4;
    } catch (IllegalArgumentException e) {
      throw badRequest("'paper': " + e.getMessage());
    }
    if (valuesHidden().test(record.run().procedureId())) {
      throw error(
          Response.Status.FORBIDDEN,
          "the report of run '" + runId + "' holds its recorded values, which you may not read");
    }
    try {
      byte[] pdf = new RunReports(getProcessEngine(), dataSource()).report(runId, laidOut);
      return Response.ok(pdf, "application/pdf")
          .header("Content-Disposition", "inline; filename=\"asrun-report-" + runId + ".pdf\"")
          .build();
    } catch (SQLException e) {
      throw unavailable(e);
    } catch (IOException | IllegalStateException e) {
      throw error(
          Response.Status.SERVICE_UNAVAILABLE, "the report could not be made: " + e.getMessage());
    }
  }

  @GET
  @Path("process-instances/{process_instance_id}/run")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, String> runOfProcessInstance(
      @PathParam("process_instance_id") String processInstanceId) {
    String runId =
        read(queries -> queries.runIdOfProcessInstance(processInstanceId))
            .orElseThrow(
                () -> notFound("no run is carried by process instance " + processInstanceId));
    return Map.of("run_id", readableRun(runId).runId());
  }

  @POST
  @Path("runs/{run_id}/corrections")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response correct(@PathParam("run_id") String runId, CorrectionRequest request) {
    if (request == null) {
      throw badRequest(
          "the request has no body; send {\"correction_type\", \"step_id\","
              + " \"actual_procedure_id\", \"reason\"}");
    }
    userId();
    try {
      RunRecord corrected =
          new RunFeedback(getProcessEngine()).correct(runId, request.toFeedback());
      RunJson.Record shown =
          RunJson.Record.of(
              corrected,
              valuesHidden().test(corrected.run().procedureId()),
              new Signing(getProcessEngine()).of(runId));
      return Response.status(Response.Status.CREATED).entity(shown).build();
    } catch (FeedbackException e) {
      throw switch (e.kind()) {
        case BAD_FIELD -> badRequest(e.getMessage());
        case RUN_NOT_FOUND -> notFound(e.getMessage());
        case FORBIDDEN -> error(Response.Status.FORBIDDEN, e.getMessage());
        case ALREADY_CONFIRMED -> error(Response.Status.CONFLICT, e.getMessage());
      };
    }
  }

  @POST
  @Path("runs/{run_id}/signatures")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response sign(@PathParam("run_id") String runId, SignatureRequest request) {
    if (request == null) {
      throw badRequest("the request has no body; send {\"meaning\", \"password\", \"comment\"}");
    }
    userId();
    try {
      Signature signature =
          new Signing(getProcessEngine())
              .sign(runId, request.meaning(), request.password(), request.givenComment());
      return Response.status(Response.Status.CREATED).entity(SignatureJson.of(signature)).build();
    } catch (SignatureException e) {
      throw switch (e.kind()) {
        case BAD_FIELD -> badRequest(e.getMessage());
        case RUN_NOT_FOUND -> notFound(e.getMessage());
        case UNAUTHENTICATED -> error(Response.Status.UNAUTHORIZED, e.getMessage());
        case WRONG_PASSWORD, NOT_IN_GROUP -> refused(Response.Status.FORBIDDEN, e);
        case RUN_NOT_ENDED, OUT_OF_ORDER, ALREADY_SIGNED, EXECUTOR_REVIEWING, NOT_PERFORMER ->
            refused(Response.Status.CONFLICT, e);
      };
    }
  }

  @GET
  @Path("procedures")
  @Produces(MediaType.APPLICATION_JSON)
  public ProceduresPage procedures() {
    List<ProcessDefinition> definitions =
        getProcessEngine()
            .getRepositoryService()
            .createProcessDefinitionQuery()
            .latestVersion()
            .orderByProcessDefinitionKey()
            .asc()
            .list()
            .stream()
            .filter(definition -> !isWindowProcess(definition))
            .toList();
    Set<String> readable =
        readableProcedures()
            .orElseGet(
                () ->
                    definitions.stream()
                        .map(ProcessDefinition::getKey)
                        .collect(Collectors.toUnmodifiableSet()));
    Predicate<String> hidden = valuesHidden();
    return read(queries -> ProceduresPage.of(queries, definitions, readable, hidden, MOST_RUNS));
  }

  /**
   * Whether {@code definition} is the trigger window process the compiler emits beside a procedure
   * with a time window, as the procedure contract reads it ({@link WindowProcess}).
   */
  private boolean isWindowProcess(ProcessDefinition definition) {
    return WindowProcess.read(
            getProcessEngine().getRepositoryService().getBpmnModelInstance(definition.getId()),
            definition.getKey())
        .isPresent();
  }

  @GET
  @Path("procedures/{procedure_id}/steps")
  @Produces(MediaType.APPLICATION_JSON)
  public StepFigures steps(
      @PathParam("procedure_id") String procedureId, @BeanParam RunFilter filter) {
    ProcessDefinition definition = readableProcedure(procedureId);
    List<TemplateStep> template = Procedure.steps(definition.getKey(), bpmnXml(definition.getId()));
    RunQuery query = filter.query().withProcedureId(procedureId);
    return read(queries -> StepFigures.of(template, queries.analytics(query)));
  }

  @GET
  @Path("procedures/{procedure_id}/trend")
  @Produces(MediaType.APPLICATION_JSON)
  public TrendJson trend(
      @PathParam("procedure_id") String procedureId,
      @QueryParam("bucket") String bucket,
      @BeanParam RunFilter filter) {
    RunQuery query = readableProcedure(procedureId, filter);
    TrendBucket width;
    try {
      width = TrendBucket.fromWireName(present(bucket) ? bucket : TrendBucket.DAY.wireName());
    } catch (IllegalArgumentException e) {
      throw badRequest("'bucket': " + e.getMessage());
    }
    return read(
        queries ->
            TrendJson.of(
                procedureId,
                width,
                queries.trend(query, width),
                query.from().orElse(null),
                query.to().orElse(null)));
  }

  @GET
  @Path("procedures/{procedure_id}/step-durations")
  @Produces(MediaType.APPLICATION_JSON)
  public TrendJson.StepDurationsJson stepDurations(
      @PathParam("procedure_id") String procedureId, @BeanParam RunFilter filter) {
    RunQuery query = readableProcedure(procedureId, filter);
    return read(
        queries ->
            TrendJson.StepDurationsJson.of(
                procedureId,
                queries.stepDurations(query),
                query.from().orElse(null),
                query.to().orElse(null)));
  }

  @GET
  @Path("procedures/{procedure_id}/redlines")
  @Produces(MediaType.APPLICATION_JSON)
  public RedlinePage redlines(
      @PathParam("procedure_id") String procedureId, @BeanParam RunFilter filter) {
    ProcessDefinition definition = readableProcedure(procedureId);
    DeployedProcedure deployed =
        DeployedProcedure.of(getProcessEngine(), procedureId, Optional.empty())
            .orElseThrow(() -> notFound("'" + procedureId + "' is no compiled procedure"));
    RunQuery query = filter.query().withProcedureId(procedureId);
    try {
      RedlineAnswer answer =
          RedlineAnswer.of(dataSource(), query, deployed, false, Settings.DEFAULTS);
      return new RedlinePage(RedlinesJson.of(answer), bpmnXml(definition.getId()));
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  // ---- authorization

  /** The latest version of the procedure, 404 unless the user may read its runs. */
  private ProcessDefinition readableProcedure(String procedureId) {
    return Optional.ofNullable(
            getProcessEngine()
                .getRepositoryService()
                .createProcessDefinitionQuery()
                .processDefinitionKey(procedureId)
                .latestVersion()
                .singleResult())
        .filter(d -> readableProcedures().map(ids -> ids.contains(d.getKey())).orElse(true))
        .orElseThrow(() -> notFound("no procedure '" + procedureId + "' that you may read"));
  }

  private String userId() {
    Authentication authentication = getCurrentAuthentication();
    if (authentication == null || authentication.getUserId() == null) {
      throw new WebApplicationException("no user is logged in to Cockpit", 401);
    }
    return authentication.getUserId();
  }

  private boolean admin() {
    userId();
    return isCamundaAdmin(getCurrentAuthentication());
  }

  /**
   * The procedures the user may read: those whose process definition the user holds READ_HISTORY
   * on, decided by {@link ReadAuthorization} as for the REST API; empty for an administrator (no
   * limit).
   */
  private Optional<Set<String>> readableProcedures() {
    if (admin()) {
      return Optional.empty();
    }
    return Optional.of(
        ReadAuthorization.readableProcedures(getProcessEngine(), userId(), groups()));
  }

  /**
   * Which procedures' recorded values the user may not read, decided by {@link ReadAuthorization}
   * as for the REST API: none for an administrator.
   */
  private Predicate<String> valuesHidden() {
    if (admin()) {
      return procedureId -> false;
    }
    return ReadAuthorization.valuesHidden(getProcessEngine(), userId(), groups());
  }

  private List<String> groups() {
    Authentication authentication = getCurrentAuthentication();
    return authentication.getGroupIds() == null ? List.of() : authentication.getGroupIds();
  }

  private RunQuery readable(RunQuery query) {
    Optional<Set<String>> procedures = readableProcedures();
    return procedures.isPresent() ? query.withAllowedProcedureIds(procedures.get()) : query;
  }

  /** The filtered runs of {@code procedureId}, if the user may read it; 404 otherwise. */
  private RunQuery readableProcedure(String procedureId, RunFilter filter) {
    if (!readableProcedures().map(ids -> ids.contains(procedureId)).orElse(true)) {
      throw notFound("no procedure '" + procedureId + "' that you may read");
    }
    return filter.query().withProcedureId(procedureId);
  }

  private RunRecord readableRun(String runId) {
    Optional<Set<String>> procedures = readableProcedures();
    return read(queries -> queries.run(runId))
        .filter(r -> procedures.map(ids -> ids.contains(r.run().procedureId())).orElse(true))
        .orElseThrow(() -> notFound("no run '" + runId + "' that you may read"));
  }

  // ---- the engine's side

  private Optional<ProcessDefinition> definitionOf(RunSummary run) {
    Optional<String> definitionId =
        run.processInstanceId()
            .map(
                id ->
                    getProcessEngine()
                        .getHistoryService()
                        .createHistoricProcessInstanceQuery()
                        .processInstanceId(id)
                        .singleResult())
            .map(HistoricProcessInstance::getProcessDefinitionId);
    if (definitionId.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        getProcessEngine()
            .getRepositoryService()
            .createProcessDefinitionQuery()
            .processDefinitionId(definitionId.get())
            .singleResult());
  }

  private String bpmnXml(String definitionId) {
    try (InputStream xml =
        getProcessEngine().getRepositoryService().getProcessModel(definitionId)) {
      return new String(xml.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new WebApplicationException("could not read the BPMN of " + definitionId, e, 500);
    }
  }

  /**
   * The verification of the streams the page shows, the run's and its nested runs', for
   * administrators; {@code null} for everyone else. Only these streams are read, so a view costs
   * the run's length, not the log's; the whole log is verified by the {@code verify} command.
   */
  private Map<String, Object> verification(String runId, List<RunSummary> children) {
    if (!admin()) {
      return null;
    }
    List<String> streams = new ArrayList<>();
    streams.add(NewEvent.runStream(runId));
    children.forEach(child -> streams.add(NewEvent.runStream(child.runId())));
    try (Connection connection = dataSource().getConnection()) {
      VerifyReport report = new LogVerifier().verifyStreams(connection, streams);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("ok", report.ok());
      result.put("report", new ObjectMapper().readTree(report.toJson()));
      return result;
    } catch (SQLException e) {
      throw unavailable(e);
    } catch (IOException e) {
      throw new WebApplicationException("could not read the verification report", e, 500);
    }
  }

  private DataSource dataSource() {
    return ((ProcessEngineConfigurationImpl) getProcessEngine().getProcessEngineConfiguration())
        .getDataSource();
  }

  private <T> T read(Reading<T> reading) {
    try {
      return reading.read(AsRunQueries.of(dataSource()));
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  /** A read of the as-run record. */
  @FunctionalInterface
  private interface Reading<T> {
    T read(AsRunQueries queries) throws SQLException;
  }

  // ---- parameters and errors

  static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  static WebApplicationException badRequest(String message) {
    return error(Response.Status.BAD_REQUEST, message);
  }

  private static WebApplicationException notFound(String message) {
    return error(Response.Status.NOT_FOUND, message);
  }

  private static WebApplicationException unavailable(SQLException cause) {
    System.getLogger(AsRunResource.class.getName())
        .log(System.Logger.Level.ERROR, "the as-run plugin could not read the record", cause);
    return error(Response.Status.SERVICE_UNAVAILABLE, "the as-run record could not be read");
  }

  /** A signature the rules refused: the answer names the rule ({@code rule}). */
  private static WebApplicationException refused(Response.Status status, SignatureException e) {
    return new WebApplicationException(
        e.getMessage(),
        Response.status(status)
            .type(MediaType.APPLICATION_JSON)
            .entity(
                Map.of(
                    "type",
                    status.getReasonPhrase(),
                    "message",
                    e.getMessage(),
                    "rule",
                    e.kind().rule().orElseThrow()))
            .build());
  }

  private static WebApplicationException error(Response.Status status, String message) {
    return new WebApplicationException(
        message,
        Response.status(status)
            .type(MediaType.APPLICATION_JSON)
            .entity(Map.of("type", status.getReasonPhrase(), "message", message))
            .build());
  }
}
