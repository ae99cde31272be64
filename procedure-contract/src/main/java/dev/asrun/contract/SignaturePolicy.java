package dev.asrun.contract;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who must sign a run of a procedure, and with what meaning: its {@code [procedure.signatures]}
 * (schema 0.2), from the process's {@link Property#SIGNATURE_REQUIRED} and {@link
 * Property#SIGNATURE_GROUP} properties.
 *
 * @param required the meanings a run needs, in the order they are signed (the order of {@link
 *     SignatureMeaning}); empty: the procedure has no signature policy
 * @param groups for some required meanings, the Camunda groups whose members may sign with it; a
 *     meaning without an entry may be signed by anyone allowed to read the run
 */
public record SignaturePolicy(
    List<SignatureMeaning> required, Map<SignatureMeaning, List<String>> groups) {

  /** The policy of a procedure that has none. */
  public static final SignaturePolicy NONE = new SignaturePolicy(List.of(), Map.of());

  public SignaturePolicy {
    required = List.copyOf(required);
    Map<SignatureMeaning, List<String>> copy = new LinkedHashMap<>();
    groups.forEach((meaning, ids) -> copy.put(meaning, List.copyOf(ids)));
    groups = Map.copyOf(copy);
  }

  /** Whether the procedure has no policy: its runs need no signature. */
  public boolean none() {
    return required.isEmpty();
  }

  /** The groups that may sign with {@code meaning}; empty: no group restriction. */
  public List<String> groups(SignatureMeaning meaning) {
    return groups.getOrDefault(meaning, List.of());
  }

  /** The first required meaning not in {@code given}; empty when every one is given. */
  public Optional<SignatureMeaning> next(Collection<SignatureMeaning> given) {
    return required.stream().filter(m -> !given.contains(m)).findFirst();
  }

  /** The process properties that say this policy, in the order the compiler writes them. */
  public List<Map.Entry<String, String>> properties() {
    List<Map.Entry<String, String>> properties = new ArrayList<>();
    required.forEach(m -> properties.add(Map.entry(Property.SIGNATURE_REQUIRED, m.value())));
    required.forEach(
        m ->
            groups(m)
                .forEach(
                    group ->
                        properties.add(
                            Map.entry(Property.SIGNATURE_GROUP, m.value() + ":" + group))));
    return properties;
  }

  /**
   * The policy written in a process's properties.
   *
   * @throws IllegalArgumentException if a value is not what the compiler writes
   */
  static SignaturePolicy of(Properties properties) {
    List<SignatureMeaning> required = new ArrayList<>();
    for (String value : properties.all(Property.SIGNATURE_REQUIRED)) {
      required.add(
          properties.parse(
              Property.SIGNATURE_REQUIRED,
              value,
              "one of performed, reviewed, approved, verified",
              SignatureMeaning::of));
    }
    Map<SignatureMeaning, List<String>> groups = new EnumMap<>(SignatureMeaning.class);
    for (String value : properties.all(Property.SIGNATURE_GROUP)) {
      int colon = value.indexOf(':');
      SignatureMeaning meaning =
          properties.parse(
              Property.SIGNATURE_GROUP,
              value,
              "a required meaning, a colon and a group id, such as reviewed:qa",
              v -> required(required, SignatureMeaning.of(v.substring(0, Math.max(colon, 0)))));
      groups.computeIfAbsent(meaning, m -> new ArrayList<>()).add(value.substring(colon + 1));
    }
    return new SignaturePolicy(required, groups);
  }

  private static SignatureMeaning required(List<SignatureMeaning> required, SignatureMeaning m) {
    if (!required.contains(m)) {
      throw new IllegalArgumentException(m.value() + " is not required");
    }
    return m;
  }
}
