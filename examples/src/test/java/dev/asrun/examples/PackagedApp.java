package dev.asrun.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged app ({@code target/asrun-examples.jar}, built by {@code package} before the
 * integration tests run) as a separate process, as {@code java -jar} runs it: started on a free port
 * with the database's arguments, its output in a log file, waited for until its REST API answers.
 */
final class PackagedApp {

  /** {@code target/asrun-examples.jar}, or the jar the property {@code asrun.examples.jar} names. */
  static final Path JAR =
      Path.of(System.getProperty("asrun.examples.jar", "target/asrun-examples.jar"))
          .toAbsolutePath();

  /** HTTP Basic for the app's admin, demo/demo. */
  static final String DEMO_AUTHORIZATION =
      "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));

  /** What {@link #await} waits at most for the app to answer: only a guard against a hang. */
  private static final Duration STARTUP_LIMIT = Duration.ofMinutes(5);

  private static final Duration POLL = Duration.ofMillis(250);

  private final Process process;
  private final Path log;
  private final URI base;

  private PackagedApp(Process process, Path log, URI base) {
    this.process = process;
    this.log = log;
    this.base = base;
  }

  /** Starts the app on {@code database} and returns once it serves requests. */
  static PackagedApp start(AppDatabase database, Path log) throws IOException, InterruptedException {
    int port = freePort();
    List<String> arguments =
        new ArrayList<>(List.of("--server.port=" + port, "--asrun.examples.scenarios.runs=0"));
    arguments.addAll(database.arguments());
    ProcessBuilder builder =
        javaJar(database, arguments).redirectErrorStream(true).redirectOutput(log.toFile());
    PackagedApp app =
        new PackagedApp(builder.start(), log, URI.create("http://localhost:" + port));
    app.await();
    return app;
  }

  /** Runs one of the app's commands to its end: its exit code and everything it printed. */
  static CommandResult command(AppDatabase database, String... command)
      throws IOException, InterruptedException {
    List<String> arguments = new ArrayList<>(List.of(command));
    arguments.addAll(database.arguments());
    Process process = javaJar(database, arguments).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new CommandResult(process.waitFor(), output);
  }

  record CommandResult(int exitCode, String output) {}

  /** The app's base address, e.g. {@code http://localhost:41234}. */
  URI base() {
    return base;
  }

  /** Kills the app as {@code kill -9} does: no shutdown hook, no connection closed. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** Stops the app as {@code kill} (SIGTERM) does, letting it shut down in order. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STARTUP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("the app did not stop on SIGTERM; its log: " + log);
    }
  }

  private void await() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest engine =
        HttpRequest.newBuilder(base.resolve("/engine-rest/engine"))
            .header("Authorization", DEMO_AUTHORIZATION)
            .timeout(Duration.ofSeconds(30))
            .build();
    long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive())
          .as("the app exited with %s while starting; its log %s ends:%n%s", exitValue(), log, tail())
          .isTrue();
      try {
        if (http.send(engine, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYetListening) {
        // the server is not up yet: poll again
      }
      Thread.sleep(POLL.toMillis());
    }
    process.destroyForcibly().waitFor();
    throw new AssertionError("the app did not answer within " + STARTUP_LIMIT + "; its log: " + log);
  }

  private Object exitValue() {
    return process.isAlive() ? "nothing" : process.exitValue();
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /** {@code java -jar} the app in the database's folder, with its environment. */
  private static ProcessBuilder javaJar(AppDatabase database, List<String> arguments) {
    assertThat(JAR).as("the packaged app; run `mvn verify` (package comes first)").isRegularFile();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // a short-lived test app: the quick JIT only, and a heap that leaves room for the others
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-Xmx512m", "-jar", JAR.toString()));
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).directory(database.directory().toFile());
    builder.environment().putAll(database.environment());
    return builder;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
