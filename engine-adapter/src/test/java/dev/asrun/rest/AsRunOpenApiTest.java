package dev.asrun.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.media.Schema;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document's write bodies name exactly the fields the API reads: a field added to the
 * API and not to the document (or the other way round) fails here.
 */
class AsRunOpenApiTest {

  @SuppressWarnings("rawtypes")
  private final Map<String, Schema> schemas = AsRunOpenApi.schemas();

  @Test
  void anObservationsSchemaNamesEveryFieldAnObservationTakes() {
    assertThat(schemas.get(AsRunOpenApi.OBSERVATION).getProperties().keySet())
        .containsExactlyInAnyOrderElementsOf(ObservationJson.FIELDS);
  }

  @Test
  void aCorrectionsSchemaNamesEveryFieldACorrectionTakes() {
    assertThat(schemas.get(AsRunOpenApi.RUN_CORRECTION).getProperties().keySet())
        .containsExactlyInAnyOrderElementsOf(RunFeedbackController.CORRECTION_FIELDS);
  }

  @Test
  void aConfirmationsSchemaNamesEveryFieldAConfirmationTakes() {
    assertThat(schemas.get(AsRunOpenApi.RUN_CONFIRMATION).getProperties().keySet())
        .containsExactlyInAnyOrderElementsOf(RunFeedbackController.CONFIRMATION_FIELDS);
  }

  @Test
  void aSignaturesSchemaNamesEveryFieldASignatureTakes() {
    assertThat(schemas.get(AsRunOpenApi.RUN_SIGNATURE).getProperties().keySet())
        .containsExactlyInAnyOrderElementsOf(SignatureController.FIELDS);
  }
}
