package dev.asrun.cockpit;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One mark the run page draws on the diagram.
 *
 * @param stepId the step (for {@code extra}, the extra action's name)
 * @param mark {@code done}, {@code skipped}, {@code reordered}, {@code repeated}, {@code extra},
 *     {@code overdue} or {@code not-reached}
 * @param position the 1-based position in the run's trace, where the mark says one
 * @param previousStepId for {@code extra}: the step it followed, where it is drawn
 * @param detail a plain-language sentence (untrusted text: the page shows it as text)
 */
public record Mark(
    @JsonProperty("step_id") String stepId,
    @JsonProperty("mark") String mark,
    @JsonProperty("position") Integer position,
    @JsonProperty("previous_step_id") String previousStepId,
    @JsonProperty("detail") String detail) {}
