package dev.asrun.spring;

import dev.asrun.AsRunPlugin;
import dev.asrun.signature.SignatureTasks;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The as-run record's settings in a Spring Boot app, {@code asrun.*}, each with its default (listed
 * in the README's settings, explained in {@code docs/security.md} and {@code docs/observations.md};
 * the jar's configuration metadata carries them to the app's IDE).
 */
@ConfigurationProperties(prefix = "asrun")
public class AsRunProperties {

  /** Whether the as-run record is on (default {@code true}). */
  private boolean enabled = true;

  private final Rest rest = new Rest();
  private final Limits limits = new Limits();
  private final Observations observations = new Observations();
  private final Checkpoints checkpoints = new Checkpoints();
  private final Schema schema = new Schema();
  private final Confirmation confirmation = new Confirmation();
  private final Signatures signatures = new Signatures();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Rest getRest() {
    return rest;
  }

  public Limits getLimits() {
    return limits;
  }

  public Observations getObservations() {
    return observations;
  }

  public Checkpoints getCheckpoints() {
    return checkpoints;
  }

  public Schema getSchema() {
    return schema;
  }

  public Confirmation getConfirmation() {
    return confirmation;
  }

  public Signatures getSignatures() {
    return signatures;
  }

  /**
   * {@code asrun.confirmation.*}: the Tasklist task that asks a run's executor, when the run ends,
   * whether what was detected matches what they did (docs/as-run-record.md, "Confirmation").
   */
  public static class Confirmation {

    /** Whether ended runs get a confirmation task (default {@code true}). */
    private boolean enabled = true;

    /**
     * Who may answer the prompt of a run without an executor, and is offered the signature task of
     * a meaning its policy gives no group (default {@code operators}).
     */
    private String candidateGroup = "operators";

    /**
     * How long a prompt stays open unanswered before it ends as {@code prompt_expired} (30 days).
     */
    private Duration expireAfter = AsRunPlugin.DEFAULT_CONFIRMATION_EXPIRE_AFTER;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getCandidateGroup() {
      return candidateGroup;
    }

    public void setCandidateGroup(String candidateGroup) {
      this.candidateGroup = candidateGroup;
    }

    public Duration getExpireAfter() {
      return expireAfter;
    }

    public void setExpireAfter(Duration expireAfter) {
      this.expireAfter = expireAfter;
    }
  }

  /**
   * {@code asrun.signatures.*}: the Tasklist task that offers the next signature a run's procedure
   * requires (docs/as-run-record.md, "Signatures").
   */
  public static class Signatures {

    /** Whether runs that need signatures get a task for the next one (default {@code true}). */
    private boolean tasks = true;

    /**
     * The address the task links to, {@code {engine}} and {@code {run_id}} replaced (default:
     * Cockpit's run page on the same host).
     */
    private String runPage = SignatureTasks.DEFAULT_RUN_PAGE;

    public boolean isTasks() {
      return tasks;
    }

    public void setTasks(boolean tasks) {
      this.tasks = tasks;
    }

    public String getRunPage() {
      return runPage;
    }

    public void setRunPage(String runPage) {
      this.runPage = runPage;
    }
  }

  /** {@code asrun.rest.*}: the REST API {@code /asrun/api/v1}. */
  public static class Rest {

    /** Whether the REST API {@code /asrun/api/v1} is served (default {@code true}). */
    private boolean enabled = true;

    /**
     * Who authenticates its callers (default {@code basic}): {@code basic}, HTTP Basic against the
     * engine's users with Camunda's {@code ProcessEngineAuthenticationFilter} on {@code
     * /asrun/api/*}; {@code none}, the app does (its own filter sets the engine's current
     * authentication), and a call without one is answered 401.
     */
    private Authentication authentication = Authentication.BASIC;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Authentication getAuthentication() {
      return authentication;
    }

    public void setAuthentication(Authentication authentication) {
      this.authentication = authentication;
    }

    /** How callers of the REST API are authenticated. */
    public enum Authentication {
      /** HTTP Basic against the engine's users (identity service). */
      BASIC,
      /** Not by the as-run plugin: the app authenticates them. */
      NONE
    }
  }

  /** {@code asrun.limits.*}: what one request may ask of the server. */
  public static class Limits {

    /** The largest request body the as-run API reads (default 1 MiB); larger gets 413. */
    private DataSize requestBody = DataSize.ofMegabytes(1);

    /** How many runs one observation may move at most (default 20). */
    private int runsPerObservation = 20;

    /** How long one export may take, and so hold a database connection (default 5 minutes). */
    private Duration exportTime = Duration.ofMinutes(5);

    public DataSize getRequestBody() {
      return requestBody;
    }

    public void setRequestBody(DataSize requestBody) {
      this.requestBody = requestBody;
    }

    public int getRunsPerObservation() {
      return runsPerObservation;
    }

    public void setRunsPerObservation(int runsPerObservation) {
      this.runsPerObservation = runsPerObservation;
    }

    public Duration getExportTime() {
      return exportTime;
    }

    public void setExportTime(Duration exportTime) {
      this.exportTime = exportTime;
    }
  }

  /** {@code asrun.observations.*}: how reports are placed in a run. */
  public static class Observations {

    /**
     * How close to a step's completion a report of the same step from another channel or reporter
     * corroborates it rather than repeating it (default 2 minutes).
     */
    private Duration corroborationTolerance = Duration.ofMinutes(2);

    /** How far ahead of the server's clock a claimed time may be (default 5 minutes). */
    private Duration futureHorizon = Duration.ofMinutes(5);

    /**
     * How long before a run's start a report recorded in it may claim to have happened; it is then
     * flagged, an earlier claim refused (default 5 minutes).
     */
    private Duration beforeStartTolerance = Duration.ofMinutes(5);

    public Duration getCorroborationTolerance() {
      return corroborationTolerance;
    }

    public void setCorroborationTolerance(Duration corroborationTolerance) {
      this.corroborationTolerance = corroborationTolerance;
    }

    public Duration getFutureHorizon() {
      return futureHorizon;
    }

    public void setFutureHorizon(Duration futureHorizon) {
      this.futureHorizon = futureHorizon;
    }

    public Duration getBeforeStartTolerance() {
      return beforeStartTolerance;
    }

    public void setBeforeStartTolerance(Duration beforeStartTolerance) {
      this.beforeStartTolerance = beforeStartTolerance;
    }
  }

  /** {@code asrun.checkpoints.*}: signed checkpoints of the log's chain heads. */
  public static class Checkpoints {

    /** The folder, outside the database, signed checkpoints are written to (none: off). */
    private String directory;

    /** The Ed25519 private key (PKCS#8, PEM or DER) that signs them, outside the database. */
    private String keyFile;

    /** How often a checkpoint is taken (default every hour). */
    private Duration interval = Duration.ofHours(1);

    public String getDirectory() {
      return directory;
    }

    public void setDirectory(String directory) {
      this.directory = directory;
    }

    public String getKeyFile() {
      return keyFile;
    }

    public void setKeyFile(String keyFile) {
      this.keyFile = keyFile;
    }

    public Duration getInterval() {
      return interval;
    }

    public void setInterval(Duration interval) {
      this.interval = interval;
    }
  }

  /**
   * {@code asrun.schema.*}: who creates and upgrades the as-run tables. Unset, the app's own
   * database user does and owns them. With {@code username} set, that user (the owner role on
   * PostgreSQL) migrates them at start-up over a connection of its own, and grants the app's user
   * only what recording and reading need (docs/security.md, "PostgreSQL: the owner role and the
   * application role").
   */
  public static class Schema {

    /** The JDBC URL the owner connects to (default: {@code spring.datasource.url}). */
    private String url;

    /** The owner role's user name (none: the app's own user migrates). */
    private String username;

    /** The owner role's password. */
    private String password;

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }

    public String getUsername() {
      return username;
    }

    public void setUsername(String username) {
      this.username = username;
    }

    public String getPassword() {
      return password;
    }

    public void setPassword(String password) {
      this.password = password;
    }
  }
}
