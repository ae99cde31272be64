package dev.asrun.examples.security;

import static dev.asrun.examples.security.Reporters.STARTUP;
import static dev.asrun.examples.security.Reporters.fresh;
import static dev.asrun.examples.security.Reporters.observation;
import static dev.asrun.examples.security.Reporters.ownEventsOnly;
import static dev.asrun.examples.security.Reporters.powerOn;
import static dev.asrun.examples.security.Reporters.runIdOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Idempotency keys are their reporter's own, over HTTP: a key another user already used is a new
 * observation for this user, worked and recorded as theirs, and never returns the other user's
 * answer (its observation, runs or procedures); each user's retry gets their own first answer and
 * records nothing.
 */
@SecuritySuite
class IdempotencySecurityTest {


  private final Reporters reporters;

  IdempotencySecurityTest(@Autowired ApplicationContext app) {
    reporters = new Reporters(app);
  }

  @Test
  void theSameKeyFromTwoUsersIsTwoObservationsAndNeverReturnsTheOtherUsersAnswer() {
    String key = fresh("key");
    String sensor = reporters.granted();
    String outsider = reporters.outsider();
    String equipment = fresh("reactor");
    String instance = reporters.startStartup(fresh("line"), equipment);
    Map<String, Object> observed = observation("power_on_reactor", null, equipment);
    observed.put("idempotency_key", key);

    Map<String, Object> elsewhere = observation("power_on_reactor", null, fresh("reactor"));
    elsewhere.put("idempotency_key", key);

    Map<String, Object> first = reporters.observe(sensor, observed);
    RecordState afterFirst = reporters.state();
    Map<String, Object> sameKey = reporters.observe(outsider, elsewhere);

    assertThat(first)
        .containsEntry("matched", List.of(powerOn(instance)));
    assertThat(sameKey.get("observation_id")).isNotEqualTo(first.get("observation_id"));
    assertThat(sameKey)
        .containsEntry("matched", List.of())
        .containsEntry("unmatched", true);
    assertThat(sameKey.toString()).doesNotContain(runIdOf(instance), STARTUP);
    List<String> recorded = reporters.state().changesSince(afterFirst);
    assertThat(recorded)
        .filteredOn(change -> change.startsWith("asrun_observation_key: "))
        .singleElement()
        .satisfies(change -> assertThat(change).contains(outsider, key));
    assertThat(
            ownEventsOnly(
                recorded.stream()
                    .filter(change -> !change.startsWith("asrun_observation_key: "))
                    .toList(),
                (String) sameKey.get("observation_id")))
        .containsExactly("observation_unmatched");

    RecordState beforeRetries = reporters.state();
    Map<String, Object> sensorRetry = reporters.observe(sensor, observed);
    Map<String, Object> outsiderRetry = reporters.observe(outsider, elsewhere);

    assertThat(sensorRetry).isEqualTo(first);
    assertThat(outsiderRetry).isEqualTo(sameKey);
    assertThat(reporters.state().changesSince(beforeRetries)).isEmpty();
  }
}
