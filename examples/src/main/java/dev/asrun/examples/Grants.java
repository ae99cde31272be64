package dev.asrun.examples;

import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.identity.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group's grants as the example app sets them up at startup, the way an administrator gives them
 * in Camunda Admin: only what is missing is added, so restarts are harmless and what an
 * administrator added stays.
 */
final class Grants {

  private static final Logger LOG = LoggerFactory.getLogger(Grants.class);

  private final AuthorizationService authorizations;
  private final String group;

  Grants(AuthorizationService authorizations, String group) {
    this.authorizations = authorizations;
    this.group = group;
  }

  /** Creates the workflow group {@code id} named {@code name} unless it exists. */
  static void ensureGroup(IdentityService identity, String id, String name) {
    if (identity.createGroupQuery().groupId(id).count() == 0) {
      Group created = identity.newGroup(id);
      created.setName(name);
      created.setType(Groups.GROUP_TYPE_WORKFLOW);
      identity.saveGroup(created);
      LOG.info("Created group '{}'", id);
    }
  }

  /** Adds the permissions the group's grant on the resource lacks, creating the grant if none. */
  void grant(Resource resource, String resourceId, Permission... permissions) {
    Authorization authorization =
        authorizations
            .createAuthorizationQuery()
            .authorizationType(AUTH_TYPE_GRANT)
            .groupIdIn(group)
            .resourceType(resource)
            .resourceId(resourceId)
            .singleResult();
    boolean changed = false;
    if (authorization == null) {
      authorization = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
      authorization.setGroupId(group);
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
          group,
          Arrays.stream(permissions).map(Permission::getName).collect(Collectors.joining(", ")),
          resource.resourceName(),
          resourceId);
    }
  }
}
