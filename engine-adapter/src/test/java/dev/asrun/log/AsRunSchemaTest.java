package dev.asrun.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.apache.ibatis.datasource.pooled.PooledDataSource;
import org.junit.jupiter.api.Test;

/**
 * The log's migrations on the pool a standalone Camunda engine makes from a {@code jdbcUrl}
 * (MyBatis's {@code PooledDataSource}), whose connections throw on every call once closed.
 */
class AsRunSchemaTest {

  @Test
  void migratesOnAStandaloneEnginesPoolWithoutCallingAClosedConnection() throws Exception {
    PooledDataSource pool =
        new PooledDataSource(
            "org.h2.Driver", "jdbc:h2:mem:asrun_schema_pooled;DB_CLOSE_DELAY=-1", "sa", "");
    List<String> callsAfterClose = new ArrayList<>();
    DataSource watched = new CallsAfterClose(pool, callsAfterClose);

    assertThat(AsRunSchema.migrate(watched)).isGreaterThan(0);
    assertThat(AsRunSchema.migrate(watched)).isZero();

    assertThat(callsAfterClose).isEmpty();
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      new EventLog().append(connection, Events.step("run-1", "a"));
      connection.commit();
      assertThat(new LogVerifier().verify(connection).ok()).isTrue();
    }
    pool.forceCloseAll();
  }

  /** {@code pool}, recording each call made on one of its connections after that one's close. */
  private record CallsAfterClose(DataSource pool, List<String> calls) implements DataSource {

    @Override
    public Connection getConnection() throws SQLException {
      return watch(pool.getConnection());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return watch(pool.getConnection(user, password));
    }

    private Connection watch(Connection connection) {
      boolean[] closed = {false};
      return (Connection)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                if (closed[0]) {
                  calls.add(method.getName());
                }
                if (method.getName().equals("close")) {
                  closed[0] = true;
                }
                try {
                  return method.invoke(connection, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      return pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
      return pool.isWrapperFor(type);
    }
  }
}
