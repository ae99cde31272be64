package dev.asrun.signature;

import dev.asrun.contract.SignatureMeaning;
import dev.asrun.query.RunRecord;
import dev.asrun.query.RunStatus;
import dev.asrun.query.RunStep;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules a signature must keep, checked in this order against the run as it stands in the
 * signing command: the run has ended; the meaning is the next one (the policy's required meanings
 * in order, each once; a meaning outside them, each once, only after all of them); who performed
 * the run signs {@code performed} and nothing else; no person signs one run twice; the policy's
 * groups. Each refusal names its rule ({@link SignatureException.Kind#rule()}).
 */
final class SigningRules {

  private SigningRules() {}

  /** Refuses a signature of a run that has not ended. */
  static void requireEnded(RunRecord record) {
    RunStatus status = record.run().status();
    if (status != RunStatus.COMPLETED && status != RunStatus.ABORTED) {
      throw SignatureException.refused(
          SignatureException.Kind.RUN_NOT_ENDED,
          "run '"
              + record.runId()
              + "' is "
              + status.name().toLowerCase(java.util.Locale.ROOT)
              + "; only an ended run (completed or aborted) is signed");
    }
  }

  /** Refuses what the policy and the signatures given so far do not allow {@code signer}. */
  static void check(
      RunRecord record,
      RunSignatures state,
      SignatureMeaning meaning,
      String signer,
      List<String> signerGroups) {
    order(record, state, meaning);
    Set<String> performers = performers(record);
    if (meaning == SignatureMeaning.PERFORMED
        && !performers.isEmpty()
        && !performers.contains(signer)) {
      throw SignatureException.refused(
          SignatureException.Kind.NOT_PERFORMER,
          "only who performed run '"
              + record.runId()
              + "' ("
              + String.join(", ", performers)
              + ") signs it as performed");
    }
    if (meaning != SignatureMeaning.PERFORMED && performers.contains(signer)) {
      throw SignatureException.refused(
          SignatureException.Kind.EXECUTOR_REVIEWING,
          "'"
              + signer
              + "' performed run '"
              + record.runId()
              + "' and may not sign it as "
              + meaning.value()
              + "; someone else must");
    }
    if (state.signatures().stream().anyMatch(s -> s.signerId().equals(signer))) {
      throw SignatureException.refused(
          SignatureException.Kind.ALREADY_SIGNED,
          "'"
              + signer
              + "' signed run '"
              + record.runId()
              + "' already; no person signs a run"
              + " twice");
    }
    List<String> groups = state.policy().groups(meaning);
    if (!groups.isEmpty() && groups.stream().noneMatch(signerGroups::contains)) {
      throw SignatureException.refused(
          SignatureException.Kind.NOT_IN_GROUP,
          "signing as "
              + meaning.value()
              + " is for members of "
              + String.join(", ", groups)
              + " (the procedure's signature policy); '"
              + signer
              + "' is in none of them");
    }
  }

  private static void order(RunRecord record, RunSignatures state, SignatureMeaning meaning) {
    Optional<SignatureMeaning> next = state.next();
    String refusal = null;
    if (state.given().contains(meaning)) {
      refusal = "run '" + record.runId() + "' is signed as " + meaning.value() + " already";
    } else if (state.policy().required().contains(meaning) && next.orElseThrow() != meaning) {
      refusal = "the next required signature is " + next.get().value() + ", not " + meaning.value();
    } else if (!state.policy().required().contains(meaning) && next.isPresent()) {
      refusal =
          meaning.value()
              + " is not required and comes after the required signatures;"
              + " the next is "
              + next.get().value();
    }
    if (refusal != null) {
      String required =
          String.join(
              ", ", state.policy().required().stream().map(SignatureMeaning::value).toList());
      throw SignatureException.refused(
          SignatureException.Kind.OUT_OF_ORDER,
          refusal + (required.isEmpty() ? "" : " (required, in order: " + required + ")"));
    }
  }

  /** Who performed the run: its executor and everyone who did a step. */
  static Set<String> performers(RunRecord record) {
    Set<String> performers = new LinkedHashSet<>();
    record.run().context().executorId().ifPresent(performers::add);
    record.steps().stream()
        .map(RunStep::executorId)
        .flatMap(Optional::stream)
        .forEach(performers::add);
    return performers;
  }
}
