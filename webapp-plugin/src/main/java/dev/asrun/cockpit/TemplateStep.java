package dev.asrun.cockpit;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One step of a procedure as written.
 *
 * @param stepId the step's id (the BPMN activity id)
 * @param name its name, as written (untrusted text)
 * @param type {@code action}, {@code check}, {@code record}, {@code wait} or {@code call}
 * @param expectedPosition its 1-based position in the written order
 */
public record TemplateStep(
    @JsonProperty("step_id") String stepId,
    @JsonProperty("name") String name,
    @JsonProperty("type") String type,
    @JsonProperty("expected_position") int expectedPosition) {}
