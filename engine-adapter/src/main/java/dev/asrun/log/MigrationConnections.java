package dev.asrun.log;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import javax.sql.DataSource;

/**
 * The data source the log's migrations run on: the caller's, with each connection answering {@code
 * isClosed()} once it is closed, as JDBC requires of every connection. Flyway asks that of each
 * connection it has closed; the pool of a standalone Camunda engine (MyBatis's {@code
 * PooledDataSource}, what a {@code jdbcUrl} in the engine's configuration makes) throws instead,
 * which Flyway logs as an ERROR with a stack trace at every start although the migration succeeded.
 */
final class MigrationConnections {

  private MigrationConnections() {}

  /** {@code dataSource}, whose connections stay closed once closed. */
  static DataSource of(DataSource dataSource) {
    return proxy(
        DataSource.class,
        (proxy, method, args) -> {
          Object result = call(dataSource, method, args);
          return method.getName().equals("getConnection")
              ? proxy(Connection.class, new StaysClosed((Connection) result))
              : result;
        });
  }

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(
        Proxy.newProxyInstance(
            MigrationConnections.class.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** A connection that remembers its close: closed once, and closed when asked afterwards. */
  private static final class StaysClosed implements InvocationHandler {

    private final Connection connection;
    private boolean closed;

    StaysClosed(Connection connection) {
      this.connection = connection;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getParameterCount() == 0 && method.getName().equals("isClosed")) {
        return closed || connection.isClosed();
      }
      if (method.getParameterCount() == 0 && method.getName().equals("close")) {
        if (!closed) {
          closed = true;
          connection.close();
        }
        return null;
      }
      return call(connection, method, args);
    }
  }
}
