package dev.asrun.examples;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * A database the packaged app runs on, as its user configures it.
 *
 * @param directory the app's working folder
 * @param arguments the app's command-line arguments that select the database
 * @param environment the environment variables the app reads for it
 * @param url the JDBC address, for reading it from this JVM
 * @param user its user
 * @param password its password
 */
record AppDatabase(
    Path directory,
    List<String> arguments,
    Map<String, String> environment,
    String url,
    String user,
    String password) {

  /**
   * The app's own H2 configuration, unchanged: the file database under {@code ./data} of the app
   * running in {@code folder}.
   */
  static AppDatabase h2(Path folder) {
    String url = "jdbc:h2:file:" + folder.resolve("data").resolve("asrun").toAbsolutePath();
    return new AppDatabase(folder, List.of(), Map.of(), url, "sa", "");
  }

  /**
   * The database {@code name} of an embedded PostgreSQL server, through the app's {@code postgres}
   * profile and its {@code ASRUN_DB_*} variables.
   */
  static AppDatabase postgres(EmbeddedPostgres server, String name, Path folder) {
    String url = server.getJdbcUrl("postgres", name);
    return new AppDatabase(
        folder,
        List.of("--spring.profiles.active=postgres"),
        Map.of("ASRUN_DB_URL", url, "ASRUN_DB_USER", "postgres", "ASRUN_DB_PASSWORD", "postgres"),
        url,
        "postgres",
        "postgres");
  }

  /** A connection from this JVM; for H2, only while no app process has the file open. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }
}
