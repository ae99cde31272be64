package dev.asrun.rest;

import dev.asrun.query.ReadAuthorization;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * The engine user a request runs as, as Camunda's {@code ProcessEngineAuthenticationFilter} set it
 * on the engine's identity service, and what that user may read.
 *
 * @param engine the engine the user is authenticated on
 * @param userId the user
 * @param admin whether the user is one of the engine's administrators (an admin user, or a member
 *     of an admin group such as {@code camunda-admin}): they read every run
 */
record Caller(ProcessEngine engine, String userId, List<String> groups, boolean admin) {

  /**
   * The user of the current request.
   *
   * @throws ApiException (401) if the request runs without an authenticated user
   */
  static Caller current(ProcessEngine engine) {
    Authentication authentication = engine.getIdentityService().getCurrentAuthentication();
    if (authentication == null || authentication.getUserId() == null) {
      throw ApiException.unauthenticated();
    }
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    List<String> groups =
        authentication.getGroupIds() == null ? List.of() : authentication.getGroupIds();
    List<String> adminUsers =
        configuration.getAdminUsers() == null ? List.of() : configuration.getAdminUsers();
    List<String> adminGroups =
        configuration.getAdminGroups() == null ? List.of() : configuration.getAdminGroups();
    boolean admin =
        adminUsers.contains(authentication.getUserId())
            || groups.stream().anyMatch(adminGroups::contains);
    return new Caller(engine, authentication.getUserId(), groups, admin);
  }

  /**
   * The procedures whose runs the user may read: those whose process definition the user holds
   * READ_HISTORY on (see {@link ReadAuthorization}). Empty (no restriction) for an administrator.
   */
  Optional<Set<String>> readableProcedures() {
    if (admin) {
      return Optional.empty();
    }
    return Optional.of(ReadAuthorization.readableProcedures(engine, userId, groups));
  }

  /**
   * Which procedures' recorded values the user may not read (see {@link ReadAuthorization}): none
   * for an administrator.
   */
  Predicate<String> valuesHidden() {
    if (admin) {
      return procedureId -> false;
    }
    return ReadAuthorization.valuesHidden(engine, userId, groups);
  }

  /** Whether the user may read the runs of {@code procedureId}. */
  boolean mayRead(String procedureId) {
    return readableProcedures().map(ids -> ids.contains(procedureId)).orElse(true);
  }
}
