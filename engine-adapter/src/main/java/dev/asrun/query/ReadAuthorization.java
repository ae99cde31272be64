package dev.asrun.query;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.repository.ProcessDefinition;

/**
 * The one place that decides whose record a user may read: the runs of a procedure are readable
 * where the user (or one of their groups) holds {@code READ_HISTORY} on the procedure's process
 * definition, as Camunda itself requires for a definition's history. Used by the REST API and the
 * Cockpit plugin alike, so both serve the same record to the same user.
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
    AuthorizationService authorizations = engine.getAuthorizationService();
    return keys.stream()
        .filter(
            key ->
                authorizations.isUserAuthorized(
                    userId,
                    groupIds,
                    ProcessDefinitionPermissions.READ_HISTORY,
                    Resources.PROCESS_DEFINITION,
                    key))
        .collect(Collectors.toUnmodifiableSet());
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
