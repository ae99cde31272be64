package dev.asrun.compiler.parse;

import dev.asrun.compiler.Diagnostic;
import dev.asrun.compiler.Source;
import dev.asrun.compiler.condition.Condition;
import dev.asrun.compiler.condition.ConditionException;
import dev.asrun.compiler.condition.TypeChecker;
import dev.asrun.compiler.condition.ValueType;
import dev.asrun.compiler.model.Context;
import dev.asrun.compiler.model.Field;
import dev.asrun.compiler.model.Procedure;
import dev.asrun.compiler.model.Step;
import dev.asrun.compiler.model.TimeWindow;
import dev.asrun.compiler.parse.TomlFile.Located;
import dev.asrun.contract.FieldType;
import dev.asrun.contract.FormVariables;
import dev.asrun.contract.GroupOrder;
import dev.asrun.contract.Ids;
import dev.asrun.contract.SignaturePolicy;
import dev.asrun.contract.StepType;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/** Reads one procedure file into the model, reporting every error of the file. */
public final class ProcedureReader {
  /** The schema versions this compiler reads, oldest first. */
  public static final List<String> SCHEMAS = List.of("procedure/0.1", "procedure/0.2");

  /** The oldest schema with {@code [procedure.signatures]}. */
  public static final String SIGNATURES_SCHEMA = "procedure/0.2";

  /** Variables every run has from its context (seed 4.3); steps may not record them. */
  private static final List<String> CONTEXT_VARIABLES = FormVariables.CONTEXT;

  private static final Set<String> ROOT_KEYS = Set.of("schema", "procedure");
  private static final Set<String> PROCEDURE_KEYS = Set.of("id", "name", "version",
      "description", "domain", "timeout", "executor_groups", "context", "steps", "signatures");
  private static final Set<String> CONTEXT_KEYS = Set.of("time_of_day", "day_of_week",
      "day_of_month", "timezone", "during_action", "location", "equipment");
  private static final Set<String> STEP_KEYS = Set.of("id", "name", "type", "action",
      "instructions", "optional", "timeout", "executor_groups", "when", "reference", "variable",
      "expect", "fields", "duration", "order", "steps");
  private static final Set<String> FIELD_KEYS = Set.of("variable", "label", "type", "required",
      "min", "max", "unit", "values");
  /** Keys that only some step types take, with the types that take them. */
  private static final Map<String, Set<StepType>> TYPED_STEP_KEYS = Map.of(
      "variable", Set.of(StepType.CHECK),
      "expect", Set.of(StepType.CHECK),
      "fields", Set.of(StepType.RECORD),
      "duration", Set.of(StepType.WAIT),
      "order", Set.of(StepType.GROUP),
      "steps", Set.of(StepType.GROUP),
      "reference", Set.of(StepType.ACTION),
      "action", Set.of(StepType.ACTION, StepType.CHECK, StepType.RECORD, StepType.WAIT),
      "timeout", Set.of(StepType.ACTION, StepType.CHECK, StepType.RECORD, StepType.GROUP),
      "executor_groups", Set.of(StepType.ACTION, StepType.CHECK, StepType.RECORD, StepType.GROUP));
  private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

  private final TomlFile file;
  private final List<ParsedProcedure.Reference> references = new ArrayList<>();
  private final Map<String, String> stepIds = new HashMap<>();
  /** Every variable any step records, with its type and the first step recording it. */
  private final Map<String, RecordedVariable> allVariables = new LinkedHashMap<>();
  private final List<PendingCondition> conditions = new ArrayList<>();
  /** Variables named by steps that had errors: conditions on them are not checked further. */
  private final Set<String> brokenVariables = new HashSet<>();
  /** The variables the step being registered records, with the field recording each. */
  private final Map<String, String> recordedHere = new HashMap<>();
  private String procedureId = "";

  private ProcedureReader(TomlFile file) {
    this.file = file;
  }

  /**
   * Reads {@code source}; on any error adds diagnostics and returns empty, and when the file's
   * procedure id itself was readable adds it to {@code brokenIds}, so references to it are not
   * reported as missing.
   */
  public static Optional<ParsedProcedure> read(Source source, List<Diagnostic> diagnostics,
      Set<String> brokenIds) {
    TomlFile file = new TomlFile(source.name(), source.text(), diagnostics);
    if (source.text().startsWith("\uFEFF")) {
      file.error(new Position(1, 1), "", "TOML syntax: the file starts with a byte-order mark"
          + " (U+FEFF); save it as UTF-8 without BOM");
      return Optional.empty();
    }
    TomlParseResult toml = Toml.parse(source.text());
    if (toml.hasErrors()) {
      for (TomlParseError error : toml.errors()) {
        file.error(new Position(error.position().line(), error.position().column()), "",
            "TOML syntax: " + stripPosition(error.getMessage()));
      }
      return Optional.empty();
    }
    ProcedureReader reader = new ProcedureReader(file);
    Optional<ParsedProcedure> parsed = reader.read(toml);
    if (parsed.isEmpty() && !reader.procedureId.isEmpty()) {
      brokenIds.add(reader.procedureId);
    }
    return parsed;
  }

  private Optional<ParsedProcedure> read(TomlTable root) {
    file.rejectUnknownKeys(root, "", ROOT_KEYS);
    Optional<String> schema = file.string(root, "schema", "");
    schema.ifPresent(declared -> {
      if (!SCHEMAS.contains(declared)) {
        file.error(file.valueAt(root, "schema"), "schema", "\"" + declared
            + "\" is not supported; supported: " + String.join(", ", SCHEMAS));
      }
    });
    Optional<TomlTable> table = file.table(root, "procedure", "");
    if (table.isEmpty()) {
      if (!root.contains(List.of("procedure"))) {
        file.error(new Position(1, 1), "procedure",
            "is required: a file holds one procedure, starting with [procedure]");
      }
      return Optional.empty();
    }
    TomlTable p = table.get();
    String path = "procedure";
    file.rejectUnknownKeys(p, path, PROCEDURE_KEYS);
    Optional<String> id = identifier(p, "id", path, true);
    id.ifPresent(i -> procedureId = i);
    Optional<String> name = file.requiredString(p, "name", path);
    Optional<String> version = file.string(p, "version", path);
    Optional<String> description = file.string(p, "description", path);
    Optional<String> domain = file.string(p, "domain", path);
    Optional<Duration> timeout = duration(p, "timeout", path);
    List<String> groups = groups(p, path).orElse(List.of());
    Optional<Context> context = file.table(p, "context", path).map(c -> context(c, path + ".context"));
    SignaturePolicy signatures = file.table(p, "signatures", path)
        .map(t -> signatures(t, path + ".signatures", schema))
        .orElse(SignaturePolicy.NONE);
    List<Step> steps = steps(p, path, groups, false);
    if (p.contains(List.of("steps")) && steps.isEmpty() && file.errorCount() == 0) {
      file.error(file.valueAt(p, "steps"), path + ".steps", "needs at least one step");
    } else if (!p.contains(List.of("steps"))) {
      file.error(file.tableAt(p), path + ".steps",
          "is required: add at least one [[procedure.steps]] with an id and a name");
    }
    checkConditions(steps);
    if (file.errorCount() > 0) {
      return Optional.empty();
    }
    Procedure procedure = new Procedure(file.name(), id.orElseThrow(), name.orElseThrow(),
        version, description, domain, timeout, groups, context, steps, signatures);
    return Optional.of(new ParsedProcedure(procedure, file.valueAt(p, "id"), references));
  }

  private SignaturePolicy signatures(TomlTable t, String path, Optional<String> schema) {
    schema.filter(s -> SCHEMAS.indexOf(s) >= 0
            && SCHEMAS.indexOf(s) < SCHEMAS.indexOf(SIGNATURES_SCHEMA))
        .ifPresent(declared -> file.error(file.tableAt(t), path, "needs schema = \""
            + SIGNATURES_SCHEMA + "\"; this file declares \"" + declared + "\""));
    return new SignaturesReader(file).read(t, path);
  }

  private Context context(TomlTable c, String path) {
    file.rejectUnknownKeys(c, path, CONTEXT_KEYS);
    Optional<TimeWindow> window = timeWindow(c, path);
    List<DayOfWeek> days = new ArrayList<>();
    file.strings(c, "day_of_week", path).ifPresent(list -> {
      for (Located<String> day : list) {
        try {
          DayOfWeek d = DayOfWeek.valueOf(day.value().toUpperCase(Locale.ROOT));
          if (!day.value().equals(day.value().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException();
          }
          if (days.contains(d)) {
            file.error(day.position(), day.path(), "\"" + day.value() + "\" is listed twice");
          }
          days.add(d);
        } catch (IllegalArgumentException e) {
          file.error(day.position(), day.path(), "\"" + day.value()
              + "\" is not a day; use monday, tuesday, wednesday, thursday, friday, saturday"
              + " or sunday");
        }
      }
    });
    List<Integer> daysOfMonth = daysOfMonth(c, path);
    Optional<ZoneId> zone = file.string(c, "timezone", path).flatMap(z -> {
      try {
        return Optional.of(ZoneId.of(z));
      } catch (DateTimeException e) {
        file.error(file.valueAt(c, "timezone"), path + ".timezone", "\"" + z
            + "\" is not a time zone; use an IANA name such as \"Europe/Berlin\" or \"UTC\"");
        return Optional.empty();
      }
    });
    for (String restriction : List.of("day_of_week", "day_of_month", "timezone")) {
      if (c.contains(List.of(restriction)) && !c.contains(List.of("time_of_day"))) {
        file.error(file.keyAt(c, restriction), path + "." + restriction,
            "restricts time triggers, but there is no time_of_day; add e.g. time_of_day ="
                + " [\"08:00\", \"09:00\"]");
      }
    }
    List<String> actions = new ArrayList<>();
    file.strings(c, "during_action", path).ifPresent(list -> {
      for (Located<String> action : list) {
        if (action.value().startsWith(Ids.RESERVED_SIGNAL_PREFIX)) {
          file.error(action.position(), action.path(), "\"" + action.value()
              + "\": action names starting with " + Ids.RESERVED_SIGNAL_PREFIX
              + " are reserved for the engine");
        } else if (actions.contains(action.value())) {
          file.error(action.position(), action.path(), "\"" + action.value() + "\" is listed twice");
        } else if (Names.ACTION.matcher(action.value()).matches()) {
          actions.add(action.value());
        } else {
          file.error(action.position(), action.path(), "\"" + action.value()
              + "\" is not an action name; use " + Names.ACTION_RULE);
        }
      }
    });
    Optional<String> location = file.string(c, "location", path).filter(l -> {
      Optional<String> problem = l.isBlank() ? Optional.of("must not be empty")
          : Names.unsafeFormValue(l);
      problem.ifPresent(p -> file.error(file.valueAt(c, "location"), path + ".location", p));
      return problem.isEmpty();
    });
    List<String> equipment = new ArrayList<>();
    file.strings(c, "equipment", path).ifPresent(list -> {
      for (Located<String> item : list) {
        Optional<String> problem = item.value().isBlank() ? Optional.of("must not be empty")
            : Names.unsafeFormValue(item.value());
        if (problem.isEmpty() && equipment.contains(item.value())) {
          problem = Optional.of("\"" + item.value() + "\" is listed twice");
        }
        problem.ifPresentOrElse(p -> file.error(item.position(), item.path(), p),
            () -> equipment.add(item.value()));
      }
    });
    return new Context(window, days, daysOfMonth, zone, actions, location, equipment);
  }

  private Optional<TimeWindow> timeWindow(TomlTable c, String path) {
    List<Located<Object>> parts = elements(c, "time_of_day", path);
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    String keyPath = path + ".time_of_day";
    Position at = file.valueAt(c, "time_of_day");
    if (parts.size() > 2) {
      file.error(at, keyPath, "must be [\"HH:MM\"] (start) or [\"HH:MM\", \"HH:MM\"] (start and"
          + " end of the trigger window), e.g. [\"08:00\", \"09:00\"]");
      return Optional.empty();
    }
    List<LocalTime> times = new ArrayList<>();
    for (Located<Object> part : parts) {
      if (part.value() instanceof String s && TIME.matcher(s).matches()) {
        times.add(LocalTime.parse(s));
      } else if (part.value() instanceof LocalTime t) {
        times.add(t);
      } else {
        file.error(part.position(), part.path(), TomlFile.describe(part.value())
            + " is not a time of day; use \"HH:MM\" in 24-hour time, e.g. \"08:00\"");
      }
    }
    if (times.size() != parts.size()) {
      return Optional.empty();
    }
    if (times.size() == 2 && times.get(0).equals(times.get(1))) {
      file.error(at, keyPath, "the window starts and ends at " + times.get(0)
          + "; give a later end, or only the start");
      return Optional.empty();
    }
    return Optional.of(new TimeWindow(times.get(0),
        times.size() == 2 ? Optional.of(times.get(1)) : Optional.empty()));
  }

  private List<Integer> daysOfMonth(TomlTable c, String path) {
    List<Integer> days = new ArrayList<>();
    for (Located<Object> item : elements(c, "day_of_month", path)) {
      if (item.value() instanceof Long l && l >= 1 && l <= 31) {
        if (!days.contains(l.intValue())) {
          days.add(l.intValue());
        }
      } else {
        file.error(item.position(), item.path(), TomlFile.describe(item.value())
            + " is not a day of the month; use numbers from 1 to 31, e.g. [1, 15]");
      }
    }
    return days;
  }

  /**
   * A value or list of values, each with its position; a single value keeps the key's path, list
   * elements get an index. An empty list is reported as such.
   */
  private List<Located<Object>> elements(TomlTable t, String key, String path) {
    Object value = t.get(List.of(key));
    if (value == null) {
      return List.of();
    }
    String keyPath = TomlFile.join(path, key);
    Position at = file.valueAt(t, key);
    if (!(value instanceof TomlArray array)) {
      return List.of(new Located<>(value, at, keyPath));
    }
    if (array.isEmpty()) {
      file.error(at, keyPath, "is an empty list; give at least one value or leave the key out");
    }
    List<Located<Object>> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      out.add(new Located<>(array.get(i), file.elementAt(array, i, at), keyPath + "[" + i + "]"));
    }
    return out;
  }

  private List<Step> steps(TomlTable owner, String path, List<String> inheritedGroups,
      boolean inheritedOptional) {
    List<Step> steps = new ArrayList<>();
    file.tables(owner, "steps", path).ifPresent(list -> {
      for (Located<TomlTable> t : list) {
        step(t.value(), t.path(), t.position(), inheritedGroups, inheritedOptional)
            .ifPresent(steps::add);
      }
    });
    return steps;
  }

  private Optional<Step> step(TomlTable t, String path, Position at, List<String> inheritedGroups,
      boolean inheritedOptional) {
    file.rejectUnknownKeys(t, path, STEP_KEYS);
    int errorsBefore = file.errorCount();
    Optional<String> id = identifier(t, "id", path, true);
    id.ifPresent(i -> {
      String previous = stepIds.putIfAbsent(i, path);
      if (previous != null) {
        file.error(file.valueAt(t, "id"), path + ".id", "duplicate step id '" + i
            + "': " + previous + " has it already; step ids are unique in the whole procedure");
      } else if (i.equals("asrun")) {
        file.error(file.valueAt(t, "id"), path + ".id",
            "'asrun' is reserved for the ids the compiler generates; choose another");
      } else if (i.equals(procedureId)) {
        file.error(file.valueAt(t, "id"), path + ".id", "step id '" + i
            + "' is the procedure's id; choose another");
      }
    });
    Optional<String> name = file.requiredString(t, "name", path);
    StepType type = file.string(t, "type", path).map(s -> {
      for (StepType candidate : StepType.values()) {
        if (candidate.value().equals(s)) {
          return candidate;
        }
      }
      file.error(file.valueAt(t, "type"), path + ".type", "\"" + s
          + "\" is not a step type; use action, check, record, wait or group");
      return null;
    }).orElse(StepType.ACTION);
    for (Map.Entry<String, Set<StepType>> typed : TYPED_STEP_KEYS.entrySet()) {
      if (t.contains(List.of(typed.getKey())) && !typed.getValue().contains(type)) {
        file.error(file.keyAt(t, typed.getKey()), path + "." + typed.getKey(), "does not apply"
            + " to " + article(type.value()) + " step; it applies to "
            + typeNames(typed.getValue()));
      }
    }
    String action = file.string(t, "action", path).map(a -> {
      if (!Names.ACTION.matcher(a).matches()) {
        file.error(file.valueAt(t, "action"), path + ".action", "\"" + a
            + "\" is not an action name; use " + Names.ACTION_RULE);
      }
      return a;
    }).orElse(id.orElse(""));
    Optional<String> instructions = file.string(t, "instructions", path);
    boolean optional = inheritedOptional || file.bool(t, "optional", path).orElse(false);
    Optional<Duration> timeout = duration(t, "timeout", path);
    List<String> groups = groups(t, path).orElse(inheritedGroups);
    Optional<String> reference = identifier(t, "reference", path, false);
    reference.ifPresent(r -> references.add(
        new ParsedProcedure.Reference(r, path + ".reference", file.valueAt(t, "reference"))));
    Optional<Condition> when = file.string(t, "when", path).flatMap(text -> {
      try {
        Condition condition = Condition.parse(text);
        return Optional.of(condition);
      } catch (ConditionException e) {
        file.error(conditionPosition(t, e.offset()), path + ".when", e.getMessage());
        return Optional.empty();
      }
    });
    Optional<String> variable = Optional.empty();
    boolean expect = true;
    List<Field> fields = List.of();
    Optional<Duration> waitDuration = Optional.empty();
    GroupOrder order = GroupOrder.SEQUENCE;
    List<Step> children = List.of();
    switch (type) {
      case CHECK -> {
        variable = identifier(t, "variable", path, false).or(() -> id);
        expect = file.bool(t, "expect", path).orElse(true);
      }
      case RECORD -> {
        fields = fields(t, path);
        if (!t.contains(List.of("fields"))) {
          file.error(at, path + ".fields", "a record step needs fields: add"
              + " [[procedure.steps.fields]] with variable, label and type");
        }
      }
      case WAIT -> {
        waitDuration = duration(t, "duration", path);
        if (!t.contains(List.of("duration"))) {
          file.error(at, path + ".duration", "a wait step needs a duration, e.g. duration = \"30m\"");
        }
      }
      case GROUP -> {
        order = file.string(t, "order", path).map(o -> {
          for (GroupOrder candidate : GroupOrder.values()) {
            if (candidate.value().equals(o)) {
              return candidate;
            }
          }
          file.error(file.valueAt(t, "order"), path + ".order", "\"" + o
              + "\" is not an order; use \"sequence\" (the default) or \"any\"");
          return GroupOrder.SEQUENCE;
        }).orElse(GroupOrder.SEQUENCE);
        children = steps(t, path, groups, optional);
        if (!t.contains(List.of("steps"))) {
          file.error(at, path + ".steps", "a group needs steps: steps = [{ id = \"...\", name ="
              + " \"...\" }, ...] or [[procedure.steps.steps]]");
        } else if (children.isEmpty() && file.errorCount() == errorsBefore) {
          file.error(file.valueAt(t, "steps"), path + ".steps", "a group needs at least one step");
        }
      }
      case ACTION -> { }
    }
    if (file.errorCount() > errorsBefore) {
      rememberBrokenVariables(t, id.orElse(""));
      return Optional.empty();
    }
    Step step = new Step(id.orElseThrow(), name.orElseThrow(), type, action, instructions,
        optional, timeout, groups, when, reference, variable, expect, fields, waitDuration, order,
        children);
    registerVariables(step, t, path);
    when.ifPresent(c -> conditions.add(new PendingCondition(step, c, t, path)));
    return Optional.of(step);
  }

  private List<Field> fields(TomlTable step, String stepPath) {
    List<Field> fields = new ArrayList<>();
    file.tables(step, "fields", stepPath).ifPresent(list -> {
      if (list.isEmpty()) {
        file.error(file.valueAt(step, "fields"), stepPath + ".fields", "needs at least one field");
      }
      for (Located<TomlTable> located : list) {
        field(located.value(), located.path()).ifPresent(fields::add);
      }
    });
    return fields;
  }

  private Optional<Field> field(TomlTable f, String path) {
    file.rejectUnknownKeys(f, path, FIELD_KEYS);
    int errorsBefore = file.errorCount();
    Optional<String> variable = identifier(f, "variable", path, true);
    Optional<String> label = file.requiredString(f, "label", path);
    FieldType type = file.string(f, "type", path).map(s -> {
      for (FieldType candidate : FieldType.values()) {
        if (candidate.value().equals(s)) {
          return candidate;
        }
      }
      file.error(file.valueAt(f, "type"), path + ".type", "\"" + s
          + "\" is not a field type; use string, number, boolean, date or enum");
      return null;
    }).orElse(FieldType.STRING);
    boolean required = file.bool(f, "required", path).orElse(false);
    Optional<BigDecimal> min = file.number(f, "min", path);
    Optional<BigDecimal> max = file.number(f, "max", path);
    Optional<String> unit = file.string(f, "unit", path);
    List<String> values = new ArrayList<>();
    file.strings(f, "values", path).ifPresent(list -> {
      for (Located<String> v : list) {
        if (v.value().isBlank()) {
          file.error(v.position(), v.path(), "an enum value must not be empty");
        } else if (Names.unsafeFormValue(v.value()).isPresent()) {
          file.error(v.position(), v.path(), Names.unsafeFormValue(v.value()).get());
        } else if (values.contains(v.value())) {
          file.error(v.position(), v.path(), "\"" + v.value() + "\" is listed twice");
        } else {
          values.add(v.value());
        }
      }
    });
    for (String key : List.of("min", "max", "unit")) {
      if (f.contains(List.of(key)) && type != FieldType.NUMBER) {
        file.error(file.keyAt(f, key), path + "." + key, "applies to number fields only, and"
            + " this field is " + article(type.value()));
      }
    }
    if (type == FieldType.ENUM && !f.contains(List.of("values"))) {
      file.error(file.tableAt(f), path + ".values", "an enum field needs its values, e.g."
          + " values = [\"pass\", \"fail\"]");
    } else if (type != FieldType.ENUM && f.contains(List.of("values"))) {
      file.error(file.keyAt(f, "values"), path + ".values", "applies to enum fields only, and"
          + " this field is " + article(type.value()));
    }
    if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
      file.error(file.valueAt(f, "max"), path + ".max", "max " + max.get().toPlainString()
          + " is below min " + min.get().toPlainString());
    }
    if (file.errorCount() > errorsBefore) {
      return Optional.empty();
    }
    return Optional.of(new Field(variable.orElseThrow(), label.orElseThrow(), type, required, min,
        max, unit, values));
  }

  private void rememberBrokenVariables(TomlTable step, String id) {
    brokenVariables.add(id);
    if (step.get(List.of("variable")) instanceof String v) {
      brokenVariables.add(v);
    }
    if (step.get(List.of("fields")) instanceof TomlArray fields) {
      for (int i = 0; i < fields.size(); i++) {
        if (fields.get(i) instanceof TomlTable f && f.get(List.of("variable")) instanceof String v) {
          brokenVariables.add(v);
        }
      }
    }
  }

  private void registerVariables(Step step, TomlTable t, String path) {
    recordedHere.clear();
    if (step.type() == StepType.CHECK) {
      String name = step.variable().orElseThrow();
      Position at = t.contains(List.of("variable")) ? file.valueAt(t, "variable") : file.valueAt(t, "id");
      register(name, new RecordedVariable(TypeChecker.VariableInfo.of(ValueType.BOOLEAN), step.id()),
          at, path + (t.contains(List.of("variable")) ? ".variable" : ".id"));
    } else if (step.type() == StepType.RECORD) {
      for (int i = 0; i < step.fields().size(); i++) {
        Field field = step.fields().get(i);
        ValueType type = switch (field.type()) {
          case NUMBER -> ValueType.NUMBER;
          case BOOLEAN -> ValueType.BOOLEAN;
          case DATE -> ValueType.DATE;
          case STRING, ENUM -> ValueType.STRING;
        };
        TomlTable fieldTable = t.getArray("fields").getTable(i);
        register(field.variable(), new RecordedVariable(
            new TypeChecker.VariableInfo(type, field.values()), step.id()),
            file.valueAt(fieldTable, "variable"), path + ".fields[" + i + "].variable");
      }
    }
  }

  private void register(String name, RecordedVariable variable, Position at, String path) {
    if (CONTEXT_VARIABLES.contains(name) || name.startsWith(FormVariables.RESERVED_PREFIX)) {
      file.error(at, path, "'" + name + "' is reserved for the run's context and outcome ("
          + String.join(", ", CONTEXT_VARIABLES) + ", asrun_*); choose another name");
      return;
    }
    RecordedVariable previous = allVariables.putIfAbsent(name, variable);
    String ownField = recordedHere.put(name, path.replaceAll(".*\\.(fields\\[\\d+\\])\\.variable$", "$1"));
    if (ownField != null) {
      file.error(at, path, "'" + name + "' is already recorded by " + ownField
          + " of this step; give each field its own variable");
    } else if (previous != null && previous.info().type() != variable.info().type()) {
      file.error(at, path, "'" + name + "' is recorded as " + previous.info().type().name()
          .toLowerCase(Locale.ROOT) + " by step '" + previous.stepId()
          + "'; a variable keeps one type");
    }
  }

  /**
   * Type-checks every {@code when} against the variables recorded before its step: by earlier
   * steps in sequence, never by a sibling in an any-order group, nor by the step itself.
   */
  private void checkConditions(List<Step> steps) {
    Map<Step, Map<String, TypeChecker.VariableInfo>> visible = new java.util.IdentityHashMap<>();
    Map<String, TypeChecker.VariableInfo> context = new LinkedHashMap<>();
    for (String name : CONTEXT_VARIABLES) {
      context.put(name, TypeChecker.VariableInfo.of(ValueType.STRING));
    }
    collectVisible(steps, GroupOrder.SEQUENCE, context, visible);
    Map<String, Step> parents = new HashMap<>();
    collectParents(steps, null, parents);
    for (PendingCondition pending : conditions) {
      Map<String, TypeChecker.VariableInfo> known = visible.get(pending.step());
      if (known == null || pending.condition().variables().stream()
          .anyMatch(v -> brokenVariables.contains(v.name()) && !known.containsKey(v.name()))) {
        continue;
      }
      TypeChecker.Scope scope = new TypeChecker.Scope() {
        @Override
        public Optional<TypeChecker.VariableInfo> lookup(String name) {
          return Optional.ofNullable(known.get(name));
        }

        @Override
        public String explainUnknown(String name) {
          RecordedVariable later = allVariables.get(name);
          if (later != null) {
            if (later.stepId().equals(pending.step().id())) {
              return "'" + name + "' is recorded by this step itself, so it is not known yet when"
                  + " the step's condition is decided";
            }
            Optional<Step> anyGroup = commonAnyGroup(pending.step().id(), later.stepId(), parents);
            return "'" + name + "' is recorded by step '" + later.stepId() + "', which "
                + anyGroup.map(g -> "is in the same any-order group '" + g.id()
                    + "', so it may happen after this one")
                    .orElse("does not come before this one")
                + "; a condition can use variables of earlier steps only";
          }
          return "unknown variable '" + name + "'" + Names.didYouMean(name, known.keySet())
              + "; known here: " + String.join(", ", known.keySet());
        }
      };
      try {
        TypeChecker.check(pending.condition(), scope);
      } catch (ConditionException e) {
        file.error(conditionPosition(pending.table(), e.offset()), pending.path() + ".when",
            e.getMessage());
      }
    }
  }

  private static void collectParents(List<Step> steps, Step parent, Map<String, Step> parents) {
    for (Step step : steps) {
      if (parent != null) {
        parents.put(step.id(), parent);
      }
      collectParents(step.steps(), step, parents);
    }
  }

  /** The innermost group holding both steps, when its order is any. */
  private static Optional<Step> commonAnyGroup(String a, String b, Map<String, Step> parents) {
    List<String> ancestorsOfA = new ArrayList<>();
    for (Step p = parents.get(a); p != null; p = parents.get(p.id())) {
      ancestorsOfA.add(p.id());
    }
    for (Step p = parents.get(b); p != null; p = parents.get(p.id())) {
      if (ancestorsOfA.contains(p.id())) {
        return p.order() == GroupOrder.ANY ? Optional.of(p) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static Map<String, TypeChecker.VariableInfo> collectVisible(List<Step> steps,
      GroupOrder order, Map<String, TypeChecker.VariableInfo> before,
      Map<Step, Map<String, TypeChecker.VariableInfo>> visible) {
    Map<String, TypeChecker.VariableInfo> known = new LinkedHashMap<>(before);
    Map<String, TypeChecker.VariableInfo> after = new LinkedHashMap<>(before);
    for (Step step : steps) {
      Map<String, TypeChecker.VariableInfo> atStep = order == GroupOrder.ANY ? before : known;
      visible.put(step, new LinkedHashMap<>(atStep));
      Map<String, TypeChecker.VariableInfo> afterStep;
      if (step.type() == StepType.GROUP) {
        afterStep = collectVisible(step.steps(), step.order(), atStep, visible);
      } else {
        afterStep = new LinkedHashMap<>(atStep);
        addRecorded(step, afterStep);
      }
      if (order == GroupOrder.ANY) {
        after.putAll(afterStep);
      } else {
        known = afterStep;
        after = afterStep;
      }
    }
    return after;
  }

  private static void addRecorded(Step step, Map<String, TypeChecker.VariableInfo> into) {
    if (step.type() == StepType.CHECK) {
      into.put(step.variable().orElseThrow(), TypeChecker.VariableInfo.of(ValueType.BOOLEAN));
    }
    for (Field field : step.fields()) {
      into.put(field.variable(), new TypeChecker.VariableInfo(switch (field.type()) {
        case NUMBER -> ValueType.NUMBER;
        case BOOLEAN -> ValueType.BOOLEAN;
        case DATE -> ValueType.DATE;
        case STRING, ENUM -> ValueType.STRING;
      }, field.values()));
    }
  }

  private Position conditionPosition(TomlTable t, int offset) {
    return file.positionInString(file.valueAt(t, "when"), offset);
  }

  private Optional<String> identifier(TomlTable t, String key, String path, boolean required) {
    Optional<String> value = required ? file.requiredString(t, key, path) : file.string(t, key, path);
    if (value.isPresent() && !Names.ID.matcher(value.get()).matches()) {
      file.error(file.valueAt(t, key), TomlFile.join(path, key), "\"" + value.get()
          + "\" is not a valid " + key + "; use " + Names.ID_RULE + ", e.g. \""
          + suggestId(value.get()) + "\"");
      return Optional.empty();
    }
    return value;
  }

  private static String suggestId(String text) {
    String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^[^a-z]+", "")
        .replaceAll("_+$", "");
    if (s.isEmpty()) {
      return "step_1";
    }
    return s.length() > 63 ? s.substring(0, 63) : s;
  }

  private Optional<List<String>> groups(TomlTable t, String path) {
    return file.strings(t, "executor_groups", path).map(list -> {
      List<String> groups = new ArrayList<>();
      for (Located<String> g : list) {
        if (Names.GROUP.matcher(g.value()).matches()) {
          groups.add(g.value());
        } else {
          file.error(g.position(), g.path(), "\"" + g.value() + "\" is not a group id; use "
              + Names.GROUP_RULE);
        }
      }
      return groups;
    });
  }

  private Optional<Duration> duration(TomlTable t, String key, String path) {
    Object value = t.get(List.of(key));
    if (value == null) {
      return Optional.empty();
    }
    Position at = file.valueAt(t, key);
    String keyPath = TomlFile.join(path, key);
    if (!(value instanceof String text)) {
      file.error(at, keyPath, TomlFile.describe(value) + " is not a duration: write a string with"
          + " a unit (try " + (value instanceof Long l && l > 0
              ? "\"" + l + "m\" or \"PT" + l + "M\"" : "\"30m\" or \"PT30M\"") + ")");
      return Optional.empty();
    }
    Optional<Duration> duration = Durations.parse(text);
    if (duration.isEmpty() && Durations.isCalendarPeriod(text)) {
      file.error(at, keyPath, "\"" + text + "\" is not a duration: months, years and weeks have no"
          + " fixed length here; use days, e.g. \"30d\" or \"P30D\"");
      return Optional.empty();
    }
    if (duration.isEmpty()) {
      file.error(at, keyPath, "\"" + text + "\" is not a duration (try \"30m\" or \"PT30M\")");
      return Optional.empty();
    }
    if (duration.get().isZero() || duration.get().isNegative()) {
      file.error(at, keyPath, "\"" + text + "\" must be longer than zero");
      return Optional.empty();
    }
    return duration;
  }

  private static String typeNames(Set<StepType> types) {
    return Arrays.stream(StepType.values()).filter(types::contains).map(StepType::value)
        .reduce((a, b) -> a + ", " + b).map(s -> s + " steps").orElse("");
  }

  private static String article(String word) {
    return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
  }

  private static String stripPosition(String message) {
    return message.replaceAll(" \\(line \\d+, column \\d+\\)$", "");
  }

  private record RecordedVariable(TypeChecker.VariableInfo info, String stepId) {}

  private record PendingCondition(Step step, Condition condition, TomlTable table, String path) {}
}
