package dev.asrun;

import dev.asrun.capture.Capture;
import dev.asrun.feedback.ConfirmationPrompts;
import dev.asrun.log.AsRunSchema;
import dev.asrun.signature.SignatureTasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

/**
 * The as-run record for a Camunda 7 process engine: every run of a procedure compiled by this
 * project (see {@code docs/procedures.md}) is recorded, as it happens, in an append-only,
 * hash-chained event log in the engine's own database, in the same transaction as the engine
 * command that caused each event.
 *
 * <p>A plain process engine plugin, no Spring needed. In {@code camunda.cfg.xml}:
 *
 * <pre>{@code
 * <property name="processEnginePlugins">
 *   <list>
 *     <bean class="dev.asrun.AsRunPlugin"/>
 *   </list>
 * </property>
 * }</pre>
 *
 * or in code, {@code configuration.getProcessEnginePlugins().add(new AsRunPlugin())} before the
 * engine is built.
 *
 * <p>It installs the capture ({@link Capture}) and creates or upgrades the log's tables ({@link
 * AsRunSchema}, Flyway, tables prefixed {@code asrun_}) once the configuration is initialized,
 * before the engine is built: the engine starts its job executor while it is built, and a job
 * firing a timer of a run must find the tables. For incidents and operators' actions other than
 * process instance modification and deletion, the engine's history level must be {@code full}.
 *
 * <p>Once the engine is built it deploys the confirmation process ({@link ConfirmationPrompts}):
 * when a run ends, its executor (else the group {@code operators}, see {@link
 * #setConfirmationCandidateGroup}) gets a Tasklist task to confirm what was detected, open until it
 * is answered or {@link #setConfirmationExpireAfter its time} is up (an hourly process ends it).
 * {@link #setConfirmationPrompts setConfirmationPrompts(false)} turns that off. It deploys the
 * signature process too ({@link SignatureTasks}): a run whose procedure needs signatures gets, when
 * it ends and after each signature, a Tasklist task for the next one, offered to the policy's
 * groups (else the confirmation's candidate group) and linking to the run's page in Cockpit ({@link
 * #setSignatureRunPage}); {@link #setSignatureTasks setSignatureTasks(false)} turns that off.
 */
public class AsRunPlugin extends AbstractProcessEnginePlugin {

  /** Claimed "performed at" times without a zone are read in the JVM's default time zone. */
  private final Capture capture = new Capture();

  /** The default of {@link #setRunsPerObservation}. */
  public static final int DEFAULT_RUNS_PER_OBSERVATION = 20;

  /** The default of {@link #setConfirmationExpireAfter}: 30 days. */
  public static final Duration DEFAULT_CONFIRMATION_EXPIRE_AFTER = Duration.ofDays(30);

  private boolean confirmationPrompts = true;
  private int runsPerObservation = DEFAULT_RUNS_PER_OBSERVATION;
  private String confirmationCandidateGroup = "operators";
  private Duration confirmationExpireAfter = DEFAULT_CONFIRMATION_EXPIRE_AFTER;
  private ConfirmationPrompts prompts;
  private boolean signatureTasks = true;
  private String signatureRunPage = SignatureTasks.DEFAULT_RUN_PAGE;
  private SignatureTasks signatures;
  private Duration corroborationTolerance = Duration.ofMinutes(2);
  private Duration futureHorizon = Duration.ofMinutes(5);
  private Duration beforeStartTolerance = Duration.ofMinutes(5);
  private DataSource schemaDataSource;

  /**
   * The data source that creates and upgrades the as-run tables, connecting as the owner role on
   * PostgreSQL ({@code asrun.schema.*}); the engine's own then only records and reads, with the
   * rights the owner grants it ({@link AsRunSchema#migrate(DataSource, DataSource)}). By default
   * ({@code null}) the engine's data source migrates and owns the tables.
   */
  public void setSchemaDataSource(DataSource schemaDataSource) {
    this.schemaDataSource = schemaDataSource;
  }

  /**
   * How close to a step's completion a report of the same step, through another source or by
   * another executor, corroborates it ({@code step_corroborated}) rather than repeating it
   * (default 2 minutes; {@code asrun.observations.corroboration-tolerance}).
   */
  public void setCorroborationTolerance(Duration corroborationTolerance) {
    this.corroborationTolerance = nonNegative("corroborationTolerance", corroborationTolerance);
  }

  public Duration getCorroborationTolerance() {
    return corroborationTolerance;
  }

  /**
   * How far after the server's time an observation may claim to have happened; a later claim is
   * refused (default 5 minutes; {@code asrun.observations.future-horizon}).
   */
  public void setFutureHorizon(Duration futureHorizon) {
    this.futureHorizon = nonNegative("futureHorizon", futureHorizon);
  }

  public Duration getFutureHorizon() {
    return futureHorizon;
  }

  /**
   * How long before the start of a run an observation recorded in it may claim to have happened
   * (default 5 minutes; {@code asrun.observations.before-start-tolerance}): a reporter's clock
   * that lags, or a start in Tasklist a moment after the machine began. Such a report is recorded
   * where it arrived and flagged ({@code claimed_before_start}); an earlier claim is refused, since
   * an action done before the run began is no step of it.
   */
  public void setBeforeStartTolerance(Duration beforeStartTolerance) {
    this.beforeStartTolerance = nonNegative("beforeStartTolerance", beforeStartTolerance);
  }

  public Duration getBeforeStartTolerance() {
    return beforeStartTolerance;
  }

  private static Duration nonNegative(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
    return value;
  }

  /** Whether ended runs get a confirmation task (default {@code true}). */
  public void setConfirmationPrompts(boolean confirmationPrompts) {
    this.confirmationPrompts = confirmationPrompts;
  }

  /**
   * How long a confirmation prompt stays open unanswered (default 30 days; {@code
   * asrun.confirmation.expire-after}): its task's due date, after which the hourly expiry ends it
   * and appends {@code prompt_expired}. Unanswered prompts would otherwise pile up in Tasklist, and
   * every task completion in the engine looks through the open tasks for subtasks. A changed time
   * applies to the prompts opened after it.
   */
  public void setConfirmationExpireAfter(Duration confirmationExpireAfter) {
    Objects.requireNonNull(confirmationExpireAfter, "confirmationExpireAfter");
    if (confirmationExpireAfter.isNegative() || confirmationExpireAfter.isZero()) {
      throw new IllegalArgumentException(
          "confirmationExpireAfter must be positive (e.g. 30 days), got "
              + confirmationExpireAfter);
    }
    this.confirmationExpireAfter = confirmationExpireAfter;
  }

  public Duration getConfirmationExpireAfter() {
    return confirmationExpireAfter;
  }

  public boolean isConfirmationPrompts() {
    return confirmationPrompts;
  }

  public String getConfirmationCandidateGroup() {
    return confirmationCandidateGroup;
  }

  public boolean isSignatureTasks() {
    return signatureTasks;
  }

  public String getSignatureRunPage() {
    return signatureRunPage;
  }

  /** Whether runs that need signatures get a Tasklist task for the next one (default true). */
  public void setSignatureTasks(boolean signatureTasks) {
    this.signatureTasks = signatureTasks;
  }

  /**
   * The address the signature task links to, {@code {engine}} and {@code {run_id}} replaced (default
   * {@value SignatureTasks#DEFAULT_RUN_PAGE}, Cockpit's run page on the same host).
   */
  public void setSignatureRunPage(String signatureRunPage) {
    this.signatureRunPage = Objects.requireNonNull(signatureRunPage, "signatureRunPage");
  }

  /**
   * Who may answer the confirmation of a run without an executor, and is offered the signature
   * task of a meaning the policy gives no group (default {@code operators}).
   */
  public void setConfirmationCandidateGroup(String confirmationCandidateGroup) {
    this.confirmationCandidateGroup =
        Objects.requireNonNull(confirmationCandidateGroup, "confirmationCandidateGroup");
  }

  /**
   * How many runs one observation may move at most (default {@value
   * #DEFAULT_RUNS_PER_OBSERVATION}); one that would move more is refused and records nothing.
   */
  public void setRunsPerObservation(int runsPerObservation) {
    if (runsPerObservation < 1) {
      throw new IllegalArgumentException(
          "runsPerObservation is " + runsPerObservation + "; it must be at least 1");
    }
    this.runsPerObservation = runsPerObservation;
  }

  /** How many runs one observation may move at most. */
  public int getRunsPerObservation() {
    return runsPerObservation;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    capture.preInit(configuration);
    if (confirmationPrompts) {
      prompts = new ConfirmationPrompts(confirmationCandidateGroup, confirmationExpireAfter);
      List<BpmnParseListener> parseListeners =
          new ArrayList<>(configuration.getCustomPreBPMNParseListeners());
      parseListeners.add(prompts.parseListener());
      configuration.setCustomPreBPMNParseListeners(parseListeners);
      capture.addRunEndListener(prompts);
    }
    if (signatureTasks) {
      signatures = new SignatureTasks(confirmationCandidateGroup, signatureRunPage);
      List<BpmnParseListener> parseListeners =
          new ArrayList<>(configuration.getCustomPreBPMNParseListeners());
      parseListeners.add(signatures.parseListener());
      configuration.setCustomPreBPMNParseListeners(parseListeners);
      capture.addRunEndListener(signatures);
    }
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    capture.postInit(configuration);
    if (schemaDataSource == null) {
      AsRunSchema.migrate(configuration.getDataSource());
    } else {
      AsRunSchema.migrate(schemaDataSource, configuration.getDataSource());
    }
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine processEngine) {
    if (prompts != null) {
      prompts.deploy(processEngine);
    }
    if (signatures != null) {
      signatures.deploy(processEngine);
    }
  }
}
