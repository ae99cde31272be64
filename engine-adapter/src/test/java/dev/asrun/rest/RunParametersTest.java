package dev.asrun.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asrun.query.RunQuery;
import dev.asrun.query.RunStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class RunParametersTest {

  @Test
  void readsEveryFilterAndThePage() {
    RunQuery query =
        RunParameters.read(
            parameters(
                "procedure_id", "sop_daily_startup",
                "status", "completed",
                "from", "2026-01-31T09:00:00+01:00",
                "to", "2026-02-01T00:00:00Z",
                "executor_id", "demo",
                "equipment_id", "reactor_02",
                "location", "line_2",
                "first", "10",
                "max", "500"));

    assertThat(query.procedureId()).contains("sop_daily_startup");
    assertThat(query.status()).contains(RunStatus.COMPLETED);
    assertThat(query.from()).contains(Instant.parse("2026-01-31T08:00:00Z"));
    assertThat(query.to()).contains(Instant.parse("2026-02-01T00:00:00Z"));
    assertThat(query.executorId()).contains("demo");
    assertThat(query.equipmentId()).contains("reactor_02");
    assertThat(query.location()).contains("line_2");
    assertThat(query.firstResult()).isEqualTo(10);
    assertThat(query.maxResults()).isEqualTo(500);
    assertThat(query.allowedProcedureIds()).isEqualTo(Optional.empty());
  }

  @Test
  void pagesFiftyRunsFromTheFirstByDefault() {
    RunQuery query = RunParameters.read(Map.of());

    assertThat(query.firstResult()).isZero();
    assertThat(query.maxResults()).isEqualTo(RunParameters.DEFAULT_MAX);
    assertThat(query.procedureId()).isEmpty();
  }

  @Test
  void rejectsAnUnknownStatusNamingTheValidOnes() {
    assertBadParameter(parameters("status", "done"), "'status'", "triggered, active");
  }

  @Test
  void rejectsATimeWithoutOffset() {
    assertBadParameter(parameters("from", "2026-01-31T08:00:00"), "'from'", "ISO-8601");
  }

  @Test
  void rejectsARangeThatEndsBeforeItStarts() {
    assertBadParameter(
        parameters("from", "2026-02-01T00:00:00Z", "to", "2026-01-01T00:00:00Z"), "'from'", "'to'");
  }

  @Test
  void rejectsAPageSizeOutOfRange() {
    assertBadParameter(parameters("max", "501"), "'max'", "1 to 500");
    assertBadParameter(parameters("max", "0"), "'max'", "1 to 500");
    assertBadParameter(parameters("max", "99999999999"), "'max'", "1 to 500");
  }

  @Test
  void rejectsANegativeOrNonNumericFirst() {
    assertBadParameter(parameters("first", "-1"), "'first'", "0 or more");
    assertBadParameter(parameters("first", "ten"), "'first'", "0 or more");
  }

  @Test
  void rejectsAnUnknownParameterNamingTheValidOnes() {
    assertBadParameter(parameters("procedureId", "x"), "'procedureId'", "procedure_id");
  }

  @Test
  void rejectsARepeatedParameter() {
    assertBadParameter(
        Map.of("status", List.of("completed", "aborted")), "'status'", "more than once");
  }

  @Test
  void rejectsAnEmptyValue() {
    assertBadParameter(parameters("location", ""), "'location'", "leave it out");
  }

  private static Map<String, List<String>> parameters(String... namesAndValues) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      parameters.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
    }
    return parameters;
  }

  private static void assertBadParameter(
      Map<String, List<String>> parameters, String... inDetail) {
    assertThatThrownBy(() -> RunParameters.read(parameters))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
              assertThat(e.getMessage()).contains(inDetail);
            });
  }
}
