package dev.asrun.compiler.parse;

import dev.asrun.compiler.parse.TomlFile.Located;
import dev.asrun.contract.SignatureMeaning;
import dev.asrun.contract.SignaturePolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/** Reads a procedure's {@code [procedure.signatures]} (schema 0.2), reporting every error. */
final class SignaturesReader {
  private static final Set<String> KEYS = Set.of("required", "groups");
  private static final String MEANINGS =
      Arrays.stream(SignatureMeaning.values())
          .map(SignatureMeaning::value)
          .collect(Collectors.joining(", "));

  private final TomlFile file;

  SignaturesReader(TomlFile file) {
    this.file = file;
  }

  /** The policy in {@code table} at {@code path}; {@link SignaturePolicy#NONE} on any error. */
  SignaturePolicy read(TomlTable table, String path) {
    int errorsBefore = file.errorCount();
    file.rejectUnknownKeys(table, path, KEYS);
    List<SignatureMeaning> required = required(table, path);
    Map<SignatureMeaning, List<String>> groups = new EnumMap<>(SignatureMeaning.class);
    file.table(table, "groups", path).ifPresent(g -> groups(g, path + ".groups", required, groups));
    return file.errorCount() > errorsBefore
        ? SignaturePolicy.NONE
        : new SignaturePolicy(required, groups);
  }

  private List<SignatureMeaning> required(TomlTable table, String path) {
    String keyPath = path + ".required";
    if (!table.contains(List.of("required"))) {
      file.error(
          file.tableAt(table),
          keyPath,
          "is required: the meanings a run must be signed"
              + " with, in order, e.g. required = [\"performed\", \"reviewed\"]");
      return List.of();
    }
    List<SignatureMeaning> required = new ArrayList<>();
    List<Located<String>> listed = file.strings(table, "required", path).orElse(List.of());
    if (listed.isEmpty() && table.get(List.of("required")) instanceof TomlArray) {
      file.error(
          file.valueAt(table, "required"),
          keyPath,
          "needs at least one meaning ("
              + MEANINGS
              + "); remove [procedure.signatures] if runs need no signature");
    }
    for (Located<String> item : listed) {
      meaning(item)
          .ifPresent(
              meaning -> {
                if (required.contains(meaning)) {
                  file.error(
                      item.position(), item.path(), "\"" + item.value() + "\" is listed twice");
                } else if (!required.isEmpty()
                    && required.get(required.size() - 1).compareTo(meaning) > 0) {
                  file.error(
                      item.position(),
                      item.path(),
                      "\""
                          + item.value()
                          + "\" comes after \""
                          + required.get(required.size() - 1).value()
                          + "\"; meanings are signed in the order "
                          + MEANINGS
                          + ", so list them in that order");
                } else {
                  required.add(meaning);
                }
              });
    }
    return required;
  }

  private void groups(
      TomlTable table,
      String path,
      List<SignatureMeaning> required,
      Map<SignatureMeaning, List<String>> groups) {
    for (String key : new TreeSet<>(table.keySet())) {
      String keyPath = TomlFile.join(path, key);
      Optional<SignatureMeaning> meaning =
          meaning(new Located<>(key, file.keyAt(table, key), keyPath));
      if (meaning.isPresent() && !required.isEmpty() && !required.contains(meaning.get())) {
        file.error(
            file.keyAt(table, key),
            keyPath,
            "\""
                + key
                + "\" is not a required meaning;"
                + " groups name who may sign a meaning listed in required ("
                + required.stream().map(SignatureMeaning::value).collect(Collectors.joining(", "))
                + ")");
      }
      List<String> ids = new ArrayList<>();
      Optional<List<Located<String>>> listed = file.strings(table, key, path);
      if (listed.isPresent() && listed.get().isEmpty()) {
        file.error(
            file.valueAt(table, key),
            keyPath,
            "needs at least one group id, e.g. [\"qa\"];"
                + " leave the meaning out to let anyone who may read the run sign it");
      }
      for (Located<String> group : listed.orElse(List.of())) {
        if (!Names.GROUP.matcher(group.value()).matches()) {
          file.error(
              group.position(),
              group.path(),
              "\"" + group.value() + "\" is not a group id; use " + Names.GROUP_RULE);
        } else if (ids.contains(group.value())) {
          file.error(group.position(), group.path(), "\"" + group.value() + "\" is listed twice");
        } else {
          ids.add(group.value());
        }
      }
      meaning.ifPresent(m -> groups.put(m, ids));
    }
  }

  private Optional<SignatureMeaning> meaning(Located<String> item) {
    try {
      return Optional.of(SignatureMeaning.of(item.value()));
    } catch (IllegalArgumentException e) {
      file.error(
          item.position(),
          item.path(),
          "\""
              + item.value()
              + "\" is not a meaning; use "
              + MEANINGS.replaceFirst(", (\\w+)$", " or $1"));
      return Optional.empty();
    }
  }
}
