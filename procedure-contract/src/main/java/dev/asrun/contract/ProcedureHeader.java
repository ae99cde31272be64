package dev.asrun.contract;

import dev.asrun.contract.ProcedureDefinition.Trigger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a compiled procedure's process says of the whole procedure, from its properties alone: for
 * a reader that has the process's properties but no model instance (the engine adapter's parse
 * listener reads them from the engine's own parse of the BPMN, at deployment).
 *
 * @param domain the procedure's domain, if written
 * @param timeout the whole run's limit, if any
 * @param trigger what triggers the procedure and which observations may
 * @param signatures who must sign its runs ({@link SignaturePolicy#NONE}: nobody)
 */
public record ProcedureHeader(
    Optional<String> domain,
    Optional<Duration> timeout,
    Trigger trigger,
    SignaturePolicy signatures) {

  public ProcedureHeader {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(signatures, "signatures");
  }

  /**
   * The header in a process's properties (each name with its values in written order); empty when
   * they do not mark a compiled procedure ({@link Property#SCHEMA}).
   *
   * @throws IllegalArgumentException if a value is not what the compiler writes
   */
  public static Optional<ProcedureHeader> of(Map<String, List<String>> processProperties) {
    if (!processProperties.containsKey(Property.SCHEMA)) {
      return Optional.empty();
    }
    Properties properties = new Properties("the procedure's process", processProperties);
    return Optional.of(new ProcedureHeader(properties.first(Property.DOMAIN),
        properties.duration(Property.TIMEOUT), Trigger.of(processProperties),
        SignaturePolicy.of(properties)));
  }
}
