package dev.asrun.signature;

import dev.asrun.contract.SignatureMeaning;
import dev.asrun.log.LoggedEvent;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One signature of a run, as its {@code signature_applied} event holds it: the manifestation 21 CFR
 * 11.50 asks for (the signer's printed name, when, and the meaning) and the record it is bound to.
 *
 * @param signatureId the signature's id
 * @param runId the signed run
 * @param signerId the signer's Camunda user id
 * @param signerName the signer's first and last name as Camunda holds them (the user id when it
 *     holds neither)
 * @param signedAt when it was given, by the engine's clock
 * @param recordHash the hash of the run's streams' heads when it was given ({@link
 *     dev.asrun.log.RecordHash})
 * @param comment what the signer added, if anything
 */
public record Signature(
    String signatureId,
    String runId,
    SignatureMeaning meaning,
    String signerId,
    String signerName,
    Instant signedAt,
    String recordHash,
    Optional<String> comment) {

  public Signature {
    Objects.requireNonNull(signatureId, "signatureId");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(meaning, "meaning");
    Objects.requireNonNull(signerId, "signerId");
    Objects.requireNonNull(signerName, "signerName");
    Objects.requireNonNull(signedAt, "signedAt");
    Objects.requireNonNull(recordHash, "recordHash");
    Objects.requireNonNull(comment, "comment");
  }

  /** The signature a {@code signature_applied} event of {@code runId}'s stream holds. */
  static Signature of(String runId, LoggedEvent event) {
    Map<String, Object> payload = event.payloadMap();
    return new Signature(
        (String) payload.get("signature_id"),
        runId,
        SignatureMeaning.of((String) payload.get("meaning")),
        (String) payload.get("signer_id"),
        (String) payload.get("signer_name"),
        Instant.parse((String) payload.get("signed_at")),
        (String) payload.get("record_hash"),
        Optional.ofNullable((String) payload.get("comment")));
  }

  /** The event's payload that says this signature. */
  Map<String, Object> payload() {
    Map<String, Object> payload = new java.util.LinkedHashMap<>();
    payload.put("signature_id", signatureId);
    payload.put("meaning", meaning.value());
    payload.put("signer_id", signerId);
    payload.put("signer_name", signerName);
    payload.put("signed_at", signedAt.toString());
    payload.put("record_hash", recordHash);
    payload.put("comment", comment.orElse(null));
    return payload;
  }
}
