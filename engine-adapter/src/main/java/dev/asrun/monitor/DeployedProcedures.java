package dev.asrun.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.deploy.cache.DeploymentCache;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.repository.ProcessDefinition;

/**
 * What the monitor reads of the deployed procedures, kept from one observation to the next and read
 * again when the deployments change: the latest version of every compiled procedure that is not
 * suspended, with its template and, for a procedure watched without a trigger, its first steps;
 * and for each action the procedures that have a step of it or are triggered by it, in any of their
 * versions (a run goes on in the version it started in).
 *
 * <p>A change is seen by a key each batch reads from the engine's tables: the number of process
 * definitions, the sum of their revisions (suspending or activating a definition raises it) and the
 * newest deployment's time. Deploying, deleting a deployment, suspending or activating a definition
 * all change it, on whichever node of a cluster they happened.
 */
final class DeployedProcedures {

  private final ProcessEngine engine;
  private final AtomicReference<Snapshot> current = new AtomicReference<>();

  DeployedProcedures(ProcessEngine engine) {
    this.engine = engine;
  }

  /** The deployed procedures as {@code command} sees them. */
  Snapshot in(CommandContext command) throws SQLException {
    String key = key(command);
    Snapshot snapshot = current.get();
    if (snapshot == null || !snapshot.key.equals(key)) {
      snapshot = read(command, key);
      current.set(snapshot);
    }
    return snapshot;
  }

  private static String key(CommandContext command) throws SQLException {
    String prefix = command.getProcessEngineConfiguration().getDatabaseTablePrefix();
    Connection connection = command.getDbSqlSession().getSqlSession().getConnection();
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT COUNT(*), SUM(p.REV_), MAX(d.DEPLOY_TIME_) FROM "
                    + prefix + "ACT_RE_PROCDEF p JOIN "
                    + prefix + "ACT_RE_DEPLOYMENT d ON d.ID_ = p.DEPLOYMENT_ID_");
        ResultSet row = select.executeQuery()) {
      row.next();
      return row.getLong(1) + "/" + row.getLong(2) + "/" + row.getString(3);
    }
  }

  private Snapshot read(CommandContext command, String key) {
    List<ProcessDefinition> all =
        command.runWithoutAuthorization(
            () -> engine.getRepositoryService().createProcessDefinitionQuery().list());
    Map<String, ProcessDefinition> latestByKey = new HashMap<>();
    Map<String, Set<String>> procedureIdsByAction = new HashMap<>();
    for (ProcessDefinition definition : all) {
      latestByKey.merge(
          definition.getKey() + "\u0000" + definition.getTenantId(),
          definition,
          (a, b) -> a.getVersion() >= b.getVersion() ? a : b);
      Template.ofDefinition(definition.getId())
          .ifPresent(
              template -> {
                Set<String> actions = new HashSet<>(template.stepsByAction().keySet());
                actions.addAll(template.duringActions());
                for (String action : actions) {
                  procedureIdsByAction
                      .computeIfAbsent(action, a -> new HashSet<>())
                      .add(template.procedureId());
                }
              });
    }
    Set<String> latestIds = new HashSet<>();
    latestByKey.values().forEach(definition -> latestIds.add(definition.getId()));
    List<Definition> latest = new ArrayList<>();
    for (ProcessDefinition definition : all) {
      if (!latestIds.contains(definition.getId()) || definition.isSuspended()) {
        continue;
      }
      Template.ofDefinition(definition.getId())
          .ifPresent(template -> latest.add(new Definition(definition.getId(), template)));
    }
    return new Snapshot(key, latest, procedureIdsByAction);
  }

  private static Set<String> allSteps(Template template) {
    Set<String> steps = new HashSet<>();
    template.stepsByAction().values().forEach(steps::addAll);
    return steps;
  }

  /** The engine's parsed definition {@code definitionId}, from its deployment cache. */
  private static ProcessDefinitionEntity entity(String definitionId) {
    DeploymentCache cache = Context.getProcessEngineConfiguration().getDeploymentCache();
    return cache.findDeployedProcessDefinitionById(definitionId);
  }

  /**
   * The latest version of a compiled procedure.
   *
   * @param id the process definition
   * @param template what the monitor needs of it
   * @param firstSteps the steps a run starts with, when it is watched without a trigger
   */
  record Definition(String id, Template template, Set<String> firstSteps) {

    private Definition(String id, Template template) {
      this(
          id,
          template,
          template.alwaysWatched()
              ? Graph.firstSteps(
                  DeployedProcedures.entity(id).findActivity(Template.MANUAL_START),
                  allSteps(template))
              : Set.of());
    }

    Definition {
      firstSteps = Set.copyOf(firstSteps);
    }

    /** The engine's parsed definition, for starting a run. */
    ProcessDefinitionEntity entity() {
      return DeployedProcedures.entity(id);
    }
  }

  /** The deployed procedures at one state of the deployments. */
  static final class Snapshot {
    private final String key;
    private final List<Definition> latest;
    private final Map<String, Set<String>> procedureIdsByAction;

    private Snapshot(
        String key, List<Definition> latest, Map<String, Set<String>> procedureIdsByAction) {
      this.key = key;
      this.latest = List.copyOf(latest);
      Map<String, Set<String>> byAction = new HashMap<>();
      procedureIdsByAction.forEach((action, ids) -> byAction.put(action, Set.copyOf(ids)));
      this.procedureIdsByAction = Map.copyOf(byAction);
    }

    /** The latest version of every compiled procedure that is not suspended. */
    List<Definition> latest() {
      return latest;
    }

    /** The procedures with a step of {@code action} or triggered by it, in any version. */
    Set<String> procedureIdsOf(String action) {
      return procedureIdsByAction.getOrDefault(action, Set.of());
    }
  }
}
