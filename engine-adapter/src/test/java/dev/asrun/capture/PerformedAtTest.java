package dev.asrun.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PerformedAtTest {

  private final PerformedAt berlin = new PerformedAt(ZoneId.of("Europe/Berlin"));

  @ParameterizedTest
  @CsvSource({
    "2025-06-01 08:05, 2025-06-01T06:05:00Z",
    "2025-06-01  08:05, 2025-06-01T06:05:00Z",
    "2025-06-01 08:05:30, 2025-06-01T06:05:30Z",
    "2025-06-01T08:05, 2025-06-01T06:05:00Z",
    "2025-06-01T08:05:30.250, 2025-06-01T06:05:30.250Z",
    "2025-01-15 08:05, 2025-01-15T07:05:00Z",
    "2025-06-01T06:05Z, 2025-06-01T06:05:00Z",
    "2025-06-01T08:05+02:00, 2025-06-01T06:05:00Z",
    "2025-06-01 09:05+03:00, 2025-06-01T06:05:00Z",
    "2025-06-01T08:05+02:00[Europe/Berlin], 2025-06-01T06:05:00Z",
    "' 2025-06-01 08:05 ', 2025-06-01T06:05:00Z"
  })
  void readsTheFormsFormatAndIsoTimesInTheEnginesZoneUnlessTheyNameOne(String text,
      String expected) {
    assertThat(berlin.read(text)).contains(
        new PerformedAt.Claim(Optional.of(Instant.parse(expected)), Optional.empty()));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "this morning", "2025-06-01", "08:05", "2025-13-01 08:05", "2025-06-31 08:05",
    "2025-06-01 25:00", "01.06.2025 08:05", "+10000-01-01T00:00Z"})
  void keepsWhatIsNoTimeAsText(String text) {
    assertThat(berlin.read(text)).contains(
        new PerformedAt.Claim(Optional.empty(), Optional.of(text)));
  }

  @Test
  void nothingTypedIsNoClaim() {
    assertThat(berlin.read(null)).isEmpty();
    assertThat(berlin.read("")).isEmpty();
    assertThat(berlin.read("   ")).isEmpty();
  }
}
