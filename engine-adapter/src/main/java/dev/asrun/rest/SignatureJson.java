package dev.asrun.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.asrun.signature.Signature;

/**
 * A signature as the API shows it: its manifestation (who by name, when, meaning) and the record
 * hash it is bound to.
 */
@JsonPropertyOrder({
  "signature_id",
  "run_id",
  "meaning",
  "signer_id",
  "signer_name",
  "signed_at",
  "record_hash",
  "comment"
})
public record SignatureJson(
    @JsonProperty("signature_id") String signatureId,
    @JsonProperty("run_id") String runId,
    @JsonProperty("meaning") String meaning,
    @JsonProperty("signer_id") String signerId,
    @JsonProperty("signer_name") String signerName,
    @JsonProperty("signed_at") String signedAt,
    @JsonProperty("record_hash") String recordHash,
    @JsonProperty("comment") String comment) {

  public static SignatureJson of(Signature signature) {
    return new SignatureJson(
        signature.signatureId(),
        signature.runId(),
        signature.meaning().value(),
        signature.signerId(),
        signature.signerName(),
        signature.signedAt().toString(),
        signature.recordHash(),
        signature.comment().orElse(null));
  }
}
