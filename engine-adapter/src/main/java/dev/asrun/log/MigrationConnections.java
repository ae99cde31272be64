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
    return proxy(DataSource.class, new Handler(dataSource, false));
  }

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(
        Proxy.newProxyInstance(
            MigrationConnections.class.getClassLoader(), new Class<?>[] {type}, handler));
  }

  /** Passes every call on; wraps the connections a data source gives, remembers a close. */
  private static final class Handler implements InvocationHandler {

    private final Object target;
    private final boolean connection;
    private boolean closed;

    Handler(Object target, boolean connection) {
      this.target = target;
      this.connection = connection;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (connection && method.getName().equals("isClosed") && method.getParameterCount() == 0) {
        return closed || (boolean) call(method, args);
      }
      if (connection && method.getName().equals("close") && method.getParameterCount() == 0) {
        if (!closed) {
          closed = true;
          call(method, args);
        }
        return null;
      }
      Object result = call(method, args);
      if (!connection && method.getName().equals("getConnection")) {
        return proxy(Connection.class, new Handler(result, true));
      }
      return result;
    }

    private Object call(Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
