package dev.asrun.compiler.bpmn;

import dev.asrun.compiler.bpmn.Diagram.Point;
import dev.asrun.compiler.bpmn.Diagram.Rect;
import dev.asrun.compiler.model.Context;
import dev.asrun.compiler.model.Field;
import dev.asrun.compiler.model.Procedure;
import dev.asrun.compiler.model.Step;
import dev.asrun.compiler.parse.ProcedureReader;
import dev.asrun.contract.FormVariables;
import dev.asrun.contract.GroupOrder;
import dev.asrun.contract.Ids;
import dev.asrun.contract.Property;
import dev.asrun.contract.StepType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.impl.BpmnModelConstants;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.ConditionExpression;
import org.camunda.bpm.model.bpmn.instance.Definitions;
import org.camunda.bpm.model.bpmn.instance.Documentation;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.IntermediateThrowEvent;
import org.camunda.bpm.model.bpmn.instance.ParallelGateway;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.Signal;
import org.camunda.bpm.model.bpmn.instance.SignalEventDefinition;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.TimeCycle;
import org.camunda.bpm.model.bpmn.instance.TimeDuration;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnDiagram;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnLabel;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnPlane;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFormData;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFormField;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaIn;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaValue;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.di.Waypoint;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * Lowers one procedure to BPMN 2.0 XML with Camunda extensions and diagram interchange.
 *
 * <p>Steps become user tasks (call activities for {@code reference}, timer catch events for
 * {@code wait}, expanded subprocesses for groups); {@code any} groups split and join with parallel
 * gateways, {@code when} wraps a step in exclusive gateways with a default bypass; step timeouts
 * are non-interrupting boundary timers that only record, the procedure timeout an interrupting
 * one on a subprocess holding all steps. What the as-run engine adapter needs to know of a step
 * (type, action, optional, limits) travels as {@code camunda:property} entries named {@code
 * asrun.*}. All generated ids contain a {@code -}, which step ids cannot, so they never collide.
 */
public final class BpmnEmitter {
  /** Days Camunda keeps the history of a finished run. */
  public static final int HISTORY_TIME_TO_LIVE_DAYS = 180;

  private final Procedure procedure;
  private final BpmnModelInstance model;
  private final Definitions definitions;

  private BpmnEmitter(Procedure procedure) {
    this.procedure = procedure;
    this.model = Bpmn.createEmptyModel();
    this.definitions = model.newInstance(Definitions.class);
    definitions.setId("asrun-definitions-" + procedure.id());
    definitions.setTargetNamespace("https://asrun.dev/procedures/" + procedure.id());
    definitions.setExporter("asrun toml-to-bpmn");
    definitions.getDomElement().registerNamespace("camunda", BpmnModelConstants.CAMUNDA_NS);
    model.setDefinitions(definitions);
  }

  /** The BPMN 2.0 XML of {@code procedure}; the same procedure always gives the same bytes. */
  public static String emit(Procedure procedure) {
    return new BpmnEmitter(procedure).emit();
  }

  private String emit() {
    Process process = create(Process.class, procedure.id());
    process.setName(procedure.name());
    process.setExecutable(true);
    process.setCamundaHistoryTimeToLiveString(String.valueOf(HISTORY_TIME_TO_LIVE_DAYS));
    procedure.version().ifPresent(process::setCamundaVersionTag);
    definitions.addChildElement(process);
    procedure.description().ifPresent(d -> document(process, d));
    properties(process, processProperties());

    List<Block> parts = new ArrayList<>();
    parts.add(starts(process));
    if (procedure.timeout().isPresent()) {
      SubProcess run = node(process, SubProcess.class, Ids.RUN, procedure.name());
      Block inner = containerBody(run, Ids.RUN, procedure.steps(), GroupOrder.SEQUENCE);
      Block.Boundary timeout = boundary(process, run, Ids.PROCEDURE_TIMEOUT, "Procedure timeout",
          procedure.timeout().get(), true, Ids.ABORTED, "Aborted: timeout");
      parts.add(new Block.Container(run, inner, timeout));
    } else {
      parts.addAll(stepBlocks(process, procedure.steps()));
    }
    EndEvent end = node(process, EndEvent.class, Ids.END, "Completed");
    parts.add(new Block.Node(end, Block.EVENT, Block.EVENT, null));
    Block body = sequence(process, parts);
    Diagram layout = new Diagram();
    body.place(160, 80, layout);
    drawDiagram(process, layout, "asrun");
    procedure.context().filter(c -> c.window().isPresent()).ifPresent(this::windowProcess);
    return Bpmn.convertToString(model);
  }

  private List<String[]> processProperties() {
    List<String[]> props = new ArrayList<>();
    props.add(new String[] {Property.SCHEMA, procedure.signatures().none()
        ? ProcedureReader.SCHEMAS.get(0) : ProcedureReader.SIGNATURES_SCHEMA});
    procedure.domain().ifPresent(d -> props.add(new String[] {Property.DOMAIN, d}));
    procedure.timeout().ifPresent(t -> props.add(new String[] {Property.TIMEOUT, t.toString()}));
    procedure.context().ifPresent(c -> {
      props.addAll(windowProperties(c));
      c.duringActions().forEach(a -> props.add(new String[] {Property.DURING_ACTION, a}));
      c.location().ifPresent(l -> props.add(new String[] {Property.LOCATION, l}));
      c.equipment().forEach(e -> props.add(new String[] {Property.EQUIPMENT, e}));
    });
    procedure.signatures().properties()
        .forEach(e -> props.add(new String[] {e.getKey(), e.getValue()}));
    return props;
  }

  /** The none start event (with the start form), a timer start, a signal start per action. */
  private Block starts(Process process) {
    List<FlowNode> starts = new ArrayList<>();
    StartEvent manual = node(process, StartEvent.class, Ids.MANUAL_START, "Started by hand");
    manual.setCamundaInitiator(FormVariables.EXECUTOR_ID);
    startForm(manual);
    starts.add(manual);
    Optional<Context> context = procedure.context();
    context.filter(c -> !gatesActions(c)).flatMap(Context::window).ifPresent(window ->
        starts.add(signalStart(process, Ids.WINDOW_START, "Window opens " + window.start(),
            Ids.windowSignal(procedure.id()))));
    context.map(Context::duringActions).orElse(List.of()).forEach(action ->
        starts.add(signalStart(process, Ids.actionStart(action), "Observed: " + action, action)));
    if (starts.size() == 1) {
      return new Block.Node(manual, Block.EVENT, Block.EVENT, null);
    }
    ExclusiveGateway merge = node(process, ExclusiveGateway.class, Ids.TRIGGERED, null);
    List<SequenceFlow> flows = new ArrayList<>();
    for (FlowNode start : starts) {
      flows.add(flow(process, start, merge));
    }
    return new Block.Starts(starts, merge, flows);
  }

  private StartEvent signalStart(Process process, String id, String name, String signalName) {
    StartEvent start = node(process, StartEvent.class, id, name);
    SignalEventDefinition definition = create(SignalEventDefinition.class, id + "-signal");
    definition.setSignal(signal(signalName));
    start.getEventDefinitions().add(definition);
    return start;
  }

  private Signal signal(String name) {
    Signal signal = create(Signal.class, "asrun-signal-" + name);
    signal.setName(name);
    definitions.addChildElement(signal);
    return signal;
  }

  /**
   * Whether the time window only gates the procedure's trigger actions (both given: both must
   * hold), rather than triggering the procedure itself.
   */
  private static boolean gatesActions(Context context) {
    return context.window().isPresent() && !context.duringActions().isEmpty();
  }

  /**
   * The trigger process: a cron timer start event; a signal throw event that triggers the
   * procedure, unless the window only gates trigger actions; a timer catch event that holds the
   * window open for its length, when it has an end (a window gating actions without an end stays
   * open until midnight); an end event. Its instance waiting at that timer is the window being
   * open; {@code asrun-window-closed} is its closing, where the as-run adapter withdraws the runs
   * it triggered that never saw their first step. A plain engine evaluates the cron and the
   * duration in its JVM's zone; the as-run engine plugin makes both timers due at the window's
   * times in {@code asrun.timezone}, so nothing zone-specific needs an expression here.
   */
  private void windowProcess(Context context) {
    var window = context.window().orElseThrow();
    boolean gatesActions = gatesActions(context);
    Process process = create(Process.class, Ids.windowProcess(procedure.id()));
    process.setName(procedure.name() + ": trigger window");
    process.setExecutable(true);
    process.setCamundaHistoryTimeToLiveString(String.valueOf(HISTORY_TIME_TO_LIVE_DAYS));
    procedure.version().ifPresent(process::setCamundaVersionTag);
    process.setCamundaIsStartableInTasklist(false);
    definitions.addChildElement(process);
    document(process, "Opens the trigger window of procedure " + procedure.id() + "."
        + (gatesActions ? " While it is open, its trigger actions trigger it." : ""));
    List<String[]> props = new ArrayList<>();
    props.add(new String[] {Property.WINDOW_OF, procedure.id()});
    props.addAll(windowProperties(context));
    if (gatesActions) {
      context.duringActions().forEach(a -> props.add(new String[] {Property.DURING_ACTION, a}));
    }
    properties(process, props);
    String cron = Cron.of(window.start(), context);
    StartEvent timer = node(process, StartEvent.class, Ids.WINDOW_TIMER,
        "Window opens " + window.start());
    TimerEventDefinition definition =
        create(TimerEventDefinition.class, Ids.WINDOW_TIMER + "-timer");
    TimeCycle cycle = create(TimeCycle.class, Ids.WINDOW_TIMER + "-cycle");
    cycle.setTextContent(cron);
    definition.setTimeCycle(cycle);
    timer.getEventDefinitions().add(definition);
    List<FlowNode> nodes = new ArrayList<>(List.of(timer));
    if (!gatesActions) {
      IntermediateThrowEvent trigger = node(process, IntermediateThrowEvent.class,
          Ids.WINDOW_TRIGGER, "Trigger " + procedure.name());
      SignalEventDefinition throwSignal =
          create(SignalEventDefinition.class, Ids.WINDOW_TRIGGER + "-signal");
      throwSignal.setSignal(definitions.getChildElementsByType(Signal.class).stream()
          .filter(sig -> sig.getName().equals(Ids.windowSignal(procedure.id()))).findFirst()
          .orElseThrow());
      trigger.getEventDefinitions().add(throwSignal);
      nodes.add(trigger);
    }
    Optional<Duration> open = gatesActions
        ? Optional.of(window.length().orElseGet(window::untilMidnight)) : window.length();
    if (open.isPresent()) {
      String until = window.end().map(Object::toString).orElse("midnight");
      IntermediateCatchEvent wait = node(process, IntermediateCatchEvent.class,
          Ids.WINDOW_WAIT, "Open until " + until);
      TimerEventDefinition waitTimer =
          create(TimerEventDefinition.class, Ids.WINDOW_WAIT + "-timer");
      TimeDuration length = create(TimeDuration.class, Ids.WINDOW_WAIT + "-duration");
      length.setTextContent(open.get().toString());
      waitTimer.setTimeDuration(length);
      wait.getEventDefinitions().add(waitTimer);
      nodes.add(wait);
      nodes.add(node(process, EndEvent.class, Ids.WINDOW_CLOSED, "Window closed"));
    } else {
      nodes.add(node(process, EndEvent.class, Ids.WINDOW_END, "Triggered"));
    }
    List<Block> parts = new ArrayList<>();
    for (FlowNode node : nodes) {
      parts.add(new Block.Node(node, Block.EVENT, Block.EVENT, null));
    }
    Diagram layout = new Diagram();
    sequence(process, parts).place(160, 80, layout);
    drawDiagram(process, layout, "asrun-window");
  }

  private static List<String[]> windowProperties(Context c) {
    List<String[]> props = new ArrayList<>();
    c.window().ifPresent(w -> {
      props.add(new String[] {Property.WINDOW_START, w.start().toString()});
      w.end().ifPresent(e -> props.add(new String[] {Property.WINDOW_END, e.toString()}));
      props.add(new String[] {Property.CRON, Cron.of(w.start(), c)});
    });
    c.timezone().ifPresent(z -> props.add(new String[] {Property.TIMEZONE, z.getId()}));
    return props;
  }

  private void startForm(StartEvent start) {
    CamundaFormData form = extensions(start).addExtensionElement(CamundaFormData.class);
    Optional<Context> context = procedure.context();
    formField(form, FormVariables.LOCATION, "Location", "string",
        context.flatMap(Context::location).orElse(null));
    formField(form, FormVariables.EQUIPMENT_ID, "Equipment", "string",
        context.map(Context::equipment).filter(e -> !e.isEmpty()).map(e -> e.get(0)).orElse(null));
    formField(form, FormVariables.NOTES, "Notes", "string", null);
  }

  /** The inside of a container: its own start event, the steps, its own end event. */
  private Block containerBody(SubProcess container, String prefix, List<Step> steps,
      GroupOrder order) {
    StartEvent start = node(container, StartEvent.class, prefix + "-start", "Start");
    EndEvent end = node(container, EndEvent.class, prefix + "-end", "End");
    List<Block> parts = new ArrayList<>();
    parts.add(new Block.Node(start, Block.EVENT, Block.EVENT, null));
    if (order == GroupOrder.ANY && steps.size() > 1) {
      ParallelGateway split = node(container, ParallelGateway.class, prefix + "-split",
          "In any order");
      ParallelGateway join = node(container, ParallelGateway.class, prefix + "-join", null);
      List<Block> branches = new ArrayList<>();
      List<SequenceFlow> in = new ArrayList<>();
      List<SequenceFlow> out = new ArrayList<>();
      for (Step step : steps) {
        Block branch = stepBlock(container, step);
        branches.add(branch);
        in.add(flow(container, split, branch.entry()));
        out.add(flow(container, branch.exit(), join));
      }
      parts.add(new Block.Branches(split, join, branches, in, out, null));
    } else {
      parts.addAll(stepBlocks(container, steps));
    }
    parts.add(new Block.Node(end, Block.EVENT, Block.EVENT, null));
    return sequence(container, parts);
  }

  private List<Block> stepBlocks(BaseElement scope, List<Step> steps) {
    List<Block> blocks = new ArrayList<>();
    for (Step step : steps) {
      blocks.add(stepBlock(scope, step));
    }
    return blocks;
  }

  private Block stepBlock(BaseElement scope, Step step) {
    Block block = switch (step.type()) {
      case WAIT -> waitBlock(scope, step);
      case GROUP -> groupBlock(scope, step);
      case ACTION, CHECK, RECORD -> step.reference().isPresent()
          ? callBlock(scope, step) : taskBlock(scope, step);
    };
    return step.when().isPresent() ? conditional(scope, step, block) : block;
  }

  private Block taskBlock(BaseElement scope, Step step) {
    UserTask task = node(scope, UserTask.class, step.id(), Juel.literalText(step.name()));
    if (!step.executorGroups().isEmpty()) {
      task.setCamundaCandidateGroups(String.join(",", step.executorGroups()));
    }
    step.instructions().ifPresent(i -> document(task, Juel.literalText(i)));
    properties(task, stepProperties(step));
    CamundaFormData form = extensions(task).addExtensionElement(CamundaFormData.class);
    if (step.type() == StepType.CHECK) {
      formField(form, step.variable().orElseThrow(), step.name() + " (expected: "
          + (step.expect() ? "yes" : "no") + ")", "boolean", null);
    }
    for (Field field : step.fields()) {
      recordField(form, field);
    }
    CamundaFormField outcome = formField(form, FormVariables.OUTCOME, step.optional()
        ? "Outcome (this step is optional)" : "Outcome", "enum", FormVariables.DONE);
    enumValue(outcome, FormVariables.DONE, "Done");
    enumValue(outcome, FormVariables.SKIPPED, "Skipped");
    formField(form, FormVariables.SKIP_REASON, "Reason, if skipped", "string", null);
    formField(form, FormVariables.PERFORMED_AT,
        "Actually performed at (YYYY-MM-DD HH:MM, empty for now)",
        "string", null);
    // local to the step: one step's answer must not pre-fill the next step's form in Tasklist
    CamundaInputOutput local = extensions(task).addExtensionElement(CamundaInputOutput.class);
    localVariable(local, FormVariables.OUTCOME, FormVariables.DONE);
    localVariable(local, FormVariables.SKIP_REASON, null);
    localVariable(local, FormVariables.PERFORMED_AT, null);
    return new Block.Node(task, Block.TASK_WIDTH, Block.TASK_HEIGHT, overdue(scope, task, step));
  }

  private void recordField(CamundaFormData form, Field field) {
    StringBuilder label = new StringBuilder(field.label());
    field.unit().ifPresent(u -> label.append(" [").append(u).append(']'));
    limits(field).ifPresent(l -> label.append(" (").append(l).append(')'));
    if (field.required()) {
      label.append(" *");
    }
    String type = switch (field.type()) {
      case STRING, NUMBER -> "string";
      case BOOLEAN -> "boolean";
      case DATE -> "date";
      case ENUM -> "enum";
    };
    CamundaFormField formField = formField(form, field.variable(), label.toString(), type, null);
    for (String value : field.values()) {
      enumValue(formField, value, value);
    }
    List<String[]> props = new ArrayList<>();
    props.add(new String[] {Property.FIELD_TYPE, field.type().value()});
    if (field.required()) {
      props.add(new String[] {Property.REQUIRED, "true"});
    }
    field.min().ifPresent(m -> props.add(new String[] {Property.MIN, m.toPlainString()}));
    field.max().ifPresent(m -> props.add(new String[] {Property.MAX, m.toPlainString()}));
    field.unit().ifPresent(u -> props.add(new String[] {Property.UNIT, u}));
    CamundaProperties properties = model.newInstance(CamundaProperties.class);
    for (String[] p : props) {
      CamundaProperty property = model.newInstance(CamundaProperty.class);
      property.setCamundaId(p[0]);
      property.setCamundaValue(p[1]);
      properties.getCamundaProperties().add(property);
    }
    formField.setCamundaProperties(properties);
  }

  private static Optional<String> limits(Field field) {
    Optional<BigDecimal> min = field.min();
    Optional<BigDecimal> max = field.max();
    if (min.isPresent() && max.isPresent()) {
      return Optional.of(min.get().toPlainString() + " to " + max.get().toPlainString());
    }
    return min.map(m -> "min " + m.toPlainString()).or(() -> max.map(m -> "max " + m.toPlainString()));
  }

  private Block callBlock(BaseElement scope, Step step) {
    CallActivity call = node(scope, CallActivity.class, step.id(), step.name());
    call.setCalledElement(step.reference().orElseThrow());
    step.instructions().ifPresent(i -> document(call, i));
    ExtensionElements extensions = extensions(call);
    CamundaIn businessKey = extensions.addExtensionElement(CamundaIn.class);
    businessKey.setCamundaBusinessKey("#{execution.processBusinessKey}");
    for (String variable : FormVariables.CONTEXT) {
      CamundaIn in = extensions.addExtensionElement(CamundaIn.class);
      in.setCamundaSource(variable);
      in.setCamundaTarget(variable);
    }
    properties(call, stepProperties(step));
    return new Block.Node(call, Block.TASK_WIDTH, Block.TASK_HEIGHT, overdue(scope, call, step));
  }

  private Block waitBlock(BaseElement scope, Step step) {
    IntermediateCatchEvent wait = node(scope, IntermediateCatchEvent.class, step.id(), step.name());
    TimerEventDefinition definition = create(TimerEventDefinition.class, wait.getId() + "-timer");
    TimeDuration duration = create(TimeDuration.class, wait.getId() + "-duration");
    duration.setTextContent(step.duration().orElseThrow().toString());
    definition.setTimeDuration(duration);
    wait.getEventDefinitions().add(definition);
    step.instructions().ifPresent(i -> document(wait, i));
    properties(wait, stepProperties(step));
    return new Block.Node(wait, Block.EVENT, Block.EVENT, null);
  }

  private Block groupBlock(BaseElement scope, Step step) {
    SubProcess group = node(scope, SubProcess.class, step.id(), step.name());
    step.instructions().ifPresent(i -> document(group, i));
    properties(group, stepProperties(step));
    Block inner = containerBody(group, step.id(), step.steps(), step.order());
    return new Block.Container(group, inner, overdue(scope, group, step));
  }

  private Block conditional(BaseElement scope, Step step, Block block) {
    String text = step.when().orElseThrow().text();
    ExclusiveGateway split = node(scope, ExclusiveGateway.class, step.id() + Ids.WHEN_SUFFIX,
        "When " + text + "?");
    ExclusiveGateway join =
        node(scope, ExclusiveGateway.class, step.id() + Ids.WHEN_JOIN_SUFFIX, null);
    SequenceFlow in = flow(scope, split, block.entry());
    in.setName("yes");
    ConditionExpression condition = create(ConditionExpression.class, in.getId() + "-condition");
    condition.setTextContent(step.when().orElseThrow().toJuel());
    in.setConditionExpression(condition);
    SequenceFlow out = flow(scope, block.exit(), join);
    SequenceFlow bypass = flow(scope, split, join);
    bypass.setName("no: not needed");
    split.setDefault(bypass);
    return new Block.Branches(split, join, List.of(block), List.of(in), List.of(out), bypass);
  }

  private Block.Boundary overdue(BaseElement scope, FlowNode host, Step step) {
    return step.timeout().map(t -> boundary(scope, host, step.id() + "-overdue",
        "Overdue after " + human(t), t, false, step.id() + "-overdue-end", "Overdue recorded"))
        .orElse(null);
  }

  private Block.Boundary boundary(BaseElement scope, FlowNode host, String id, String name,
      Duration after, boolean interrupting, String endId, String endName) {
    BoundaryEvent event = node(scope, BoundaryEvent.class, id, name);
    event.setAttachedTo((org.camunda.bpm.model.bpmn.instance.Activity) host);
    event.setCancelActivity(interrupting);
    TimerEventDefinition definition = create(TimerEventDefinition.class, id + "-timer");
    TimeDuration duration = create(TimeDuration.class, id + "-duration");
    duration.setTextContent(after.toString());
    definition.setTimeDuration(duration);
    event.getEventDefinitions().add(definition);
    EndEvent end = node(scope, EndEvent.class, endId, endName);
    return new Block.Boundary(event, end, flow(scope, event, end));
  }

  private List<String[]> stepProperties(Step step) {
    List<String[]> props = new ArrayList<>();
    props.add(new String[] {Property.STEP_TYPE, step.type().value()});
    if (step.type() != StepType.GROUP) {
      props.add(new String[] {Property.ACTION, step.action()});
    }
    if (step.optional()) {
      props.add(new String[] {Property.OPTIONAL, "true"});
    }
    step.timeout().ifPresent(t -> props.add(new String[] {Property.TIMEOUT, t.toString()}));
    step.when().ifPresent(w -> props.add(new String[] {Property.WHEN, w.text()}));
    step.reference().ifPresent(r -> props.add(new String[] {Property.REFERENCE, r}));
    step.duration().ifPresent(d -> props.add(new String[] {Property.DURATION, d.toString()}));
    if (step.type() == StepType.CHECK) {
      props.add(new String[] {Property.VARIABLE, step.variable().orElseThrow()});
      props.add(new String[] {Property.EXPECT, String.valueOf(step.expect())});
    }
    if (step.type() == StepType.GROUP) {
      props.add(new String[] {Property.ORDER, step.order().value()});
    }
    return props;
  }

  private static String human(Duration d) {
    StringBuilder s = new StringBuilder();
    long days = d.toDays();
    if (days > 0) {
      s.append(days).append('d');
    }
    if (d.toHoursPart() > 0) {
      s.append(d.toHoursPart()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      s.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0 || s.length() == 0) {
      s.append(d.toSecondsPart()).append('s');
    }
    return s.toString();
  }

  private Block sequence(BaseElement scope, List<Block> parts) {
    List<SequenceFlow> flows = new ArrayList<>();
    for (int i = 1; i < parts.size(); i++) {
      flows.add(flow(scope, parts.get(i - 1).exit(), parts.get(i).entry()));
    }
    return new Block.Sequence(parts, flows);
  }

  private <T extends FlowElement> T node(BaseElement scope, Class<T> type, String id, String name) {
    T element = model.newInstance(type, id);
    if (name != null) {
      element.setName(name);
    }
    scope.addChildElement(element);
    return element;
  }

  /**
   * A new element with a given id: the model API would otherwise draw a random one, and setting
   * it afterwards rescans every reference in the model.
   */
  private <T extends ModelElementInstance> T create(Class<T> type, String id) {
    return model.newInstance(type, id);
  }

  private SequenceFlow flow(BaseElement scope, FlowNode from, FlowNode to) {
    boolean bypass =
        from.getId().endsWith(Ids.WHEN_SUFFIX) && to.getId().endsWith(Ids.WHEN_JOIN_SUFFIX);
    String id = bypass ? "flow-" + from.getId() + "-bypass" : "flow-" + from.getId() + "-" + to.getId();
    SequenceFlow flow = node(scope, SequenceFlow.class, id, null);
    flow.setSource(from);
    flow.setTarget(to);
    from.getOutgoing().add(flow);
    to.getIncoming().add(flow);
    return flow;
  }

  private void document(BaseElement element, String text) {
    Documentation documentation = create(Documentation.class, element.getId() + "-documentation");
    documentation.setTextContent(text);
    element.getDocumentations().add(documentation);
  }

  private ExtensionElements extensions(BaseElement element) {
    ExtensionElements extensions = element.getExtensionElements();
    if (extensions == null) {
      extensions = model.newInstance(ExtensionElements.class);
      element.setExtensionElements(extensions);
    }
    return extensions;
  }

  private void properties(BaseElement element, List<String[]> entries) {
    CamundaProperties properties = extensions(element).addExtensionElement(CamundaProperties.class);
    for (String[] entry : entries) {
      CamundaProperty property = model.newInstance(CamundaProperty.class);
      property.setCamundaName(entry[0]);
      property.setCamundaValue(entry[1]);
      properties.getCamundaProperties().add(property);
    }
  }

  private CamundaFormField formField(CamundaFormData form, String id, String label, String type,
      String defaultValue) {
    CamundaFormField field = model.newInstance(CamundaFormField.class);
    field.setCamundaId(id);
    field.setCamundaLabel(Juel.literalText(Html.text(label)));
    field.setCamundaType(type);
    if (defaultValue != null) {
      field.setCamundaDefaultValue(Juel.literalText(defaultValue));
    }
    form.getCamundaFormFields().add(field);
    return field;
  }

  /** A variable of the task's own scope, {@code null} or a constant (never an expression). */
  private void localVariable(CamundaInputOutput inputOutput, String name, String constant) {
    CamundaInputParameter parameter = model.newInstance(CamundaInputParameter.class);
    parameter.setCamundaName(name);
    if (constant != null) {
      parameter.setTextContent(Juel.literalText(constant));
    }
    inputOutput.getCamundaInputParameters().add(parameter);
  }

  private void enumValue(CamundaFormField field, String id, String name) {
    CamundaValue value = model.newInstance(CamundaValue.class);
    value.setCamundaId(id);
    value.setCamundaName(Html.text(name));
    field.getCamundaValues().add(value);
  }

  private Bounds bounds(Rect r) {
    Bounds bounds = model.newInstance(Bounds.class);
    bounds.setX(r.x());
    bounds.setY(r.y());
    bounds.setWidth(r.width());
    bounds.setHeight(r.height());
    return bounds;
  }

  private void drawDiagram(Process process, Diagram diagram, String prefix) {
    BpmnDiagram bpmnDiagram = create(BpmnDiagram.class, prefix + "-diagram");
    BpmnPlane plane = create(BpmnPlane.class, prefix + "-plane");
    plane.setBpmnElement(process);
    bpmnDiagram.setBpmnPlane(plane);
    definitions.addChildElement(bpmnDiagram);
    for (Map.Entry<FlowNode, Rect> entry : diagram.shapes().entrySet()) {
      BpmnShape shape = create(BpmnShape.class, entry.getKey().getId() + "-di");
      shape.setBpmnElement(entry.getKey());
      if (entry.getKey() instanceof SubProcess) {
        shape.setExpanded(true);
      }
      shape.setBounds(bounds(entry.getValue()));
      Rect label = diagram.labels().get(entry.getKey());
      if (label != null) {
        BpmnLabel bpmnLabel = create(BpmnLabel.class, shape.getId() + "-label");
        bpmnLabel.setBounds(bounds(label));
        shape.setBpmnLabel(bpmnLabel);
      }
      plane.addChildElement(shape);
    }
    for (Map.Entry<SequenceFlow, List<Point>> entry : diagram.edges().entrySet()) {
      BpmnEdge edge = create(BpmnEdge.class, entry.getKey().getId() + "-di");
      edge.setBpmnElement(entry.getKey());
      for (Point p : entry.getValue()) {
        Waypoint waypoint = model.newInstance(Waypoint.class);
        waypoint.setX(p.x());
        waypoint.setY(p.y());
        edge.getWaypoints().add(waypoint);
      }
      plane.addChildElement(edge);
    }
  }

}
