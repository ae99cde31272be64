package dev.asrun.monitor;

import dev.asrun.AsRunPlugin;
import dev.asrun.record.CommandConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.ProcessDefinition;

/**
 * Reports observations to the monitor, from Java, with or without Spring (see {@code
 * docs/observations.md}). One observation, or a batch, is worked in one engine command: what it
 * records and every engine command it causes (tasks completed, runs started and moved on) commit
 * together or not at all. With Camunda's Spring Boot starter the command joins the running Spring
 * transaction, if there is one.
 *
 * <p>Who may report for whom: a caller authenticated on the engine (its identity service's current
 * authentication) in the group {@value #INGEST_GROUP} may report for any executor; any other
 * authenticated caller only as themselves (an observation naming no executor is theirs). Code that
 * runs without an authenticated user is trusted: the observation's executor is recorded as given.
 *
 * <p>Idempotency: an observation with an {@code idempotency_key} that its reporter (the
 * authenticated caller; {@value #TRUSTED_REPORTER} for code that runs without one) used before
 * records nothing and answers what it answered the first time; so does a retry that races the
 * first attempt (the loser rolls back and re-reads). Keys are per reporter: the same key from two
 * reporters is two observations.
 *
 * <p>Races: reports that change the same runs at the same moment (two sensors, a sensor and
 * Tasklist) end as if they had come one after the other. A batch whose command loses Camunda's
 * optimistic-locking race is rolled back whole and worked again on what the winner left, up to
 * {@code ATTEMPTS} times in all; past that it is refused ({@link
 * ObservationException.Kind#CONFLICT}, nothing recorded, safe to send again).
 *
 * <p>An observation that would move more runs (complete, move on, start, or add an extra step to)
 * than the engine's {@link AsRunPlugin#setRunsPerObservation} allows is refused as bad input
 * ({@code action}), and then nothing of it (or of its batch) is recorded.
 */
public final class ObservationService {

  /** The group whose members may report observations for any executor. */
  public static final String INGEST_GROUP = "asrun-ingest";

  /** The most observations in one batch. */
  public static final int MAX_BATCH = 1000;

  /** The reporter whose idempotency keys code without an authenticated user uses. */
  static final String TRUSTED_REPORTER = "";

  /**
   * How often a batch is worked in all when its command loses an optimistic-locking race, or when
   * its idempotency keys race their first use.
   */
  private static final int ATTEMPTS = 5;

  private final ProcessEngine engine;
  private final ProcessEngineConfigurationImpl configuration;
  private final DeployedProcedures deployed;
  private final int runsPerObservation;
  private final Duration corroborationTolerance;
  private final Duration futureHorizon;
  private final Duration beforeStartTolerance;

  /**
   * A service with the settings of the engine's {@link AsRunPlugin} (its corroboration tolerance,
   * future horizon and before-start tolerance, the runs one observation may move), or their
   * defaults if the engine has none.
   */
  public ObservationService(ProcessEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    this.deployed = new DeployedProcedures(engine);
    AsRunPlugin plugin =
        configuration.getProcessEnginePlugins().stream()
            .filter(AsRunPlugin.class::isInstance)
            .map(AsRunPlugin.class::cast)
            .findFirst()
            .orElseGet(AsRunPlugin::new);
    this.corroborationTolerance = plugin.getCorroborationTolerance();
    this.futureHorizon = plugin.getFutureHorizon();
    this.beforeStartTolerance = plugin.getBeforeStartTolerance();
    this.runsPerObservation = plugin.getRunsPerObservation();
  }

  /**
   * Works one observation.
   *
   * @throws ObservationException if the caller may not report for its executor
   */
  public ObservationResult report(Observation observation) {
    return reportAll(List.of(observation)).get(0);
  }

  /**
   * Works a batch, all or nothing, in the order of the observations' claimed times (stable: equal
   * times in request order), so a report delivered late but claiming an earlier time is placed
   * where it happened; each observation sees what the earlier ones did.
   *
   * @return an answer per observation, in request order
   * @throws ObservationException naming the observation ({@code [index].field}) that is refused
   *     (among others a {@code timestamp} beyond the future horizon); then nothing of the batch is
   *     recorded
   */
  public List<ObservationResult> reportAll(List<Observation> observations) {
    Objects.requireNonNull(observations, "observations");
    if (observations.isEmpty()) {
      throw ObservationException.badInput("observations", "the batch is empty");
    }
    if (observations.size() > MAX_BATCH) {
      throw ObservationException.badInput(
          "observations",
          "the batch has " + observations.size() + " observations; at most " + MAX_BATCH);
    }
    List<String> executors = new ArrayList<>();
    for (int i = 0; i < observations.size(); i++) {
      Observation observation = Objects.requireNonNull(observations.get(i), "observation");
      try {
        withinHorizon(observation);
        executors.add(executorOf(observation));
      } catch (ObservationException e) {
        throw observations.size() == 1 ? e : e.at(i);
      }
    }
    Set<String> keys = new LinkedHashSet<>();
    observations.forEach(observation -> observation.idempotencyKey().ifPresent(keys::add));
    String reporter = reporter();
    for (int attempt = 1; ; attempt++) {
      try {
        return configuration
            .getCommandExecutorTxRequired()
            .execute(command -> work(command, observations, executors, reporter, keys));
      } catch (OptimisticLockingException e) {
        // another command changed the same runs first; this one rolled back whole: work the
        // observations again on what it left, as if they had arrived a moment later
        if (attempt == ATTEMPTS) {
          throw ObservationException.conflict(
              "the observations raced other reports of the same runs "
                  + ATTEMPTS
                  + " times and were not recorded; send them again");
        }
      } catch (ProcessEngineException e) {
        if (keys.isEmpty() || attempt == ATTEMPTS || !anyKnown(reporter, keys)) {
          throw e;
        }
      }
    }
  }

  private List<ObservationResult> work(
      CommandContext command,
      List<Observation> observations,
      List<String> executors,
      String reporter,
      Set<String> keys) {
    Connection connection = CommandConnection.of(command);
    try {
      Map<String, ObservationResult> answered =
          new HashMap<>(IdempotencyKeys.find(connection, reporter, keys));
      ObservationResult[] results = new ObservationResult[observations.size()];
      Map<String, ObservationResult> recorded = new LinkedHashMap<>();
      try (Monitor monitor =
          new Monitor(
              engine,
              command,
              deployed,
              runsPerObservation,
              corroborationTolerance,
              beforeStartTolerance)) {
        observeAll(monitor, observations, executors, answered, recorded, results);
      }
      IdempotencyKeys.insert(connection, reporter, recorded, ClockUtil.now().toInstant());
      return List.of(results);
    } catch (SQLException e) {
      throw new ProcessEngineException(
          "the observations could not be recorded, so nothing of them is: " + e.getMessage(), e);
    }
  }

  /**
   * Has {@code monitor} work each observation in claimed-time order into {@code results}, those
   * whose key has an answer already ({@code answered}) excepted; the answers of keyed ones go into
   * {@code recorded} too.
   */
  private static void observeAll(
      Monitor monitor,
      List<Observation> observations,
      List<String> executors,
      Map<String, ObservationResult> answered,
      Map<String, ObservationResult> recorded,
      ObservationResult[] results)
      throws SQLException {
    for (int i : claimedTimeOrder(observations)) {
      Observation observation = observations.get(i);
      Optional<String> key = observation.idempotencyKey();
      if (key.isPresent() && answered.containsKey(key.get())) {
        results[i] = answered.get(key.get());
        continue;
      }
      ObservationResult result;
      try {
        result = monitor.observe(observation, executors.get(i));
      } catch (ObservationException e) {
        throw observations.size() == 1 ? e : e.at(i);
      }
      if (key.isPresent()) {
        answered.put(key.get(), result);
        recorded.put(key.get(), result);
      }
      results[i] = result;
    }
  }

  /** The positions of {@code observations} by claimed time; equal times in request order. */
  private static List<Integer> claimedTimeOrder(List<Observation> observations) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < observations.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparing(i -> observations.get(i).timestamp()));
    return order;
  }

  /** Refuses a claimed time beyond the future horizon: it would place the report out of order. */
  private void withinHorizon(Observation observation) {
    Instant latest = ClockUtil.now().toInstant().plus(futureHorizon);
    if (observation.timestamp().isAfter(latest)) {
      throw ObservationException.badInput(
          "timestamp",
          "claims " + observation.timestamp() + ", more than " + futureHorizon
              + " (the future horizon) after the server's time " + ClockUtil.now().toInstant()
              + "; give the time the action happened, in UTC or with an offset");
    }
  }

  /** The latest version of every deployed procedure, by id. */
  public List<MonitoredProcedure> procedures() {
    return configuration
        .getCommandExecutorTxRequired()
        .execute(
            command -> {
              List<ProcessDefinition> latest =
                  command.runWithoutAuthorization(
                      () ->
                          engine
                              .getRepositoryService()
                              .createProcessDefinitionQuery()
                              .latestVersion()
                              .orderByProcessDefinitionKey()
                              .asc()
                              .list());
              List<MonitoredProcedure> procedures = new ArrayList<>();
              for (ProcessDefinition definition : latest) {
                Template.ofDefinition(definition.getId())
                    .ifPresent(
                        template ->
                            procedures.add(
                                new MonitoredProcedure(
                                    template.procedureId(),
                                    definition.getName(),
                                    definition.getVersionTag() == null
                                            || definition.getVersionTag().isBlank()
                                        ? Integer.toString(definition.getVersion())
                                        : definition.getVersionTag(),
                                    template.windowed(),
                                    List.copyOf(template.duringActions()),
                                    template.alwaysWatched(),
                                    template.location(),
                                    List.copyOf(template.equipment()))));
              }
              return procedures;
            });
  }

  private boolean anyKnown(String reporter, Set<String> keys) {
    return configuration
        .getCommandExecutorTxRequiresNew()
        .execute(
            command -> {
              try {
                return IdempotencyKeys.anyKnown(
                    command.getDbSqlSession().getSqlSession().getConnection(), reporter, keys);
              } catch (SQLException e) {
                throw new ProcessEngineException(
                    "the observations' keys could not be read: " + e.getMessage(), e);
              }
            });
  }

  /** Who reports: the authenticated caller, or {@value #TRUSTED_REPORTER} for trusted code. */
  private String reporter() {
    Authentication caller = engine.getIdentityService().getCurrentAuthentication();
    return caller == null || caller.getUserId() == null ? TRUSTED_REPORTER : caller.getUserId();
  }

  /** The executor the observation is recorded for, if the caller may report for it. */
  private String executorOf(Observation observation) {
    Authentication caller = engine.getIdentityService().getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null) {
      return observation.executorId().orElse(null);
    }
    String user = caller.getUserId();
    List<String> groups = caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
    if (groups.contains(INGEST_GROUP)) {
      return observation.executorId().orElse(user);
    }
    Optional<String> named = observation.executorId();
    if (named.isPresent() && !named.get().equals(user)) {
      throw new ObservationException(
          ObservationException.Kind.FORBIDDEN,
          "executor_id",
          "you are '" + user + "' and may report only your own actions; reporting for '"
              + named.get() + "' needs membership in the group " + INGEST_GROUP);
    }
    return user;
  }
}
