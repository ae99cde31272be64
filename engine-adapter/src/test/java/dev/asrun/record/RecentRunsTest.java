package dev.asrun.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecentRunsTest {

  private final RecentRuns recent = new RecentRuns(2);

  @Test
  void aRunsFirstEventsAreItsWholeStream() {
    List<LoggedEvent> appended = List.of(event("r1", 1, "0"), event("r1", 2, "h1"));
    assertThat(recent.followedBy("r1", appended)).isEqualTo(appended);
  }

  @Test
  void rememberedEventsFollowedOnByTheAppendedOnesAreTheRunsStream() {
    List<LoggedEvent> before = List.of(event("r1", 1, "0"), event("r1", 2, "h1"));
    recent.remember("r1", before);
    LoggedEvent next = event("r1", 3, "h2");

    assertThat(recent.followedBy("r1", List.of(next)))
        .containsExactly(before.get(0), before.get(1), next);
  }

  @Test
  void anEventAppendedElsewhereInBetweenMakesTheRememberedOnesUseless() {
    recent.remember("r1", List.of(event("r1", 1, "0"), event("r1", 2, "h1")));

    assertThat(recent.followedBy("r1", List.of(event("r1", 4, "h3")))).isNull();
    assertThat(recent.followedBy("r1", List.of(event("r1", 3, "another")))).isNull();
    assertThat(recent.followedBy("r2", List.of(event("r2", 3, "h2")))).isNull();
  }

  @Test
  void theLeastRecentlyWrittenRunIsForgottenBeyondTheLimit() {
    recent.remember("r1", List.of(event("r1", 1, "0")));
    recent.remember("r2", List.of(event("r2", 1, "0")));
    recent.remember("r3", List.of(event("r3", 1, "0")));

    assertThat(recent.followedBy("r1", List.of(event("r1", 2, "h1")))).isNull();
    assertThat(recent.followedBy("r3", List.of(event("r3", 2, "h1")))).hasSize(2);
  }

  /** An event of {@code runId} at {@code position}, hashed "h<position>", after {@code prev}. */
  private static LoggedEvent event(String runId, long position, String prev) {
    return new LoggedEvent(
        UUID.randomUUID(),
        position,
        "run:" + runId,
        position,
        Instant.EPOCH,
        Optional.empty(),
        EventSource.ENGINE,
        EventType.STEP_MATCHED,
        Optional.of("p"),
        Optional.of("1"),
        Optional.of(runId),
        "{}",
        prev,
        "h" + position);
  }
}
