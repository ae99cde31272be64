package dev.asrun.signature;

import dev.asrun.feedback.HelperProcesses;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;

/**
 * The signature process: start, one user task whose generated form shows the run, the meaning and
 * the run page's address as read-only fields, end. Its labels are constants; what comes from
 * procedures and runs reaches the form only as field values, which Tasklist binds as text.
 */
final class SignatureProcess {

  /** The process key; procedure ids cannot contain a hyphen, so no procedure can take it. */
  static final String KEY = "asrun-signature";

  /** The task's id in the process. */
  static final String TASK = "sign";

  /** Variables and form fields. */
  static final String RUN_ID = "asrun_run_id";

  static final String MEANING = "asrun_meaning";
  static final String RUN_PAGE = "asrun_run_page";

  /** How long Camunda keeps the history of done tasks (the signatures are in the as-run log). */
  static final String HISTORY_TIME_TO_LIVE = "P180D";

  private static final String BPMN =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
          targetNamespace="https://asrun.dev/signature">
        <process id="%1$s" name="Sign a run" isExecutable="true"
            camunda:historyTimeToLive="%2$s" camunda:isStartableInTasklist="false">
          <startEvent id="signature_needed" name="Signature needed"/>
          <sequenceFlow id="to_sign" sourceRef="signature_needed" targetRef="%3$s"/>
          <userTask id="%3$s" name="Sign the run">
            <extensionElements>
              <camunda:formData>
                <camunda:formField id="%4$s" label="Run" type="string">
                  <camunda:validation><camunda:constraint name="readonly"/></camunda:validation>
                </camunda:formField>
                <camunda:formField id="%5$s" label="Signature needed (meaning)" type="string">
                  <camunda:validation><camunda:constraint name="readonly"/></camunda:validation>
                </camunda:formField>
                <camunda:formField id="%6$s"
                    label="Sign on the run page in Cockpit (your password is asked again there)"
                    type="string">
                  <camunda:validation><camunda:constraint name="readonly"/></camunda:validation>
                </camunda:formField>
              </camunda:formData>
            </extensionElements>
          </userTask>
          <sequenceFlow id="to_signed" sourceRef="%3$s" targetRef="signed"/>
          <endEvent id="signed" name="Signed"/>
        </process>
      </definitions>
      """
          .formatted(KEY, HISTORY_TIME_TO_LIVE, TASK, RUN_ID, MEANING, RUN_PAGE);

  private SignatureProcess() {}

  static void deploy(ProcessEngine engine) {
    HelperProcesses.deploy(engine, KEY, BPMN);
  }

  /** Whether the definition's task carries a signature task listener (the tasks are on). */
  static boolean listened(ProcessDefinitionEntity definition) {
    ActivityImpl task = definition.findActivity(TASK);
    if (task == null
        || !(task.getActivityBehavior() instanceof UserTaskActivityBehavior userTask)) {
      return false;
    }
    List<TaskListener> listeners =
        userTask.getTaskDefinition().getBuiltinTaskListenersForEvent(TaskListener.EVENTNAME_CREATE);
    return listeners != null
        && listeners.stream().anyMatch(SignatureTaskListener.class::isInstance);
  }

  /** Puts the built-in listener on the task of the signature process. */
  static BpmnParseListener parseListener(SignatureTaskListener listener) {
    return HelperProcesses.onUserTask(KEY, TASK, listener);
  }
}
