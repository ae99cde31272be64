package dev.asrun.signature;

import dev.asrun.contract.SignatureMeaning;
import dev.asrun.feedback.HelperProcesses;
import dev.asrun.query.RunSummary;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.context.Context;

/**
 * The signature task's built-in listener. Create: only while {@link SignatureTasks} offers a
 * signature (else the start is refused); gives the task its name (the meaning, the procedure and
 * where it ran), its description and the run page's address, and its candidates. Complete: only
 * while {@link SignatureTasks#signed} completes it after a signature; completing it otherwise is
 * refused, since the task is no signature.
 */
final class SignatureTaskListener implements TaskListener {

  /** The offer being made on this thread, by the command that ended the run or signed it. */
  static final ThreadLocal<Offer> OFFERING = new ThreadLocal<>();

  /** The run whose signature task this thread completes, having signed it. */
  static final ThreadLocal<String> SIGNED = new ThreadLocal<>();

  /** A signature task being offered. */
  record Offer(
      RunSummary run,
      String procedureName,
      SignatureMeaning meaning,
      List<String> groups,
      List<String> performers) {}

  private final String candidateGroup;
  private final String runPage;

  SignatureTaskListener(String candidateGroup, String runPage) {
    this.candidateGroup = candidateGroup;
    this.runPage = runPage;
  }

  @Override
  public void notify(DelegateTask task) {
    if (EVENTNAME_CREATE.equals(task.getEventName())) {
      offered(task);
    } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
      completed(task);
    }
  }

  private void offered(DelegateTask task) {
    Offer offer = OFFERING.get();
    if (offer == null || !offer.run().runId().equals(task.getVariable(SignatureProcess.RUN_ID))) {
      throw new ProcessEngineException(
          "the process '"
              + SignatureProcess.KEY
              + "' is started by the as-run plugin when a run needs a signature; it cannot be"
              + " started by hand");
    }
    String page = runPage(offer.run().runId());
    task.setName(name(offer));
    task.setDescription(
        "Run "
            + offer.run().runId()
            + " of "
            + offer.procedureName()
            + " needs the signature '"
            + offer.meaning().value()
            + "'. Sign it on the run's page in Cockpit, with your password: "
            + page);
    task.setVariable(SignatureProcess.RUN_PAGE, page);
    if (!offer.groups().isEmpty()) {
      offer.groups().forEach(task::addCandidateGroup);
    } else if (offer.meaning() == SignatureMeaning.PERFORMED && !offer.performers().isEmpty()) {
      offer.performers().forEach(task::addCandidateUser);
    } else {
      task.addCandidateGroup(candidateGroup);
    }
  }

  private static void completed(DelegateTask task) {
    if (SIGNED.get() == null || !SIGNED.get().equals(task.getVariable(SignatureProcess.RUN_ID))) {
      throw new ProcessEngineException(
          "task "
              + task.getId()
              + " goes away when run '"
              + task.getVariable(SignatureProcess.RUN_ID)
              + "' is signed: in Cockpit's sign dialog on the run's page, or through POST"
              + " /asrun/api/v1/runs/{run_id}/signatures, the password re-entered; completing"
              + " the task signs nothing");
    }
  }

  /** The task's name: the meaning, and which run by its procedure's name and where it ran. */
  static String name(Offer offer) {
    return "Sign as "
        + offer.meaning().value()
        + ": "
        + offer.procedureName()
        + HelperProcesses.where(offer.run());
  }

  private String runPage(String runId) {
    return runPage
        .replace(
            "{engine}", encoded(Context.getProcessEngineConfiguration().getProcessEngineName()))
        .replace("{run_id}", encoded(runId));
  }

  private static String encoded(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
