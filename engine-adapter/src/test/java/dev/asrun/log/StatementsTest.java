package dev.asrun.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StatementsTest {

  private static final String SQL = "SELECT COUNT(*) FROM asrun_event WHERE stream = ?";

  private static TestDatabases databases;

  @BeforeAll
  static void startDatabases() throws Exception {
    databases = TestDatabases.start();
  }

  @AfterAll
  static void stopDatabases() throws Exception {
    databases.close();
  }

  /** What a pool hands out at each checkout: a proxy of its own over the one driver connection. */
  private static Connection checkout(Connection driver) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              try {
                return method.invoke(driver, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private static long count(PreparedStatement statement, String stream) throws Exception {
    statement.setString(1, stream);
    try (ResultSet row = statement.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }

  @OnBothDatabases
  void preparesAStatementOncePerUnitOfWork(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    try (Connection connection = db.dataSource().getConnection();
        Statements statements = new Statements(connection)) {
      PreparedStatement first = statements.prepare(SQL);
      first.setString(1, "run:a");

      PreparedStatement again = statements.prepare(SQL);

      assertThat(again).isSameAs(first);
      assertThatThrownBy(again::executeQuery).isInstanceOf(SQLException.class);
      assertThat(count(again, "run:a")).isZero();
    }
  }

  @Test
  void keepsH2StatementsOnTheDriversConnectionForTheNextUnitOfWork() throws Exception {
    TestDatabase db = databases.create(Vendor.H2);
    try (Connection driver = db.dataSource().getConnection()) {
      PreparedStatement first;
      try (Statements command = new Statements(checkout(driver))) {
        first = command.prepare(SQL);
        assertThat(count(first, "run:a")).isZero();
      }

      try (Statements next = new Statements(checkout(driver))) {
        PreparedStatement kept = next.prepare(SQL);

        assertThat(kept).isSameAs(first);
        assertThat(kept.isClosed()).isFalse();
        assertThat(count(kept, "run:b")).isZero();
      }
    }
  }

  @Test
  void givesAUnitOfWorkNestedOnTheSameH2ConnectionStatementsOfItsOwn() throws Exception {
    TestDatabase db = databases.create(Vendor.H2);
    try (Connection driver = db.dataSource().getConnection()) {
      PreparedStatement outer;
      PreparedStatement inner;
      try (Statements command = new Statements(checkout(driver))) {
        outer = command.prepare(SQL);
        try (Statements nested = new Statements(checkout(driver))) {
          inner = nested.prepare(SQL);
          assertThat(inner).isNotSameAs(outer);
        }
        assertThat(inner.isClosed()).isFalse();
      }

      assertThat(outer.isClosed()).isTrue();
      try (Statements next = new Statements(checkout(driver))) {
        assertThat(next.prepare(SQL)).isSameAs(inner);
      }
    }
  }

  @Test
  void closesPostgreSqlStatementsWhenTheUnitOfWorkEnds() throws Exception {
    TestDatabase db = databases.create(Vendor.POSTGRESQL);
    try (Connection connection = db.dataSource().getConnection()) {
      PreparedStatement prepared;
      try (Statements command = new Statements(connection)) {
        prepared = command.prepare(SQL);
      }

      assertThat(prepared.isClosed()).isTrue();
    }
  }

  @Test
  void closesTheStatementsOfRewrittenSqlWhenTheUnitOfWorkEnds() throws Exception {
    TestDatabase db = databases.create(Vendor.H2);
    try (Connection connection = db.dataSource().getConnection()) {
      PreparedStatement prepared;
      try (Statements rebuild = new Statements(connection, UnaryOperator.identity())) {
        prepared = rebuild.prepare(SQL);
      }

      assertThat(prepared.isClosed()).isTrue();
    }
  }

  @Test
  void preparesAfreshOnAnotherH2Connection() throws Exception {
    TestDatabase db = databases.create(Vendor.H2);
    PreparedStatement prepared;
    try (Connection driver = db.dataSource().getConnection();
        Statements command = new Statements(driver)) {
      prepared = command.prepare(SQL);
    }

    try (Connection other = db.dataSource().getConnection();
        Statements command = new Statements(other)) {
      PreparedStatement fresh = command.prepare(SQL);

      assertThat(fresh).isNotSameAs(prepared);
      assertThat(count(fresh, "run:a")).isZero();
    }
  }
}
