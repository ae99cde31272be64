package dev.asrun.signature;

import dev.asrun.capture.CompiledProcedures;
import dev.asrun.contract.SignatureMeaning;
import dev.asrun.contract.SignaturePolicy;
import dev.asrun.feedback.FeedbackAuthorization;
import dev.asrun.feedback.FeedbackEvents;
import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import dev.asrun.log.NewEvent;
import dev.asrun.log.RecordHash;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RunRecord;
import dev.asrun.record.RecordSession;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * Signs runs, from Java: each signature is one engine command in which the signer's re-entered
 * password is checked by Camunda's identity service ({@link IdentityService#checkPassword}, its
 * login-attempt lockout included), the run and its procedure's policy are checked ({@link
 * SigningRules}), and the {@code signature_applied} event is appended to the run's stream through
 * the record's one write path. The signer is the user authenticated on the engine's identity
 * service, never a name the caller passes.
 *
 * <p>A wrong password (or a locked account) signs nothing and appends {@code signature_refused}
 * (signer, meaning, when) to the run's stream: the command commits that, and the refusal is thrown
 * after it. Any other refusal appends nothing.
 *
 * <p>The user must be allowed to read the run, as for reading its record (READ_HISTORY on its
 * procedure's process definition, else it is not found), and, for a meaning the policy gives
 * groups, be a member of one of them; administrators read every run but are held to the groups.
 */
public final class Signing {

  private static final int MAX_COMMENT = 4000;

  private final ProcessEngineConfigurationImpl configuration;

  public Signing(ProcessEngine engine) {
    this.configuration =
        (ProcessEngineConfigurationImpl)
            Objects.requireNonNull(engine, "engine").getProcessEngineConfiguration();
  }

  /**
   * Signs the run as {@code meaning} for the authenticated user.
   *
   * @param password the user's password, re-entered
   * @param comment what the signer adds, if anything
   * @return the signature given
   * @throws SignatureException naming the refused field or rule
   */
  public Signature sign(String runId, String meaning, String password, Optional<String> comment) {
    Objects.requireNonNull(runId, "runId");
    SignatureMeaning parsed = meaning(meaning);
    if (password == null || password.isEmpty()) {
      throw SignatureException.badField("password", "is required: re-enter your password to sign");
    }
    Optional<String> note = comment.map(String::strip).filter(c -> !c.isEmpty());
    if (note.map(String::length).orElse(0) > MAX_COMMENT) {
      throw SignatureException.badField(
          "comment", "is " + note.get().length() + " characters long; at most " + MAX_COMMENT);
    }
    Outcome outcome =
        configuration
            .getCommandExecutorTxRequired()
            .execute(command -> inCommand(command, runId, parsed, password, note));
    if (outcome.refusal() != null) {
      throw outcome.refusal();
    }
    return outcome.signature();
  }

  /**
   * The run's signatures and its procedure's policy, from its stream; the caller has checked that
   * the run may be read.
   */
  public RunSignatures of(String runId) {
    Objects.requireNonNull(runId, "runId");
    Command<RunSignatures> read = command -> signatures(runId, stream(runId));
    return configuration.getCommandExecutorTxRequired().execute(read);
  }

  /**
   * The meanings the authenticated user may sign the run with now, as {@link SigningRules} decides
   * for a signature given with the right password: none while the run has not ended, or when no
   * user is authenticated; the caller has checked that the run may be read.
   */
  public List<SignatureMeaning> mayGive(String runId) {
    Objects.requireNonNull(runId, "runId");
    Command<List<SignatureMeaning>> read =
        command -> {
          String signer = command.getAuthenticatedUserId();
          RunRecord record = record(runId);
          if (signer == null || record == null || !ended(record)) {
            return List.of();
          }
          RunSignatures state = signatures(runId, stream(runId));
          List<String> groups = groups(command, signer);
          List<SignatureMeaning> meanings = new ArrayList<>();
          for (SignatureMeaning meaning : SignatureMeaning.values()) {
            try {
              SigningRules.check(record, state, meaning, signer, groups);
              meanings.add(meaning);
            } catch (SignatureException refused) {
              // the rules refuse this meaning to this user now
            }
          }
          return List.copyOf(meanings);
        };
    return configuration.getCommandExecutorTxRequired().execute(read);
  }

  /** Who performed the run, and alone may sign it as performed: its executor and step doers. */
  public static List<String> performers(RunRecord record) {
    return List.copyOf(SigningRules.performers(record));
  }

  private static RunRecord record(String runId) {
    try {
      return AsRunQueries.of(FeedbackEvents.connection()).run(runId).orElse(null);
    } catch (SQLException e) {
      throw new ProcessEngineException("could not read the as-run record: " + e.getMessage(), e);
    }
  }

  private static boolean ended(RunRecord record) {
    try {
      SigningRules.requireEnded(record);
      return true;
    } catch (SignatureException notEnded) {
      return false;
    }
  }

  private Outcome inCommand(
      CommandContext command,
      String runId,
      SignatureMeaning meaning,
      String password,
      Optional<String> comment) {
    String signer = command.getAuthenticatedUserId();
    if (signer == null) {
      throw SignatureException.refused(
          SignatureException.Kind.UNAUTHENTICATED,
          "a signature is a person's: sign as an authenticated user");
    }
    try {
      AsRunQueries queries = AsRunQueries.of(FeedbackEvents.connection());
      if (queries
          .run(runId)
          .filter(found -> FeedbackAuthorization.mayRead(command, found.run().procedureId()))
          .isEmpty()) {
        throw SignatureException.refused(
            SignatureException.Kind.RUN_NOT_FOUND, "no run '" + runId + "' that you may read");
      }
      FeedbackEvents.lock(runId);
      RunRecord record = queries.run(runId).orElseThrow();
      SigningRules.requireEnded(record);
      IdentityService identity = configuration.getIdentityService();
      if (!identity.checkPassword(signer, password)) {
        Map<String, Object> refused = new LinkedHashMap<>();
        refused.put("signer_id", signer);
        refused.put("meaning", meaning.value());
        refused.put("refused_at", now().toString());
        refused.put("reason", "password");
        FeedbackEvents.append(
            record.run(), EventSource.EXECUTOR, EventType.SIGNATURE_REFUSED, refused);
        return new Outcome(
            null,
            SignatureException.refused(
                SignatureException.Kind.WRONG_PASSWORD,
                "the password is wrong, or the account is locked after too many wrong ones;"
                    + " nothing was signed (the refusal is recorded in run '"
                    + runId
                    + "')"));
      }
      List<LoggedEvent> events = FeedbackEvents.stream(runId);
      RunSignatures state = signatures(runId, events);
      SigningRules.check(record, state, meaning, signer, groups(command, signer));
      Signature signature =
          new Signature(
              UUID.randomUUID().toString(),
              runId,
              meaning,
              signer,
              name(command, signer),
              now(),
              recordHash(runId, events),
              comment);
      FeedbackEvents.append(
          record.run(), EventSource.EXECUTOR, EventType.SIGNATURE_APPLIED, signature.payload());
      List<Signature> given = new ArrayList<>(state.signatures());
      given.add(signature);
      SignatureTasks.signed(record, events, new RunSignatures(state.policy(), given));
      return new Outcome(signature, null);
    } catch (SQLException e) {
      throw new ProcessEngineException("could not append to the as-run log: " + e.getMessage(), e);
    }
  }

  /**
   * The hash of the heads of the run's streams and its nested runs' ({@link RecordHash}), each
   * nested run's stream locked first so its head stays its head until the signature is appended.
   */
  private static String recordHash(String runId, List<LoggedEvent> runEvents) throws SQLException {
    Map<String, String> heads = new LinkedHashMap<>();
    Deque<Map.Entry<String, List<LoggedEvent>>> pending = new ArrayDeque<>();
    pending.add(Map.entry(runId, runEvents));
    while (!pending.isEmpty()) {
      Map.Entry<String, List<LoggedEvent>> run = pending.poll();
      List<LoggedEvent> events = run.getValue();
      if (!events.isEmpty()) {
        heads.put(NewEvent.runStream(run.getKey()), events.get(events.size() - 1).hash());
      }
      for (String child : RecordHash.nestedRuns(events)) {
        if (!heads.containsKey(NewEvent.runStream(child))) {
          FeedbackEvents.lock(child);
          pending.add(Map.entry(child, FeedbackEvents.stream(child)));
        }
      }
    }
    return RecordHash.of(heads);
  }

  static RunSignatures signatures(String runId, List<LoggedEvent> events) {
    SignaturePolicy policy =
        CompiledProcedures.ofRun(events).map(p -> p.signatures()).orElse(SignaturePolicy.NONE);
    return new RunSignatures(
        policy,
        events.stream()
            .filter(e -> e.type() == EventType.SIGNATURE_APPLIED)
            .map(e -> Signature.of(runId, e))
            .toList());
  }

  private static List<LoggedEvent> stream(String runId) {
    try {
      return RecordSession.current().run(runId);
    } catch (SQLException e) {
      throw new ProcessEngineException("could not read the as-run log: " + e.getMessage(), e);
    }
  }

  /** The signer's groups: as authenticated, else as the identity service holds them. */
  private List<String> groups(CommandContext command, String signer) {
    List<String> authenticated = command.getAuthentication().getGroupIds();
    if (authenticated != null) {
      return authenticated;
    }
    return command.runWithoutAuthorization(
        () ->
            configuration
                .getIdentityService()
                .createGroupQuery()
                .groupMember(signer)
                .list()
                .stream()
                .map(Group::getId)
                .toList());
  }

  /** The signer's first and last name as Camunda holds them; the user id if it holds neither. */
  private String name(CommandContext command, String signer) {
    User user =
        command.runWithoutAuthorization(
            () ->
                configuration.getIdentityService().createUserQuery().userId(signer).singleResult());
    String name =
        user == null
            ? ""
            : (Objects.toString(user.getFirstName(), "")
                    + " "
                    + Objects.toString(user.getLastName(), ""))
                .strip();
    return name.isEmpty() ? signer : name;
  }

  private static Instant now() {
    return ClockUtil.getCurrentTime().toInstant().truncatedTo(ChronoUnit.MICROS);
  }

  private static SignatureMeaning meaning(String meaning) {
    if (meaning == null || meaning.isBlank()) {
      throw SignatureException.badField(
          "meaning", "is required: performed, reviewed, approved or verified");
    }
    try {
      return SignatureMeaning.of(meaning);
    } catch (IllegalArgumentException e) {
      throw SignatureException.badField(
          "meaning", "is '" + meaning + "'; valid: performed, reviewed, approved, verified");
    }
  }

  /** What the signing command did: signed, or refused after recording the refusal. */
  private record Outcome(Signature signature, SignatureException refusal) {}
}
