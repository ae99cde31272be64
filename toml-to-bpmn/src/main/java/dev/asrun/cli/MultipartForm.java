package dev.asrun.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/** A {@code multipart/form-data} request body (RFC 7578): text fields and files. */
final class MultipartForm {

  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private final String boundary = "asrun-" + UUID.randomUUID().toString().replace("-", "");
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  /** Adds a text field, UTF-8. */
  MultipartForm field(String name, String value) {
    part(
        "Content-Disposition: form-data; name=\"" + safe(name) + "\"\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n",
        value.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Adds a file; {@code fileName} is what the receiver names it. */
  MultipartForm file(String name, String fileName, String contentType, byte[] content) {
    part(
        "Content-Disposition: form-data; name=\""
            + safe(name)
            + "\"; filename=\""
            + safe(fileName)
            + "\"\r\n"
            + "Content-Type: "
            + contentType
            + "\r\n",
        content);
    return this;
  }

  /** The request's {@code Content-Type} header, naming the boundary. */
  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** The complete body, closing delimiter included. */
  byte[] toByteArray() {
    ByteArrayOutputStream complete = new ByteArrayOutputStream(body.size() + 64);
    complete.writeBytes(body.toByteArray());
    complete.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return complete.toByteArray();
  }

  private void part(String headers, byte[] content) {
    body.writeBytes(("--" + boundary + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  /** Part and file names go into a quoted header value: only characters that need no escaping. */
  private static String safe(String name) {
    if (!SAFE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a safe form part name: " + name);
    }
    return name;
  }
}
