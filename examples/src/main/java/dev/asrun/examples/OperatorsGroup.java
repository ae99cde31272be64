package dev.asrun.examples;

import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.spring.boot.starter.configuration.Ordering;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Creates the group {@code operators} that the procedures name as their executors, makes the admin
 * user a member, and grants the group what working steps in Tasklist needs, and what their
 * observations need to move a run on past open steps ({@code UPDATE_INSTANCE}, see {@code
 * docs/security.md}). Runs after the admin user exists and changes nothing that is already in
 * place, so restarts are harmless.
 */
@Component
@Order(Ordering.DEFAULT_ORDER + 1)
class OperatorsGroup extends AbstractProcessEnginePlugin {

  static final String ID = "operators";

  private static final String NAME = "Operators";
  private static final String ANY = Authorization.ANY;

  private static final Logger LOG = LoggerFactory.getLogger(OperatorsGroup.class);

  private final CamundaBpmProperties camunda;

  OperatorsGroup(CamundaBpmProperties camunda) {
    this.camunda = camunda;
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    IdentityService identity = engine.getIdentityService();
    if (identity.createGroupQuery().groupId(ID).count() == 0) {
      Group group = identity.newGroup(ID);
      group.setName(NAME);
      group.setType(Groups.GROUP_TYPE_WORKFLOW);
      identity.saveGroup(group);
      LOG.info("Created group '{}'", ID);
    }
    String admin = camunda.getAdminUser() == null ? null : camunda.getAdminUser().getId();
    if (admin != null
        && identity.createUserQuery().userId(admin).count() == 1
        && identity.createUserQuery().userId(admin).memberOfGroup(ID).count() == 0) {
      identity.createMembership(admin, ID);
      LOG.info("Added user '{}' to group '{}'", admin, ID);
    }

    AuthorizationService authorizations = engine.getAuthorizationService();
    grant(authorizations, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grant(
        authorizations,
        Resources.PROCESS_DEFINITION,
        ANY,
        ProcessDefinitionPermissions.READ,
        ProcessDefinitionPermissions.CREATE_INSTANCE,
        ProcessDefinitionPermissions.READ_INSTANCE,
        ProcessDefinitionPermissions.READ_TASK,
        ProcessDefinitionPermissions.UPDATE_TASK,
        ProcessDefinitionPermissions.UPDATE_INSTANCE,
        ProcessDefinitionPermissions.READ_HISTORY);
    grant(
        authorizations,
        Resources.PROCESS_INSTANCE,
        ANY,
        ProcessInstancePermissions.READ,
        ProcessInstancePermissions.CREATE);
    grant(authorizations, Resources.TASK, ANY, TaskPermissions.READ, TaskPermissions.UPDATE);
    grant(authorizations, Resources.FILTER, ANY, Permissions.READ);
  }

  /** Adds the permissions the group's grant on the resource lacks, creating the grant if none. */
  private static void grant(
      AuthorizationService authorizations,
      Resource resource,
      String resourceId,
      Permission... permissions) {
    Authorization authorization =
        authorizations
            .createAuthorizationQuery()
            .authorizationType(AUTH_TYPE_GRANT)
            .groupIdIn(ID)
            .resourceType(resource)
            .resourceId(resourceId)
            .singleResult();
    boolean changed = false;
    if (authorization == null) {
      authorization = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
      authorization.setGroupId(ID);
      authorization.setResource(resource);
      authorization.setResourceId(resourceId);
      changed = true;
    }
    for (Permission permission : permissions) {
      if (!authorization.isPermissionGranted(permission)) {
        authorization.addPermission(permission);
        changed = true;
      }
    }
    if (changed) {
      authorizations.saveAuthorization(authorization);
      LOG.info(
          "Granted group '{}' {} on {} '{}'",
          ID,
          Arrays.stream(permissions).map(Permission::getName).collect(Collectors.joining(", ")),
          resource.resourceName(),
          resourceId);
    }
  }
}
