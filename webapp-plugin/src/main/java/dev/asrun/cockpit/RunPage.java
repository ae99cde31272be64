package dev.asrun.cockpit;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asrun.rest.RunJson;
import java.util.List;
import java.util.Map;

/**
 * Everything the run page shows.
 *
 * @param run the run's whole record, as {@code GET /asrun/api/v1/runs/{run_id}} gives it, with its
 *     deviations and corrections
 * @param procedureName the procedure's name as written
 * @param processDefinitionId the process definition the run ran on
 * @param bpmnXml its BPMN, for the diagram
 * @param steps the procedure's steps in written order
 * @param marks the marks on the steps
 * @param children the runs nested in this one
 * @param events the run's audit trail from the log, each event as {@code LoggedEvent.toJson()}
 *     writes it, without its recorded values where the user may not read them
 * @param verification the log's verification, {@code null} unless the user is an administrator
 * @param signing the signatures still required and what the user may sign now
 */
public record RunPage(
    @JsonProperty("run") RunJson.Record run,
    @JsonProperty("procedure_name") String procedureName,
    @JsonProperty("process_definition_id") String processDefinitionId,
    @JsonProperty("bpmn_xml") String bpmnXml,
    @JsonProperty("steps") List<TemplateStep> steps,
    @JsonProperty("marks") List<Mark> marks,
    @JsonProperty("children") List<RunJson.Summary> children,
    @JsonProperty("events") List<ObjectNode> events,
    @JsonProperty("verification") Map<String, Object> verification,
    @JsonProperty("signing") RunSigning signing) {}
