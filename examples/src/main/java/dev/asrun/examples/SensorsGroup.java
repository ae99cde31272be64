package dev.asrun.examples;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.spring.boot.starter.configuration.Ordering;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Creates the group {@code sensors} for the accounts of sensors and tools that report observations
 * ({@code POST /asrun/api/v1/observations}), and grants it, for every procedure, what an
 * observation needs to complete a step ({@code TASK_WORK}), start a run ({@code CREATE_INSTANCE},
 * and {@code CREATE} on process instances) and move a run on ({@code UPDATE_INSTANCE}), and to be
 * told which runs it moved ({@code READ}, {@code READ_HISTORY}); no Tasklist, no Cockpit. An
 * administrator adds a sensor's user to it in Camunda Admin, or gives such grants per procedure
 * instead (see {@code docs/security.md}). Changes nothing that is already in place.
 */
@Component
@Order(Ordering.DEFAULT_ORDER + 1)
class SensorsGroup extends AbstractProcessEnginePlugin {

  static final String ID = "sensors";

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    Grants.ensureGroup(engine.getIdentityService(), ID, "Sensors and tools");
    Grants grants = new Grants(engine.getAuthorizationService(), ID);
    grants.grant(
        Resources.PROCESS_DEFINITION,
        Authorization.ANY,
        ProcessDefinitionPermissions.READ,
        ProcessDefinitionPermissions.READ_HISTORY,
        ProcessDefinitionPermissions.CREATE_INSTANCE,
        ProcessDefinitionPermissions.TASK_WORK,
        ProcessDefinitionPermissions.UPDATE_INSTANCE);
    grants.grant(
        Resources.PROCESS_INSTANCE, Authorization.ANY, ProcessInstancePermissions.CREATE);
  }
}
