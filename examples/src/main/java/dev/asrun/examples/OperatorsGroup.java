package dev.asrun.examples;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
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
    Grants.ensureGroup(identity, ID, NAME);
    String admin = camunda.getAdminUser() == null ? null : camunda.getAdminUser().getId();
    if (admin != null
        && identity.createUserQuery().userId(admin).count() == 1
        && identity.createUserQuery().userId(admin).memberOfGroup(ID).count() == 0) {
      identity.createMembership(admin, ID);
      LOG.info("Added user '{}' to group '{}'", admin, ID);
    }

    Grants grants = new Grants(engine.getAuthorizationService(), ID);
    grants.grant(Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grants.grant(
        Resources.PROCESS_DEFINITION,
        ANY,
        ProcessDefinitionPermissions.READ,
        ProcessDefinitionPermissions.CREATE_INSTANCE,
        ProcessDefinitionPermissions.READ_INSTANCE,
        ProcessDefinitionPermissions.READ_TASK,
        ProcessDefinitionPermissions.UPDATE_TASK,
        ProcessDefinitionPermissions.UPDATE_INSTANCE,
        ProcessDefinitionPermissions.READ_HISTORY);
    grants.grant(
        Resources.PROCESS_INSTANCE,
        ANY,
        ProcessInstancePermissions.READ,
        ProcessInstancePermissions.CREATE);
    grants.grant(Resources.TASK, ANY, TaskPermissions.READ, TaskPermissions.UPDATE);
    grants.grant(Resources.FILTER, ANY, Permissions.READ);
  }
}
