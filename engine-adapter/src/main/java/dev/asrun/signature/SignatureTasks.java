package dev.asrun.signature;

import dev.asrun.capture.CompiledProcedures;
import dev.asrun.capture.RunEndListener;
import dev.asrun.contract.SignatureMeaning;
import dev.asrun.feedback.FeedbackEvents;
import dev.asrun.log.LoggedEvent;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RunRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.task.Task;

/**
 * The Tasklist task of the next signature a run needs: when a run whose procedure has a signature
 * policy ends, and after each signature until every required meaning is given, a task "Sign as
 * {meaning}" is offered to who may give it: the policy's groups for the meaning; for {@code
 * performed} without groups, the users who performed the run; else the candidate group (default
 * {@code operators}). Its form links to the run's page in Cockpit, where the sign dialog asks for
 * the password again: the task is not itself a signature, and completing it by hand is refused.
 * When the signature is given (in Cockpit or through the REST API, {@link Signing}), the open task
 * is completed in the same engine command and the next one offered.
 *
 * <p>The task belongs to the small process {@value SignatureProcess#KEY}, deployed once (duplicate
 * filtering) by {@link #deploy} and started only by this class, with the run id as business key. It
 * carries no {@code asrun.schema}, so it is not a run and has no record of its own; a hyphen is not
 * allowed in procedure ids, so no procedure can take its key.
 */
public final class SignatureTasks implements RunEndListener {

  /** The default of the run page's address: Cockpit's as-run page of the run. */
  public static final String DEFAULT_RUN_PAGE =
      "/camunda/app/cockpit/{engine}/#/asrun/runs/{run_id}";

  private final String candidateGroup;
  private final String runPage;

  /**
   * @param candidateGroup who is offered a meaning the policy gives no group (and {@code performed}
   *     of a run nobody is known to have performed)
   * @param runPage the address of a run's page, {@code {engine}} and {@code {run_id}} replaced
   *     (URL-encoded)
   */
  public SignatureTasks(String candidateGroup, String runPage) {
    this.candidateGroup = Objects.requireNonNull(candidateGroup, "candidateGroup");
    this.runPage = Objects.requireNonNull(runPage, "runPage");
  }

  /** Attaches the task's listeners when the engine parses the signature process. */
  public BpmnParseListener parseListener() {
    return SignatureProcess.parseListener(new SignatureTaskListener(candidateGroup, runPage));
  }

  /** Deploys the signature process, unless the same one is deployed already. */
  public void deploy(ProcessEngine engine) {
    SignatureProcess.deploy(engine);
  }

  @Override
  public void runEnded(String runId, Connection connection) throws SQLException {
    List<LoggedEvent> events = FeedbackEvents.stream(runId);
    RunSignatures signatures = Signing.signatures(runId, events);
    Optional<SignatureMeaning> next = signatures.next();
    if (next.isEmpty()) {
      return;
    }
    AsRunQueries.of(connection)
        .run(runId)
        .ifPresent(record -> offer(record, events, signatures, next.get()));
  }

  /**
   * After a signature of the run was appended in the running command: completes the run's open
   * signature task and offers the next meaning, if one is left. Nothing when the signature process
   * is not deployed (the tasks are off).
   */
  static void signed(RunRecord record, List<LoggedEvent> events, RunSignatures signatures) {
    CommandContext command = Context.getCommandContext();
    if (!deployed(command)) {
      return;
    }
    List<Task> open =
        command.runWithoutAuthorization(
            () ->
                command
                    .getProcessEngineConfiguration()
                    .getTaskService()
                    .createTaskQuery()
                    .processDefinitionKey(SignatureProcess.KEY)
                    .processInstanceBusinessKey(record.runId())
                    .list());
    quietly(
        command,
        () -> {
          SignatureTaskListener.SIGNED.set(record.runId());
          try {
            open.forEach(
                task ->
                    command
                        .getProcessEngineConfiguration()
                        .getTaskService()
                        .complete(task.getId()));
          } finally {
            SignatureTaskListener.SIGNED.remove();
          }
        });
    signatures.next().ifPresent(next -> offer(record, events, signatures, next));
  }

  private static void offer(
      RunRecord record,
      List<LoggedEvent> events,
      RunSignatures signatures,
      SignatureMeaning meaning) {
    CommandContext command = Context.getCommandContext();
    if (!deployed(command)) {
      return;
    }
    String procedureId = record.run().procedureId();
    String procedureName =
        CompiledProcedures.ofRun(events)
            .flatMap(procedure -> procedure.name())
            .filter(name -> !name.isBlank())
            .orElse(procedureId);
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put(SignatureProcess.RUN_ID, record.runId());
    variables.put(SignatureProcess.MEANING, meaning.value());
    SignatureTaskListener.OFFERING.set(
        new SignatureTaskListener.Offer(
            record.run(),
            procedureName,
            meaning,
            signatures.policy().groups(meaning),
            List.copyOf(SigningRules.performers(record))));
    try {
      quietly(
          command,
          () ->
              command
                  .getProcessEngineConfiguration()
                  .getRuntimeService()
                  .startProcessInstanceByKey(SignatureProcess.KEY, record.runId(), variables));
    } finally {
      SignatureTaskListener.OFFERING.remove();
    }
  }

  /** Runs what the plugin does for the user without their authorization and operation log. */
  private static void quietly(CommandContext command, Runnable work) {
    boolean operationLog = command.isUserOperationLogEnabled();
    command.disableUserOperationLog();
    try {
      command.runWithoutAuthorization(
          () -> {
            work.run();
            return null;
          });
    } finally {
      if (operationLog) {
        command.enableUserOperationLog();
      }
    }
  }

  /**
   * Whether the signature process is deployed with this plugin's listeners on its task: when the
   * tasks are turned off, a process deployed before is left alone.
   */
  private static boolean deployed(CommandContext command) {
    long count =
        command.runWithoutAuthorization(
            () ->
                command
                    .getProcessEngineConfiguration()
                    .getRepositoryService()
                    .createProcessDefinitionQuery()
                    .processDefinitionKey(SignatureProcess.KEY)
                    .count());
    return count > 0
        && SignatureProcess.listened(
            command
                .getProcessEngineConfiguration()
                .getDeploymentCache()
                .findDeployedLatestProcessDefinitionByKey(SignatureProcess.KEY));
  }
}
