package dev.asrun.examples;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.spring.boot.starter.configuration.Ordering;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo's reviewer, so that a run of the buffer preparation (whose signature policy keeps {@code
 * reviewed} to the group {@code qa}) can be signed as performed by {@code demo} and reviewed by
 * someone else: the group {@code qa} (Quality assurance), allowed into Cockpit and Tasklist and to
 * read every procedure's runs ({@code READ_HISTORY}), and its member {@code reviewer} (password
 * {@code reviewer}, Rita Reviewer). Off with {@code asrun.examples.demo-reviewer=false}; changes
 * nothing already in place, so restarts are harmless.
 */
@Component
@Order(Ordering.DEFAULT_ORDER + 1)
@ConditionalOnProperty(name = "asrun.examples.demo-reviewer", matchIfMissing = true)
class QaReviewer extends AbstractProcessEnginePlugin {

  static final String GROUP = "qa";
  static final String USER = "reviewer";

  private static final Logger LOG = LoggerFactory.getLogger(QaReviewer.class);

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    IdentityService identity = engine.getIdentityService();
    Grants.ensureGroup(identity, GROUP, "Quality assurance");
    if (identity.createUserQuery().userId(USER).count() == 0) {
      User user = identity.newUser(USER);
      user.setFirstName("Rita");
      user.setLastName("Reviewer");
      user.setPassword(USER);
      identity.saveUser(user);
      identity.createMembership(USER, GROUP);
      LOG.info("Created the demo reviewer '{}' in group '{}'", USER, GROUP);
    }
    Grants grants = new Grants(engine.getAuthorizationService(), GROUP);
    grants.grant(Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grants.grant(Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grants.grant(
        Resources.PROCESS_DEFINITION,
        Authorization.ANY,
        ProcessDefinitionPermissions.READ,
        ProcessDefinitionPermissions.READ_HISTORY);
  }
}
