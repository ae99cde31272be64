package dev.asrun.cockpit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.asrun.contract.SignatureMeaning;
import dev.asrun.signature.RunSignatures;
import java.util.List;

/**
 * What the run page's signatures section shows beside the signatures themselves: the meanings the
 * policy requires, those still missing and who may give them, and what the logged-in user may sign
 * now ({@link dev.asrun.signature.Signing#mayGive}, the rules of signing decide it, not the page).
 *
 * @param required the meanings the procedure's policy requires, in order
 * @param stillRequired the required meanings not given yet, in order
 * @param canSign the meanings the user may sign the run with now
 */
public record RunSigning(
    @JsonProperty("required") List<String> required,
    @JsonProperty("still_required") List<StillRequired> stillRequired,
    @JsonProperty("can_sign") List<String> canSign) {

  /**
   * A meaning still missing.
   *
   * @param meaning the meaning
   * @param groups the groups whose members may give it; empty: anyone who may read the run
   * @param performers who performed the run: they alone sign {@code performed} (anyone, if nobody
   *     is known to have), and they may not sign any other meaning
   */
  public record StillRequired(
      @JsonProperty("meaning") String meaning,
      @JsonProperty("groups") List<String> groups,
      @JsonProperty("performers") List<String> performers) {}

  static RunSigning of(
      RunSignatures signatures, List<String> performers, List<SignatureMeaning> canSign) {
    return new RunSigning(
        signatures.policy().required().stream().map(SignatureMeaning::value).toList(),
        signatures.policy().required().stream()
            .filter(meaning -> !signatures.given().contains(meaning))
            .map(
                meaning ->
                    new StillRequired(
                        meaning.value(), signatures.policy().groups(meaning), performers))
            .toList(),
        canSign.stream().map(SignatureMeaning::value).toList());
  }
}
