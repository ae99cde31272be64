package dev.asrun.feedback;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * The confirmation process: start, one user task with a generated form, end. Its labels are
 * constants; what comes from procedures and runs (step names, the marks) reaches the form only as
 * the value of a read-only field, which Tasklist binds as text, and as the task's description.
 *
 * <p>Beside it, the expiry process {@value #EXPIRY_KEY}: a timer start event every hour whose
 * built-in listener ({@link ConfirmationExpiry}) ends the prompts past their due date. One job for
 * the engine, not a timer per prompt: a boundary timer on the task made it a scope with an
 * execution, a job and its log of its own, about a twentieth of a 20-step run's time on H2
 * (docs/benchmarks.md).
 */
final class ConfirmationProcess {

  /** The process key; procedure ids cannot contain a hyphen, so no procedure can take it. */
  static final String KEY = "asrun-confirmation";

  /** The task's id in the process. */
  static final String TASK = "confirm";

  /** Variables and form fields. */
  static final String RUN_ID = "asrun_run_id";

  static final String STEPS = "asrun_steps";
  static final String RESPONSE = "asrun_response";
  static final String NOTE = "asrun_note";

  /** How long Camunda keeps the history of answered prompts (the answers are in the as-run log). */
  static final String HISTORY_TIME_TO_LIVE = "P180D";

  /** The expiry process's key, and its timer start event. */
  static final String EXPIRY_KEY = "asrun-confirmation-expiry";

  static final String EXPIRY_START = "every_hour";

  private static final String EXPIRY_BPMN =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
          targetNamespace="https://asrun.dev/confirmation">
        <process id="%1$s" name="End unanswered confirmations" isExecutable="true"
            camunda:historyTimeToLive="P1D" camunda:isStartableInTasklist="false">
          <startEvent id="%2$s" name="Every hour">
            <timerEventDefinition><timeCycle>R/PT1H</timeCycle></timerEventDefinition>
          </startEvent>
          <sequenceFlow id="to_swept" sourceRef="%2$s" targetRef="swept"/>
          <endEvent id="swept" name="Overdue prompts ended"/>
        </process>
      </definitions>
      """
          .formatted(EXPIRY_KEY, EXPIRY_START);

  private static final String BPMN =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
          targetNamespace="https://asrun.dev/confirmation">
        <process id="%1$s" name="Confirm a run" isExecutable="true"
            camunda:historyTimeToLive="%2$s" camunda:isStartableInTasklist="false">
          <startEvent id="run_ended" name="Run ended"/>
          <sequenceFlow id="to_confirm" sourceRef="run_ended" targetRef="%3$s"/>
          <userTask id="%3$s" name="Does this match what you did?">
            <extensionElements>
              <camunda:formData>
                <camunda:formField id="%4$s" label="Detected steps" type="string">
                  <camunda:validation><camunda:constraint name="readonly"/></camunda:validation>
                </camunda:formField>
                <camunda:formField id="%5$s" label="Does this match what you did?" type="enum">
                  <camunda:validation><camunda:constraint name="required"/></camunda:validation>
                  <camunda:value id="yes" name="Yes"/>
                  <camunda:value id="no" name="No"/>
                  <camunda:value id="partially" name="Partially"/>
                </camunda:formField>
                <camunda:formField id="%6$s" label="Note" type="string"/>
              </camunda:formData>
            </extensionElements>
          </userTask>
          <sequenceFlow id="to_answered" sourceRef="%3$s" targetRef="answered"/>
          <endEvent id="answered" name="Answered"/>
        </process>
      </definitions>
      """
          .formatted(KEY, HISTORY_TIME_TO_LIVE, TASK, STEPS, RESPONSE, NOTE);

  private ConfirmationProcess() {}

  /** Deploys the confirmation process and its expiry, each unless deployed already. */
  static void deploy(ProcessEngine engine) {
    HelperProcesses.deploy(engine, KEY, BPMN);
    HelperProcesses.deploy(engine, EXPIRY_KEY, EXPIRY_BPMN);
  }

  /**
   * Puts the prompt's built-in listeners on the two processes: {@code task} on the confirmation's
   * task, {@code expiry} on the expiry's start.
   */
  static BpmnParseListener parseListener(ConfirmationTaskListener task, ExecutionListener expiry) {
    BpmnParseListener onTask = HelperProcesses.onUserTask(KEY, TASK, task);
    return new AbstractBpmnParseListener() {
      @Override
      public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
        onTask.parseUserTask(element, scope, activity);
      }

      @Override
      public void parseStartEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
        if (HelperProcesses.isActivity(activity, EXPIRY_KEY, EXPIRY_START)) {
          activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, expiry);
        }
      }
    };
  }
}
