package dev.asrun.examples;

import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;

/** Users the example app's tests create: a fresh id, its own id as password. */
public final class TestUsers {

  private TestUsers() {}

  /**
   * A new user {@code prefix} plus 8 random letters and digits (as the engine requires of ids),
   * whose password is its id, a member of {@code group} (created if missing) unless it is null.
   */
  public static String create(IdentityService identity, String prefix, String group) {
    String id = prefix + UUID.randomUUID().toString().substring(0, 8);
    User user = identity.newUser(id);
    user.setPassword(id);
    identity.saveUser(user);
    if (group != null) {
      if (identity.createGroupQuery().groupId(group).count() == 0) {
        identity.saveGroup(identity.newGroup(group));
      }
      identity.createMembership(id, group);
    }
    return id;
  }
}
