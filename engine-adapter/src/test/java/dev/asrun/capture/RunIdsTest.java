package dev.asrun.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunIdsTest {

  @Test
  void theRunIdIsANameBasedUuidOfTheProcessInstanceId() {
    assertThat(RunIds.of("4711")).isEqualTo(UUID.nameUUIDFromBytes(
        "camunda-process-instance:4711".getBytes(StandardCharsets.UTF_8)).toString());
    assertThat(UUID.fromString(RunIds.of("4711")).version()).isEqualTo(3);
  }

  @Test
  void everyProcessInstanceHasItsOwnRunIdAndAlwaysTheSame() {
    assertThat(RunIds.of("4711")).isEqualTo(RunIds.of("4711")).isNotEqualTo(RunIds.of("4712"));
  }
}
