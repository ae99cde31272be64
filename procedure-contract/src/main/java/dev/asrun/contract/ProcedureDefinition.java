package dev.asrun.contract;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;

/**
 * A compiled procedure as its BPMN says it, typed: what the engine side needs of a deployed
 * procedure, read by the one reader of this contract ({@link #read(BpmnModelInstance)}).
 *
 * @param id the procedure's id, its process key
 * @param name the process's name, as written in BPMN (empty if it has none)
 * @param version the procedure's version ({@code camunda:versionTag}), if written
 * @param domain the procedure's domain, if written
 * @param timeout the whole run's limit, if any
 * @param trigger what triggers the procedure and which observations may
 * @param signatures who must sign its runs ({@link SignaturePolicy#NONE}: nobody)
 * @param steps the top-level steps in written order; groups hold theirs
 */
public record ProcedureDefinition(
    String id,
    Optional<String> name,
    Optional<String> version,
    Optional<String> domain,
    Optional<Duration> timeout,
    Trigger trigger,
    SignaturePolicy signatures,
    List<Step> steps) {

  public ProcedureDefinition {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(signatures, "signatures");
    steps = List.copyOf(steps);
  }

  /**
   * The procedure in {@code model}: the process carrying {@link Property#SCHEMA}.
   *
   * @throws IllegalArgumentException if the model holds no compiled procedure, or something the
   *     compiler never writes (named in the message)
   */
  public static ProcedureDefinition read(BpmnModelInstance model) {
    Process process = model.getModelElementsByType(Process.class).stream()
        .filter(Reader::isProcedure)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the BPMN holds no compiled procedure (no"
            + " process with the property " + Property.SCHEMA + ")"));
    return new Reader(process).procedure();
  }

  /**
   * The procedure whose process key is {@code processKey} in {@code model}; empty when that
   * process is absent or no compiled procedure (a trigger window process, a foreign process).
   *
   * @throws IllegalArgumentException if the process is marked a compiled procedure but holds
   *     something the compiler never writes (named in the message)
   */
  public static Optional<ProcedureDefinition> read(BpmnModelInstance model, String processKey) {
    return model.getModelElementsByType(Process.class).stream()
        .filter(p -> p.getId().equals(processKey) && Reader.isProcedure(p))
        .findFirst()
        .map(p -> new Reader(p).procedure());
  }

  /** Every step, groups included, depth first in written order. */
  public List<Step> allSteps() {
    List<Step> all = new ArrayList<>();
    steps.forEach(s -> s.collect(all));
    return List.copyOf(all);
  }

  /** The step (or group) {@code stepId}, if the procedure has it. */
  public Optional<Step> step(String stepId) {
    return allSteps().stream().filter(s -> s.id().equals(stepId)).findFirst();
  }

  /**
   * One step as compiled: a BPMN activity carrying {@link Property#STEP_TYPE} whose id is the
   * step id.
   *
   * @param name the activity's name as written in BPMN (a user task's keeps the compiler's
   *     zero-width space between {@code $} or {@code #} and {@code {}, so it is no expression)
   * @param header what its own properties say: type, action, optional, condition, timeout,
   *     reference, duration, check, a group's order (a step with a condition is wrapped in an
   *     exclusive gateway, {@link Ids#WHEN_SUFFIX}, whose default flow bypasses it; the compiler
   *     marks the steps of an optional group optional too)
   * @param fields a record step's recorded fields, in written order
   * @param steps a group's steps in written order
   */
  public record Step(
      String id, Optional<String> name, StepHeader header, List<Field> fields, List<Step> steps) {

    public Step {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(header, "header");
      fields = List.copyOf(fields);
      steps = List.copyOf(steps);
    }

    /** What kind of step it is. */
    public StepType type() {
      return header.type();
    }

    /** The variables the step records when done: a check's variable, a record's fields. */
    public List<String> recordedVariables() {
      List<String> variables = new ArrayList<>();
      header.check().ifPresent(c -> variables.add(c.variable()));
      fields.forEach(f -> variables.add(f.variable()));
      return List.copyOf(variables);
    }

    private void collect(List<Step> all) {
      all.add(this);
      steps.forEach(s -> s.collect(all));
    }
  }

  /** A check step's expectation: {@code variable} is {@code expect}. */
  public record Check(String variable, boolean expect) {}

  /**
   * A value a record step asks for: a form field of its task carrying {@link
   * Property#FIELD_TYPE}.
   *
   * @param variable the form field's id, the variable it records
   * @param values an enum field's values, in written order
   */
  public record Field(
      String variable,
      FieldType type,
      boolean required,
      Optional<BigDecimal> min,
      Optional<BigDecimal> max,
      Optional<String> unit,
      List<String> values) {
    public Field {
      Objects.requireNonNull(variable, "variable");
      Objects.requireNonNull(type, "type");
      values = List.copyOf(values);
    }
  }

  /**
   * What triggers a procedure and which observations may, from the {@code asrun.*} properties of
   * its process (or of its trigger window process, which repeats its window and, when the window
   * only gates them, its trigger actions).
   *
   * @param duringActions the actions whose observation triggers it, in written order
   * @param window its daily trigger window, if any
   * @param location the location it is restricted to, if any
   * @param equipment the equipment it is restricted to, in written order (empty: any)
   */
  public record Trigger(
      List<String> duringActions,
      Optional<Window> window,
      Optional<String> location,
      List<String> equipment) {

    public Trigger {
      duringActions = List.copyOf(duringActions);
      equipment = List.copyOf(equipment);
    }

    /**
     * The trigger written in a process's properties, each name with its values in written order
     * (a name may repeat).
     *
     * @throws IllegalArgumentException if a value is not what the compiler writes
     */
    public static Trigger of(Map<String, List<String>> processProperties) {
      Properties properties = new Properties("the process", processProperties);
      Optional<Window> window = properties.first(Property.WINDOW_START).map(start -> new Window(
          properties.time(Property.WINDOW_START).orElseThrow(),
          properties.time(Property.WINDOW_END),
          properties.first(Property.CRON).orElseThrow(() ->
              properties.missing(Property.CRON, "beside " + Property.WINDOW_START)),
          properties.zone(Property.TIMEZONE)));
      return new Trigger(properties.all(Property.DURING_ACTION), window,
          properties.first(Property.LOCATION), properties.all(Property.EQUIPMENT));
    }

    /** Whether nothing triggers it: no window, no trigger action (it is watched always). */
    public boolean none() {
      return window.isEmpty() && duringActions.isEmpty();
    }
  }

  /**
   * A daily trigger window.
   *
   * @param start when it opens, in {@code timezone}
   * @param end when it closes, if it does (earlier than {@code start}: on the next day)
   * @param cron the Quartz-style cron expression of its openings, days included
   * @param timezone its zone; empty: the engine's
   */
  public record Window(
      LocalTime start, Optional<LocalTime> end, String cron, Optional<ZoneId> timezone) {
    public Window {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(cron, "cron");
    }
  }
}
