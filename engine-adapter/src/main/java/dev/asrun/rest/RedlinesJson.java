package dev.asrun.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.asrun.redline.Evidence;
import dev.asrun.redline.Proposal;
import dev.asrun.redline.RedlineAnswer;
import java.time.Duration;
import java.util.List;

/**
 * The JSON form of {@link RedlineAnswer} (docs/redlines.md): snake_case, every key present (null
 * where it does not apply), timeouts in milliseconds.
 */
@JsonPropertyOrder({
  "procedure_id",
  "version",
  "runs",
  "min_runs",
  "threshold",
  "proposals",
  "toml_patch"
})
public record RedlinesJson(
    @JsonProperty("procedure_id") String procedureId,
    @JsonProperty("version") String version,
    @JsonProperty("runs") long runs,
    @JsonProperty("min_runs") int minRuns,
    @JsonProperty("threshold") double threshold,
    @JsonProperty("proposals") List<ProposalJson> proposals,
    @JsonProperty("toml_patch") String tomlPatch) {

  public static RedlinesJson of(RedlineAnswer answer) {
    return new RedlinesJson(
        answer.procedureId(),
        answer.version(),
        answer.runs(),
        answer.settings().minRuns(),
        answer.settings().threshold(),
        answer.proposals().stream().map(ProposalJson::of).toList(),
        answer.tomlPatch().orElse(null));
  }

  @JsonPropertyOrder({
    "kind",
    "step_id",
    "other_step_id",
    "action",
    "field",
    "current_timeout_ms",
    "proposed_timeout_ms",
    "evidence",
    "summary",
    "run_ids"
  })
  record ProposalJson(
      @JsonProperty("kind") String kind,
      @JsonProperty("step_id") String stepId,
      @JsonProperty("other_step_id") String otherStepId,
      @JsonProperty("action") String action,
      @JsonProperty("field") String field,
      @JsonProperty("current_timeout_ms") Long currentTimeoutMs,
      @JsonProperty("proposed_timeout_ms") Long proposedTimeoutMs,
      @JsonProperty("evidence") EvidenceJson evidence,
      @JsonProperty("summary") String summary,
      @JsonProperty("run_ids") List<String> runIds) {

    static ProposalJson of(Proposal p) {
      Evidence e = p.evidence();
      return new ProposalJson(
          p.kind().wireName(),
          p.stepId().orElse(null),
          p.otherStepId().orElse(null),
          p.action().orElse(null),
          p.field().orElse(null),
          p.currentTimeout().map(Duration::toMillis).orElse(null),
          p.proposedTimeout().map(Duration::toMillis).orElse(null),
          new EvidenceJson(e.runs(), e.ofRuns(), e.rate(), e.lowerBound()),
          p.summary(),
          p.runIds());
    }
  }

  @JsonPropertyOrder({"runs", "of_runs", "rate", "lower_bound"})
  record EvidenceJson(
      @JsonProperty("runs") long runs,
      @JsonProperty("of_runs") long ofRuns,
      @JsonProperty("rate") double rate,
      @JsonProperty("lower_bound") double lowerBound) {}
}
