package dev.asrun.cockpit;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.asrun.rest.RedlinesJson;

/**
 * Everything the redline view shows: the procedure's redlines, as {@code GET
 * /asrun/api/v1/procedures/{procedure_id}/redlines} gives them, and the BPMN of the version they
 * mark up.
 *
 * @param redlines the proposals, their evidence and the patch of the TOML source
 * @param bpmnXml the BPMN of the procedure's latest version, for the diagram
 */
public record RedlinePage(
    @JsonUnwrapped RedlinesJson redlines, @JsonProperty("bpmn_xml") String bpmnXml) {}
