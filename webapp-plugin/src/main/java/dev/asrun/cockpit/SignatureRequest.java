package dev.asrun.cockpit;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/**
 * A signature the run page's sign dialog sends, as {@code POST
 * /asrun/api/v1/runs/{run_id}/signatures} takes it; {@link dev.asrun.signature.Signing} checks and
 * records it for the user logged in to Cockpit.
 *
 * @param meaning {@code performed}, {@code reviewed}, {@code approved} or {@code verified}
 * @param password the user's password, re-entered
 * @param comment what the signer adds, if anything
 */
public record SignatureRequest(
    @JsonProperty("meaning") String meaning,
    @JsonProperty("password") String password,
    @JsonProperty("comment") String comment) {

  @Override
  public String toString() {
    return "SignatureRequest[meaning=" + meaning + ", password=(hidden)]";
  }

  Optional<String> givenComment() {
    return Optional.ofNullable(comment);
  }
}
