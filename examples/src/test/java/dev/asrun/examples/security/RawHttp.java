package dev.asrun.examples.security;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.net.Socket;
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
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header(HttpHeaders.AUTHORIZATION, "Basic " + demo())
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
    return answer(response.statusCode(), headers, response.body());
  }

  /**
   * POSTs as demo a request that declares a body of {@code length} bytes and sends none of it, over
   * a plain socket, as a client holding back a large upload until the server has looked at its
   * headers; answers what the server says before any of the body arrives (an answer without a
   * declared length is read as empty).
   */
  static ResponseEntity<Map<String, Object>> postHeadersOnly(
      int port, String path, String contentType, long length) throws Exception {
    try (Socket socket = new Socket("localhost", port)) {
      String request =
          "POST " + path + " HTTP/1.1\r\n"
              + "Host: localhost:" + port + "\r\n"
              + "Authorization: Basic " + demo() + "\r\n"
              + "Content-Type: " + contentType + "\r\n"
              + "Content-Length: " + length + "\r\n"
              + "\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
        int next = in.read();
        if (next < 0) {
          throw new EOFException("the connection closed before the answer's headers ended");
        }
        head.write(next);
      }
      String[] lines = head.toString(StandardCharsets.US_ASCII).strip().split("\r\n");
      HttpHeaders headers = new HttpHeaders();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.add(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
      }
      byte[] body = in.readNBytes((int) Math.max(0, headers.getContentLength()));
      return answer(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
    }
  }

  private static String demo() {
    return Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
  }

  private static ResponseEntity<Map<String, Object>> answer(
      int status, HttpHeaders headers, byte[] body) throws Exception {
    return new ResponseEntity<>(
        JSON.readValue(body, new TypeReference<Map<String, Object>>() {}),
        headers,
        HttpStatus.valueOf(status));
  }
}
