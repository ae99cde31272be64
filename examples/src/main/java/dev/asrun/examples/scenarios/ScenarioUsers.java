package dev.asrun.examples.scenarios;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executors of the scenarios: users in the group {@code operators}, created if missing. A new
 * user gets a random password that is never shown; an administrator sets a real one in Camunda
 * Admin to log in as them. Users that exist are left as they are.
 */
final class ScenarioUsers {

  /** The group the example app grants Tasklist's permissions to (OperatorsGroup). */
  static final String GROUP = "operators";

  private static final Logger LOG = LoggerFactory.getLogger(ScenarioUsers.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private ScenarioUsers() {}

  static void ensure(ProcessEngine engine, List<String> userIds) {
    IdentityService identity = engine.getIdentityService();
    if (identity.createGroupQuery().groupId(GROUP).count() == 0) {
      throw new IllegalStateException("the group '" + GROUP + "' is missing");
    }
    for (String userId : userIds) {
      if (identity.createUserQuery().userId(userId).count() == 0) {
        User user = identity.newUser(userId);
        user.setFirstName(userId.substring(0, 1).toUpperCase(Locale.ROOT) + userId.substring(1));
        user.setLastName("(scenario executor)");
        user.setPassword(randomPassword());
        identity.saveUser(user);
        LOG.info("Created user '{}' in group '{}' for the scenarios", userId, GROUP);
      }
      if (identity.createUserQuery().userId(userId).memberOfGroup(GROUP).count() == 0) {
        identity.createMembership(userId, GROUP);
      }
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
