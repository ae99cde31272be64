package dev.asrun.record;

import java.sql.Connection;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContextListener;

/**
 * The connection of an engine command, for writing the as-run log in the command's transaction,
 * rolled back with the command whoever manages the transaction.
 *
 * <p>Writing on the command's connection with plain JDBC is not enough: when the engine manages its
 * own transactions (a standalone configuration), MyBatis rolls back only a session that it wrote
 * through itself, and then closes the connection by switching auto-commit back on, which commits
 * what is pending. So a command that fails after the as-run events were written but before the
 * engine wrote anything of its own (the as-run session flushes first; a confirmation prompt started
 * there draws new ids, which another node may contend for with an {@code
 * OptimisticLockingException}) would commit its events without the engine's changes, and the
 * client's retry would record them again. The connection handed out here is rolled back when the
 * command fails; a transaction managed outside the engine (Spring, JTA) is left to its manager,
 * which rolls it back anyway.
 */
public final class CommandConnection {

  private static final CommandContextListener ROLLBACK_ON_FAILURE =
      new CommandContextListener() {
        @Override
        public void onCommandContextClose(CommandContext commandContext) {}

        @Override
        public void onCommandFailed(CommandContext commandContext, Throwable failure) {
          commandContext.getDbSqlSession().getSqlSession().rollback(true);
        }
      };

  private CommandConnection() {}

  /** The connection of {@code command}, whose writes are rolled back if the command fails. */
  public static Connection of(CommandContext command) {
    command.registerCommandContextListener(ROLLBACK_ON_FAILURE);
    return command.getDbSqlSession().getSqlSession().getConnection();
  }
}
