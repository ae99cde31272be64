package dev.asrun.compiler.model;

import dev.asrun.contract.SignaturePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One procedure as written: the template of every run.
 *
 * @param source the file it came from
 * @param id the procedure id, also the BPMN process id
 * @param timeout the whole-run limit, if any
 * @param executorGroups default candidate groups of every step
 * @param signatures who must sign its runs ({@link SignaturePolicy#NONE}: nobody)
 */
public record Procedure(
    String source,
    String id,
    String name,
    Optional<String> version,
    Optional<String> description,
    Optional<String> domain,
    Optional<Duration> timeout,
    List<String> executorGroups,
    Optional<Context> context,
    List<Step> steps,
    SignaturePolicy signatures) {

  public Procedure {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(signatures, "signatures");
    executorGroups = List.copyOf(executorGroups);
    steps = List.copyOf(steps);
  }
}
