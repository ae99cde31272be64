package dev.asrun.examples.security;

import static dev.asrun.examples.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A request body over {@code asrun.limits.request-body} (default 1 MiB) is refused with 413
 * problem+json before it is parsed, whether it declares its length or comes chunked, and nothing of
 * it is recorded.
 */
@SecuritySuite
class RequestLimitsSecurityTest {

  private static final String OBSERVATIONS = "/asrun/api/v1/observations";

  @LocalServerPort private int port;
  @Autowired private DataSource dataSource;

  @Test
  void refusesAnEightMebibyteBatchWithItsLengthDeclaredBeforeItIsSent() throws Exception {
    RecordState before = RecordState.of(dataSource);

    ResponseEntity<Map<String, Object>> answer =
        RawHttp.postHeadersOnly(port, OBSERVATIONS, "application/json", batchOf(8).length);

    assertProblem(answer, HttpStatus.PAYLOAD_TOO_LARGE, "asrun.limits.request-body");
    assertThat(answer.getHeaders().getConnection()).containsExactly("close");
    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  @Test
  void refusesAnOversizedBatchSentChunked() throws Exception {
    RecordState before = RecordState.of(dataSource);
    // 2 MiB: what the filter does not read stays under Tomcat's swallow limit, so the answer
    // arrives on the open connection instead of a reset.
    byte[] batch = batchOf(2);

    ResponseEntity<Map<String, Object>> answer =
        RawHttp.post(
            port,
            OBSERVATIONS,
            "application/json",
            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(batch)));

    assertProblem(answer, HttpStatus.PAYLOAD_TOO_LARGE, "asrun.limits.request-body");
    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  /** A JSON array of valid observations, {@code mebibytes} MiB or more in all. */
  private static byte[] batchOf(int mebibytes) {
    String observation = "{\"action\":\"limits_probe\",\"source\":\"request-limits-test\"}";
    int count = mebibytes * 1024 * 1024 / observation.length() + 1;
    return IntStream.range(0, count)
        .mapToObj(i -> observation)
        .collect(Collectors.joining(",", "[", "]"))
        .getBytes(StandardCharsets.UTF_8);
  }
}
