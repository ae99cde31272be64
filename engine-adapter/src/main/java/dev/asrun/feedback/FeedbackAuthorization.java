package dev.asrun.feedback;

import dev.asrun.log.EventType;
import dev.asrun.query.ReadAuthorization;
import dev.asrun.query.RunSummary;
import java.sql.SQLException;
import java.util.List;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;

/**
 * Who may say something about a run, decided inside the engine command that would append it, in
 * Camunda's own terms:
 *
 * <ul>
 *   <li>reading the run (else it is not found): READ_HISTORY on the procedure's process definition
 *       ({@link ReadAuthorization});
 *   <li>correcting or confirming it: being its executor (the run's {@code executor_id}), or holding
 *       {@link #GRANT} ({@code UPDATE_HISTORY}) on the procedure's process definition, which an
 *       administrator gives in Camunda Admin (Authorizations, Process Definition) to reviewers.
 * </ul>
 *
 * Engine administrators, and callers without an authenticated user or with authorization checks off
 * (the engine's own work, Java callers that set no user), may do both on every run.
 */
public final class FeedbackAuthorization {

  /**
   * The grant that lets a user who is not a run's executor correct or confirm it: Camunda's
   * permission to change a definition's history.
   */
  static final ProcessDefinitionPermissions GRANT = ProcessDefinitionPermissions.UPDATE_HISTORY;

  private FeedbackAuthorization() {}

  /** Whether the command runs unchecked: no user, authorization off, or an administrator. */
  public static boolean unchecked(CommandContext command) {
    Authentication authentication = command.getAuthentication();
    return !command.getProcessEngineConfiguration().isAuthorizationEnabled()
        || authentication == null
        || authentication.getUserId() == null
        || command.getAuthorizationManager().isCamundaAdmin(authentication);
  }

  /** Whether the command's user may read the runs of {@code procedureId}. */
  public static boolean mayRead(CommandContext command, String procedureId) {
    if (unchecked(command)) {
      return true;
    }
    Authentication authentication = command.getAuthentication();
    return ReadAuthorization.mayRead(
        command.getProcessEngineConfiguration().getProcessEngine(),
        authentication.getUserId(),
        groups(authentication),
        procedureId);
  }

  /** Whether the command's user may correct or confirm {@code run}: its executor or a grantee. */
  static boolean speaksFor(CommandContext command, RunSummary run) {
    if (unchecked(command)) {
      return true;
    }
    Authentication authentication = command.getAuthentication();
    if (run.context().executorId().filter(authentication.getUserId()::equals).isPresent()) {
      return true;
    }
    ProcessEngineConfigurationImpl configuration = command.getProcessEngineConfiguration();
    return configuration
        .getAuthorizationService()
        .isUserAuthorized(
            authentication.getUserId(),
            groups(authentication),
            GRANT,
            Resources.PROCESS_DEFINITION,
            run.procedureId());
  }

  /** Why {@link #speaksFor} refused, for the refusal's message. */
  static String notExecutor(RunSummary run, String what) {
    return "only the run's executor"
        + run.context().executorId().map(id -> " (" + id + ")").orElse("")
        + " may "
        + what
        + " run '"
        + run.runId()
        + "'; anyone else needs "
        + GRANT.getName()
        + " on process definition '"
        + run.procedureId()
        + "' (Camunda Admin, Authorizations)";
  }

  /** Whether the run's stream holds an answer to its confirmation already. */
  static boolean isConfirmed(String runId) throws SQLException {
    return FeedbackEvents.stream(runId).stream()
        .anyMatch(event -> event.type() == EventType.PROMPT_RESPONSE);
  }

  private static List<String> groups(Authentication authentication) {
    return authentication.getGroupIds() == null ? List.of() : authentication.getGroupIds();
  }
}
