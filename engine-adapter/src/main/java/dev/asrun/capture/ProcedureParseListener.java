package dev.asrun.capture;

import dev.asrun.contract.FormVariables;
import dev.asrun.contract.Ids;
import dev.asrun.contract.ProcedureDefinition.Window;
import dev.asrun.contract.ProcedureHeader;
import dev.asrun.contract.StepHeader;
import dev.asrun.contract.WindowProcess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseUtil;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParser;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Attaches the capture to the processes compiled from procedures, when the engine parses them (at
 * deployment, and again whenever a definition is loaded into the engine's cache). Other processes
 * are left untouched.
 *
 * <p>Every listener is a built-in one ({@code addBuiltInListener}, {@code addBuiltInTaskListener}):
 * Camunda runs built-in listeners also when a modification or deletion skips custom listeners
 * ({@code skipCustomListeners}), so that flag cannot open a hole in the record. Attached: the
 * process's start and end ({@link ProcessListener}); every activity's start and end, events,
 * gateways, subprocesses and call activities included ({@link ActivityListener}); each user task
 * step's task create, complete and delete ({@link StepTaskListener}). A window process gets its
 * start and end, and, when the window has an end time, the start of its end event {@code
 * asrun-window-closed} ({@link WindowClosedListener}: the runs it triggered that never saw their
 * first step expire there). A window process compiled before windows had ends has no such event.
 * A window process's timers are put in the procedure's zone ({@link WindowTimers}): on its start,
 * and on the command that parses it, which is the one that deploys it and creates its first
 * opening timer.
 *
 * <p>What the listeners need is read here from the BPMN's {@code asrun.*} properties, form fields
 * and generated ids (see {@code docs/procedures.md}), so nothing is looked up while a run runs. The
 * names, and the reading of a process's and a step's properties ({@link ProcedureHeader}, {@link
 * WindowProcess}, {@link StepHeader}), are the procedure contract's ({@code dev.asrun.contract});
 * the properties come from the engine's own parse of the BPMN, as there is no model instance yet.
 */
final class ProcedureParseListener extends AbstractBpmnParseListener {

  /** The BPMN elements holding activities of their own. */
  private static final Set<String> SCOPES = Set.of("subProcess", "transaction", "adHocSubProcess");

  @Override
  public void parseProcess(Element processElement, ProcessDefinitionEntity definition) {
    Map<String, List<String>> properties = properties(processElement);
    Optional<Procedure> compiled = ProcedureHeader.of(properties)
        .map(header ->
            new Procedure(definition.getKey(), false, header.timeout(), header.trigger()))
        .or(() -> WindowProcess.of(properties).map(window ->
            new Procedure(window.procedureId(), true, Optional.empty(), window.trigger())));
    if (compiled.isEmpty()) {
      return;
    }
    Procedure procedure = compiled.get();
    procedure.keepOn(definition);
    ProcessListener listener = new ProcessListener(procedure);
    definition.addBuiltInListener(ExecutionListener.EVENTNAME_START, listener);
    definition.addBuiltInListener(ExecutionListener.EVENTNAME_END, listener);
    if (!procedure.window()) {
      attach(processElement, definition);
      return;
    }
    WindowSchedule.of(procedure)
        .ifPresent(
            schedule -> {
              WindowTimers timers = new WindowTimers(definition, schedule);
              definition.addBuiltInListener(ExecutionListener.EVENTNAME_START, timers);
              timers.onThisCommand();
            });
    if (procedure.trigger().window().flatMap(Window::end).isPresent()) {
      ActivityImpl closed = definition.findActivity(Ids.WINDOW_CLOSED);
      if (closed != null) {
        closed.addBuiltInListener(
            ExecutionListener.EVENTNAME_START, new WindowClosedListener(procedure));
      }
    }
  }

  /**
   * Attaches listeners to the activities declared in {@code scope} (BPMN elements only: a form
   * field's id is no activity's), and in the subprocesses among them.
   */
  private void attach(Element scope, ProcessDefinitionEntity definition) {
    for (Element element : scope.elements()) {
      String id = element.attribute("id");
      ActivityImpl activity =
          id == null || !BpmnParser.BPMN20_NS.equals(element.getUri())
              ? null
              : definition.findActivity(id);
      if (activity == null) {
        continue;
      }
      ActivityListener listener = listenerFor(element, activity);
      activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, listener);
      activity.addBuiltInListener(ExecutionListener.EVENTNAME_END, listener);
      if (SCOPES.contains(element.getTagName())) {
        attach(element, definition);
      }
    }
  }

  private ActivityListener listenerFor(Element element, ActivityImpl activity) {
    String id = activity.getId();
    String tag = element.getTagName();
    Optional<StepHeader> header = StepHeader.of(id, properties(element));

    if (header.isPresent()) {
      Step step = new Step(id, header.get(), fields(element));
      if ("userTask".equals(tag)
          && activity.getActivityBehavior() instanceof UserTaskActivityBehavior userTask) {
        attachTask(userTask.getTaskDefinition(), new StepTaskListener(step));
      } else if ("intermediateCatchEvent".equals(tag)) {
        return ActivityListener.step(step, ActivityListener.Role.WAIT_STEP);
      } else if ("callActivity".equals(tag)) {
        return ActivityListener.step(step, ActivityListener.Role.CALL_STEP);
      }
      return ActivityListener.of(id, ActivityListener.Role.OTHER);
    }
    if ("startEvent".equals(tag)) {
      Trigger.ofStartEvent(id).ifPresent(trigger -> trigger.keepOn(activity));
    } else if ("boundaryEvent".equals(tag)) {
      String attachedTo = element.attribute("attachedToRef");
      boolean interrupting = !"false".equals(element.attribute("cancelActivity"));
      if (Ids.PROCEDURE_TIMEOUT.equals(id)) {
        return ActivityListener.of(id, ActivityListener.Role.PROCEDURE_TIMEOUT);
      }
      if (!interrupting && attachedTo != null
          && id.equals(Ids.overdue(attachedTo))) {
        return ActivityListener.overdue(id, attachedTo, timerDuration(element));
      }
    } else if ("endEvent".equals(tag) && Ids.ABORTED.equals(id)) {
      return ActivityListener.of(id, ActivityListener.Role.PROCEDURE_TIMEOUT_END);
    }
    return ActivityListener.of(id, ActivityListener.Role.OTHER);
  }

  private static void attachTask(TaskDefinition task, StepTaskListener listener) {
    task.addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, listener);
    task.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, listener);
    task.addBuiltInTaskListener(TaskListener.EVENTNAME_DELETE, listener);
  }

  /**
   * The element's camunda properties that have a name and a value, each name with its values in
   * written order (a name may repeat), as the procedure contract reads them.
   */
  private static Map<String, List<String>> properties(Element element) {
    Map<String, List<String>> properties = new LinkedHashMap<>();
    Element declared = BpmnParseUtil.findCamundaExtensionElement(element, "properties");
    if (declared != null) {
      for (Element property :
          declared.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "property")) {
        String name = property.attribute("name");
        String value = property.attribute("value");
        if (name != null && value != null) {
          properties.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
      }
    }
    return properties;
  }

  /** The ids of the element's own form fields, without the outcome fields. */
  private static List<String> fields(Element element) {
    List<String> fields = new ArrayList<>();
    Element formData = BpmnParseUtil.findCamundaExtensionElement(element, "formData");
    if (formData != null) {
      for (Element field : formData.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "formField")) {
        String id = field.attribute("id");
        if (id != null && !id.startsWith(FormVariables.RESERVED_PREFIX)) {
          fields.add(id);
        }
      }
    }
    return fields;
  }

  /** The duration of a boundary element's timer ({@code timeDuration}), if it has one. */
  private static Optional<String> timerDuration(Element boundary) {
    return Optional.ofNullable(boundary.element("timerEventDefinition"))
        .map(timer -> timer.element("timeDuration"))
        .map(Element::getText)
        .map(String::strip)
        .filter(text -> !text.isEmpty());
  }
}
