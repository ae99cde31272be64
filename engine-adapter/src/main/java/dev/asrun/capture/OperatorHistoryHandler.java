package dev.asrun.capture;

import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.EntityTypes;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoricIncidentEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.event.UserOperationLogEntryEventEntity;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;

/**
 * What only Camunda's history event stream shows, for runs of compiled procedures. Installed beside
 * the engine's own history handler, which keeps writing Camunda's history as before.
 *
 * <ul>
 *   <li>Incidents: {@code incident} with {@code state} {@code open}, {@code resolved} or {@code
 *       deleted}, the incident's id, type, message, activity, execution and configuration (for a
 *       failed job, the job id).
 *   <li>Operators' actions from the user operation log (category Operator or Admin): {@code
 *       operator_modification} with the operation, the entity type, the user, the annotation and
 *       the property changes Camunda logged, one event per operation and run; for variable
 *       operations (set, modify, remove from Cockpit or the API) also the variables the command
 *       wrote, with their values, and the ones it removed. Not repeated here, because the record
 *       has them from the engine itself, with more: process instance modifications (their
 *       annotation joins the run's modification event), deletions ({@code proc_aborted}) and starts
 *       ({@code proc_triggered}); and task work (category TaskWorker: completing, claiming).
 * </ul>
 *
 * Camunda produces incident and operation log events only at history level {@code full}, and the
 * operation log only for authenticated users (unless configured otherwise); below that level, this
 * part of the record is empty. Everything else is captured at every history level.
 */
final class OperatorHistoryHandler implements HistoryEventHandler {

  private static final Set<String> VARIABLE_OPERATIONS =
      Set.of(
          UserOperationLogEntry.OPERATION_TYPE_SET_VARIABLE,
          UserOperationLogEntry.OPERATION_TYPE_SET_VARIABLES,
          UserOperationLogEntry.OPERATION_TYPE_MODIFY_VARIABLE,
          UserOperationLogEntry.OPERATION_TYPE_REMOVE_VARIABLE);

  @Override
  public void handleEvent(HistoryEvent event) {
    if (event instanceof HistoricIncidentEventEntity incident) {
      incident(incident);
    } else if (event instanceof UserOperationLogEntryEventEntity entry) {
      operation(entry);
    } else if (event instanceof HistoricVariableUpdateEventEntity variable) {
      variable(variable);
    }
  }

  @Override
  public void handleEvents(List<HistoryEvent> events) {
    for (HistoryEvent event : events) {
      handleEvent(event);
    }
  }

  private static void incident(HistoricIncidentEventEntity incident) {
    String state = incidentState(incident.getEventType());
    if (state == null) {
      return;
    }
    run(incident.getProcessInstanceId(), incident.getProcessDefinitionId())
        .ifPresent(
            run ->
                CaptureSession.current()
                    .add(
                        PendingEvent.of(
                                run,
                                PendingEvent.Kind.PLAIN,
                                EventType.INCIDENT,
                                EventSource.ENGINE)
                            .put("state", state)
                            .put("incident_id", incident.getId())
                            .put("incident_type", incident.getIncidentType())
                            .put("message", incident.getIncidentMessage())
                            .put("activity_id", incident.getActivityId())
                            .put("execution_id", incident.getExecutionId())
                            .put("configuration", incident.getConfiguration())));
  }

  private static String incidentState(String eventType) {
    if (HistoryEventTypes.INCIDENT_CREATE.getEventName().equals(eventType)) {
      return "open";
    }
    if (HistoryEventTypes.INCIDENT_RESOLVE.getEventName().equals(eventType)) {
      return "resolved";
    }
    if (HistoryEventTypes.INCIDENT_DELETE.getEventName().equals(eventType)) {
      return "deleted";
    }
    return null;
  }

  private static void operation(UserOperationLogEntryEventEntity entry) {
    String operation = entry.getOperationType();
    if (UserOperationLogEntry.OPERATION_TYPE_MODIFY_PROCESS_INSTANCE.equals(operation)) {
      if (entry.getAnnotation() != null) {
        CaptureSession.current()
            .annotateModification(
                entry.getProcessInstanceId(),
                entry.getProcessDefinitionId(),
                entry.getAnnotation());
      }
      return;
    }
    if (UserOperationLogEntry.CATEGORY_TASK_WORKER.equals(entry.getCategory())
        || startOrDeletion(entry)) {
      return;
    }
    run(entry.getProcessInstanceId(), entry.getProcessDefinitionId())
        .ifPresent(
            run -> {
              CaptureSession session = CaptureSession.current();
              PendingEvent event =
                  session.operatorAction(
                      run,
                      entry.getOperationId() == null ? entry.getId() : entry.getOperationId(),
                      PendingEvent.of(
                              run,
                              PendingEvent.Kind.PLAIN,
                              EventType.OPERATOR_MODIFICATION,
                              EventSource.ENGINE)
                          .put("operation", operation)
                          .put("entity_type", entry.getEntityType())
                          .put("category", entry.getCategory())
                          .put("user_id", entry.getUserId())
                          .put("annotation", entry.getAnnotation())
                          .put("changes", new ArrayList<Map<String, Object>>()));
              if (entry.getProperty() != null) {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("property", entry.getProperty());
                change.put("org_value", entry.getOrgValue());
                change.put("new_value", entry.getNewValue());
                changes(event).add(change);
              }
              if (VARIABLE_OPERATIONS.contains(operation)) {
                event.put("variables", new LinkedHashMap<>(session.variablesWritten(run)));
                event.put("removed_variables", List.copyOf(session.variablesRemoved(run)));
              }
            });
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> changes(PendingEvent event) {
    return (List<Map<String, Object>>) event.get("changes");
  }

  private static boolean startOrDeletion(UserOperationLogEntryEventEntity entry) {
    return EntityTypes.PROCESS_INSTANCE.equals(entry.getEntityType())
        && (UserOperationLogEntry.OPERATION_TYPE_CREATE.equals(entry.getOperationType())
            || UserOperationLogEntry.OPERATION_TYPE_DELETE.equals(entry.getOperationType()));
  }

  private static void variable(HistoricVariableUpdateEventEntity update) {
    run(update.getProcessInstanceId(), update.getProcessDefinitionId())
        .ifPresent(
            run -> {
              boolean removed =
                  HistoryEventTypes.VARIABLE_INSTANCE_DELETE.getEventName()
                      .equals(update.getEventType());
              Object value = null;
              if (!removed) {
                CommandContext commandContext = Context.getCommandContext();
                VariableInstanceEntity variable =
                    commandContext
                        .getDbEntityManager()
                        .getCachedEntity(
                            VariableInstanceEntity.class, update.getVariableInstanceId());
                value = variable == null ? null : Values.of(variable.getTypedValue(false));
              }
              CaptureSession.current()
                  .variableWritten(run, update.getVariableName(), value, removed);
            });
  }

  private static Optional<Run> run(String processInstanceId, String processDefinitionId) {
    if (processInstanceId == null || processDefinitionId == null) {
      return Optional.empty();
    }
    ProcessDefinitionEntity definition =
        Context.getProcessEngineConfiguration()
            .getDeploymentCache()
            .findDeployedProcessDefinitionById(processDefinitionId);
    return Run.of(processInstanceId, definition);
  }
}
