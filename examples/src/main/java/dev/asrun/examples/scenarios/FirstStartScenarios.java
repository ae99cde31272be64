package dev.asrun.examples.scenarios;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On the app's first start, when the as-run record holds no run yet, works {@code
 * asrun.examples.scenarios.runs} runs of each built-in procedure (default 3; 0 turns it off) on a
 * background thread once the app is ready, so Cockpit and the as-run API have history to show
 * without delaying the start. Logs one line with what came of it.
 */
@Component
class FirstStartScenarios {

  /** How many runs of each procedure to work on the first start. */
  static final String RUNS_PROPERTY = "asrun.examples.scenarios.runs";

  private static final Logger LOG = LoggerFactory.getLogger(FirstStartScenarios.class);

  private final ProcessEngine engine;
  private final DataSource dataSource;
  private final int runs;

  FirstStartScenarios(
      ProcessEngine engine,
      DataSource dataSource,
      @Value("${" + RUNS_PROPERTY + ":3}") int runs) {
    this.engine = engine;
    this.dataSource = dataSource;
    this.runs = runs;
  }

  @EventListener(ApplicationReadyEvent.class)
  void workScenariosOnFirstStart() {
    if (runs <= 0) {
      return;
    }
    try {
      if (hasRuns()) {
        LOG.debug("The as-run record has runs already: no scenarios");
        return;
      }
    } catch (SQLException e) {
      LOG.warn("Scenarios not started: cannot read the run index: {}", e.getMessage());
      return;
    }
    Thread worker = new Thread(this::work, "asrun-scenarios");
    worker.setDaemon(true);
    worker.start();
  }

  private void work() {
    LOG.info("First start: working {} runs of each built-in procedure ({}={})",
        runs, RUNS_PROPERTY, runs);
    try {
      ScenarioSummary summary = new ScenarioDriver(engine, dataSource).run(runs);
      LOG.info("Scenarios done: {}", summary);
    } catch (RuntimeException e) {
      LOG.warn("Scenarios stopped: {}", e.getMessage(), e);
    }
  }

  private boolean hasRuns() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM asrun_run")) {
      rows.next();
      return rows.getLong(1) > 0;
    }
  }
}
