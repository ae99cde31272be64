package dev.asrun.query;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.repository.ProcessDefinition;

/**
 * The one place that decides whose record a user may read: the runs of a procedure are readable
 * where the user (or one of their groups) holds {@code READ_HISTORY} on the procedure's process
 * definition, as Camunda itself requires for a definition's history. Used by the REST API and the
 * Cockpit plugin alike, so both serve the same record to the same user.
 *
 * <p>Recorded values (what a step wrote, the run's notes, the confirmation's note: all engine
 * variables) follow Camunda's history-variable permission: where the engine enforces it ({@code
 * enforceSpecificVariablePermission}), Camunda lets a user read a definition's historic variables
 * only with {@code READ_HISTORY_VARIABLE} on it, and so does the record ({@link #valuesReadable}).
 * Otherwise READ_HISTORY covers the values too, as it does in Camunda.
 */
public final class ReadAuthorization {

  private ReadAuthorization() {}

  /**
   * The keys of the procedures whose record {@code userId} may read: one authorization check per
   * deployed procedure key (not per row), made with Camunda's {@link AuthorizationService}. When
   * the engine does not enforce authorization, every procedure is readable.
   *
   * @param engine the engine the procedures are deployed on
   * @param userId the user
   * @param groupIds the user's groups (may be empty)
   */
  public static Set<String> readableProcedures(
      ProcessEngine engine, String userId, List<String> groupIds) {
    Set<String> keys = allProcedureKeys(engine);
    if (!engine.getProcessEngineConfiguration().isAuthorizationEnabled()) {
      return keys;
    }
    return keys.stream()
        .filter(key -> mayRead(engine, userId, groupIds, key))
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Whether {@code userId} may read the runs of {@code procedureId}: READ_HISTORY on its process
   * definition, as for {@link #readableProcedures}; always when the engine does not enforce
   * authorization.
   */
  public static boolean mayRead(
      ProcessEngine engine, String userId, List<String> groupIds, String procedureId) {
    return isAuthorized(
        engine, userId, groupIds, ProcessDefinitionPermissions.READ_HISTORY, procedureId);
  }

  /**
   * Whether {@code userId} may read the recorded values of {@code procedureId}'s runs: where the
   * engine enforces Camunda's specific variable permission, only with {@code
   * READ_HISTORY_VARIABLE} on the procedure's process definition; otherwise always (the record's
   * READ_HISTORY covers them, as it covers historic variables in Camunda).
   */
  public static boolean valuesReadable(
      ProcessEngine engine, String userId, List<String> groupIds, String procedureId) {
    if (!((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
        .isEnforceSpecificVariablePermission()) {
      return true;
    }
    return isAuthorized(
        engine, userId, groupIds, ProcessDefinitionPermissions.READ_HISTORY_VARIABLE, procedureId);
  }

  /**
   * Which procedures' recorded values {@code userId} may not read ({@link #valuesReadable}), as a
   * test asked once per procedure: for one request, whose reads name a procedure many times.
   */
  public static Predicate<String> valuesHidden(
      ProcessEngine engine, String userId, List<String> groupIds) {
    if (!engine.getProcessEngineConfiguration().isAuthorizationEnabled()
        || !((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
            .isEnforceSpecificVariablePermission()) {
      return procedureId -> false;
    }
    Map<String, Boolean> hidden = new HashMap<>();
    return procedureId ->
        hidden.computeIfAbsent(
            procedureId, id -> !valuesReadable(engine, userId, groupIds, id));
  }

  private static boolean isAuthorized(
      ProcessEngine engine,
      String userId,
      List<String> groupIds,
      ProcessDefinitionPermissions permission,
      String procedureId) {
    return !engine.getProcessEngineConfiguration().isAuthorizationEnabled()
        || engine
            .getAuthorizationService()
            .isUserAuthorized(
                userId, groupIds, permission, Resources.PROCESS_DEFINITION, procedureId);
  }

  /**
   * Every deployed procedure key, read without the caller's authentication: which of them the
   * caller may read is decided by the READ_HISTORY check, not by READ on the definition.
   */
  private static Set<String> allProcedureKeys(ProcessEngine engine) {
    IdentityService identity = engine.getIdentityService();
    Authentication current = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      return engine.getRepositoryService().createProcessDefinitionQuery().latestVersion().list()
          .stream()
          .map(ProcessDefinition::getKey)
          .collect(Collectors.toUnmodifiableSet());
    } finally {
      if (current != null) {
        identity.setAuthentication(current);
      }
    }
  }
}
