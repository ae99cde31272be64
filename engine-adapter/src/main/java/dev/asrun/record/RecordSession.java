package dev.asrun.record;

import dev.asrun.log.LoggedEvent;
import dev.asrun.log.NewEvent;
import dev.asrun.log.Statements;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;

/**
 * The as-run record as one engine command sees it: writing through the {@link RecordWriter} and
 * reading a run's stream, on the command's connection ({@link CommandConnection}), with statements
 * prepared once for the command and closed when it ends. Opened by the engine per command ({@code
 * customSessionFactories}, installed by {@link dev.asrun.AsRunPlugin}).
 */
public final class RecordSession implements Session {

  private final RecordWriter writer;
  private final CommandContext command;
  private Statements statements;

  /** The complete streams of the runs this command has written to, under their heads' locks. */
  private final Map<String, List<LoggedEvent>> streams = new HashMap<>();

  private RecordSession(RecordWriter writer, CommandContext command) {
    this.writer = writer;
    this.command = command;
  }

  /** The session of the running command. */
  public static RecordSession current() {
    CommandContext command = Context.getCommandContext();
    if (command == null) {
      throw new IllegalStateException("the as-run record is written inside an engine command");
    }
    return of(command);
  }

  /** The session of {@code command}. */
  public static RecordSession of(CommandContext command) {
    RecordSession session = command.getSession(RecordSession.class);
    if (session == null) {
      throw new ProcessEngineException(
          "this process engine has no as-run record: install dev.asrun.AsRunPlugin");
    }
    return session;
  }

  /** Opens a session per command for the engine. */
  public static SessionFactory factory(RecordWriter writer) {
    Objects.requireNonNull(writer, "writer");
    return new SessionFactory() {
      @Override
      public Class<?> getSessionType() {
        return RecordSession.class;
      }

      @Override
      public Session openSession() {
        return new RecordSession(writer, Context.getCommandContext());
      }
    };
  }

  /** The command's connection, in its transaction. */
  public Connection connection() {
    return statements().connection();
  }

  /** Writes {@code events} and what they make the deviation detector say ({@link RecordWriter}). */
  public List<LoggedEvent> write(List<NewEvent> events) throws SQLException {
    return writer.write(
        statements(),
        events,
        streams,
        whenCommitted ->
            command
                .getTransactionContext()
                .addTransactionListener(
                    TransactionState.COMMITTED, committed -> whenCommitted.run()));
  }

  /** Locks {@code stream} until the command's transaction ends, as an append does. */
  public void lock(String stream) throws SQLException {
    writer.log().lock(statements(), stream);
  }

  /**
   * The events of the run's stream: as this command wrote them when it has written to the run (it
   * holds the stream's lock since), else from the log itself.
   */
  public List<LoggedEvent> run(String runId) throws SQLException {
    List<LoggedEvent> written = streams.get(runId);
    return written != null ? written : writer.log().run(connection(), runId);
  }

  private Statements statements() {
    if (statements == null) {
      statements = new Statements(CommandConnection.of(command));
    }
    return statements;
  }

  @Override
  public void flush() {
    // everything is written when the command asks, in its transaction
  }

  @Override
  public void close() {
    if (statements != null) {
      try {
        statements.close();
      } catch (SQLException e) {
        throw new ProcessEngineException("could not close the as-run record's statements", e);
      }
    }
  }
}
