package dev.asrun.examples.security;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Posts as demo with exactly the headers a test names, through java.net.http, which adds no
 * content type of its own (RestTemplate does) and can send a body chunked or after {@code Expect:
 * 100-continue}.
 */
final class RawHttp {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RawHttp() {}

  /**
   * POSTs {@code body} to {@code path} on the app at {@code port} as demo, with {@code
   * contentType} (none where it is null), asking for 100-continue so a refusal before the body is
   * read needs no body sent; answers the status, headers and JSON body.
   */
  static ResponseEntity<Map<String, Object>> post(
      int port, String path, String contentType, HttpRequest.BodyPublisher body)
      throws Exception {
    String demo = Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header(HttpHeaders.AUTHORIZATION, "Basic " + demo)
            .expectContinue(true)
            .POST(body);
    if (contentType != null) {
      request.header(HttpHeaders.CONTENT_TYPE, contentType);
    }
    HttpResponse<byte[]> response =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    HttpHeaders headers = new HttpHeaders();
    response.headers().map().forEach(headers::addAll);
    return new ResponseEntity<>(
        JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() {}),
        headers,
        HttpStatus.valueOf(response.statusCode()));
  }
}
