package dev.asrun.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asrun.compiler.CompiledProcedure;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Deploys compiled procedures through Camunda 7's standard REST API ({@code POST
 * /deployment/create}), so any Camunda 7 engine can receive them, not only one with this
 * project's code.
 */
final class EngineClient {

  /** The {@code deployment-source} of every deployment made by this tool. */
  private static final String DEPLOYMENT_SOURCE = "toml-to-bpmn";

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(2);
  private static final int MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

  private final URI base;
  private final Optional<String> authorization;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param base the REST API's base URL, e.g. {@code http://localhost:8080/engine-rest}
   * @param authorization the {@code Authorization} header to send, if any
   */
  EngineClient(URI base, Optional<String> authorization) {
    this.base = base;
    this.authorization = authorization;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The {@code Authorization} header of HTTP Basic authentication (RFC 7617), UTF-8. */
  static String basicAuthorization(String user, char[] password) {
    byte[] credentials = (user + ":" + new String(password)).getBytes(StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(credentials);
  }

  /** A process definition the engine created. */
  record DeployedDefinition(String key, int version) {}

  /**
   * What the engine did.
   *
   * @param deploymentId the deployment the engine created, or its latest one of that name when
   *     nothing changed
   * @param deployed the new process definitions, by key; empty when nothing changed
   */
  record Deployment(String deploymentId, List<DeployedDefinition> deployed) {}

  /**
   * Deploys the procedures as one deployment; the engine stores only those whose BPMN differs from
   * the latest of the same resource name in deployments of this name.
   *
   * @throws CommandFailure exit code 3 when the engine cannot be reached or refuses
   */
  Deployment deploy(String deploymentName, List<CompiledProcedure> procedures)
      throws CommandFailure {
    MultipartForm form =
        new MultipartForm()
            .field("deployment-name", deploymentName)
            .field("enable-duplicate-filtering", "true")
            .field("deploy-changed-only", "true")
            .field("deployment-source", DEPLOYMENT_SOURCE);
    for (CompiledProcedure procedure : procedures) {
      form.file(
          procedure.resourceName(),
          procedure.resourceName(),
          "application/xml",
          procedure.bpmnXml().getBytes(StandardCharsets.UTF_8));
      form.file(
          procedure.tomlResourceName(),
          procedure.tomlResourceName(),
          "application/toml",
          procedure.toml().getBytes(StandardCharsets.UTF_8));
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(EngineUrl.resolve(base, "deployment/create"))
            .timeout(RESPONSE_TIMEOUT)
            .header("Content-Type", form.contentType())
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(form.toByteArray()));
    authorization.ifPresent(value -> request.header("Authorization", value));

    HttpResponse<InputStream> response = send(request.build());
    String body = readBody(response);
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      throw refused(response, status, body);
    }
    return parseDeployment(body);
  }

  private HttpResponse<InputStream> send(HttpRequest request) throws CommandFailure {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      throw unreachable("no connection within " + CONNECT_TIMEOUT.toSeconds() + " s");
    } catch (HttpTimeoutException e) {
      throw unreachable("no answer within " + RESPONSE_TIMEOUT.toMinutes() + " min");
    } catch (IOException e) {
      throw unreachable(connectionProblem(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable("interrupted while waiting for the answer");
    }
  }

  /**
   * Why the request failed, in words. The HTTP client reports a refused connection as a {@link
   * ConnectException} without a message, so that case is named here.
   */
  private String connectionProblem(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return "unknown host " + base.getHost();
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return Text.oneLine(t.getMessage());
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return "could not connect (is the engine running there?)";
      }
    }
    return Text.firstMessage(e);
  }

  private String readBody(HttpResponse<InputStream> response) throws CommandFailure {
    try (InputStream in = response.body()) {
      byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
      if (bytes.length > MAX_RESPONSE_BYTES) {
        throw new CommandFailure(
            ExitCodes.ENGINE,
            "the answer of " + base + " is larger than " + MAX_RESPONSE_BYTES + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw unreachable("the answer broke off: " + Text.firstMessage(e));
    }
  }

  private CommandFailure unreachable(String reason) {
    return new CommandFailure(
        ExitCodes.ENGINE, "cannot reach the engine at " + base + ": " + reason);
  }

  private CommandFailure refused(HttpResponse<?> response, int status, String body) {
    String explanation = engineMessage(body).orElseGet(() -> explainStatus(response, status));
    return new CommandFailure(
        ExitCodes.ENGINE,
        "the engine at " + base + " refused the deployment: HTTP " + status + ": " + explanation);
  }

  /** What a status means here, for answers without the engine's own message. */
  private static String explainStatus(HttpResponse<?> response, int status) {
    if (status >= 300 && status < 400) {
      return "redirected to "
          + response.headers().firstValue("Location").map(Text::oneLine).orElse("nowhere")
          + "; give the address the engine serves its REST API at";
    }
    return switch (status) {
      case 401 -> "authentication failed: wrong or missing --user and --password";
      case 403 -> "the user may not create deployments";
      case 404, 405 ->
          "no Camunda REST API at this address (its base URL usually ends in /engine-rest)";
      default -> "no explanation given";
    };
  }

  /** Camunda's REST API explains errors as JSON: {@code {"type": ..., "message": ...}}. */
  private Optional<String> engineMessage(String body) {
    try {
      JsonNode message = json.readTree(body).path("message");
      return message.isTextual() && !message.asText().isBlank()
          ? Optional.of(Text.oneLine(message.asText()))
          : Optional.empty();
    } catch (JacksonException e) {
      return Optional.empty();
    }
  }

  private Deployment parseDeployment(String body) throws CommandFailure {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JacksonException e) {
      throw notCamunda("its answer is not JSON");
    }
    if (!root.path("id").isTextual()) {
      throw notCamunda("its answer names no deployment id");
    }
    List<DeployedDefinition> deployed = new ArrayList<>();
    for (JsonNode definition : root.path("deployedProcessDefinitions")) {
      if (!definition.path("key").isTextual() || !definition.path("version").isInt()) {
        throw notCamunda("its answer lists a process definition without key or version");
      }
      deployed.add(
          new DeployedDefinition(
              Text.oneLine(definition.path("key").asText()), definition.path("version").asInt()));
    }
    deployed.sort(Comparator.comparing(DeployedDefinition::key));
    return new Deployment(Text.oneLine(root.path("id").asText()), List.copyOf(deployed));
  }

  private CommandFailure notCamunda(String why) {
    return new CommandFailure(
        ExitCodes.ENGINE,
        "the deployment's outcome is unknown: "
            + base
            + " answered, but "
            + why
            + "; is it the base URL of a Camunda 7 REST API?");
  }
}
