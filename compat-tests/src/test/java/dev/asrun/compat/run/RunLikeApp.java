package dev.asrun.compat.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.compat.AsRunChecks;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Camunda-Run-like app ({@code target/camunda-run-like.jar}) started as Camunda Run's {@code
 * start.sh} starts Run, in a home folder laid out as Run's: {@code java
 * -Dloader.path=configuration/userlib/ -cp camunda-run-like.jar
 * org.springframework.boot.loader.launch.PropertiesLauncher
 * --spring.config.location=file:configuration/default.yml}, in a process of its own whose output
 * goes to {@code run.log}.
 */
final class RunLikeApp implements AutoCloseable {

  /** Spring Boot's launcher (3.2 and later) that reads {@code loader.path}. */
  static final String LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

  private static final Duration STARTUP_LIMIT = Duration.ofMinutes(5);

  private final Process process;
  private final Path log;
  private final URI base;

  private RunLikeApp(Process process, Path log, URI base) {
    this.process = process;
    this.log = log;
    this.base = base;
  }

  /** Starts the app of {@code jar} in {@code home} and returns once its REST API answers demo. */
  static RunLikeApp start(Path jar, Path home) throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = home.resolve("run.log");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-Xmx512m",
            "-Dloader.path=configuration/userlib/",
            "-cp",
            jar.toString(),
            LAUNCHER,
            "--spring.config.location=file:configuration/default.yml",
            "--server.port=" + port);
    Process process =
        new ProcessBuilder(command)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    RunLikeApp app = new RunLikeApp(process, log, URI.create("http://localhost:" + port));
    app.await();
    return app;
  }

  URI base() {
    return base;
  }

  String log() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  private void await() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest engine =
        HttpRequest.newBuilder(base.resolve("/engine-rest/engine"))
            .header("Authorization", AsRunChecks.basic("demo", "demo"))
            .timeout(Duration.ofSeconds(30))
            .build();
    long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive())
          .as("the Run-like app exited while starting:%n%s", log())
          .isTrue();
      try {
        if (http.send(engine, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYetListening) {
        // the server is not up yet: poll again
      }
      Thread.sleep(250);
    }
    close();
    throw new AssertionError(
        "the Run-like app did not answer within " + STARTUP_LIMIT + ": " + log);
  }

  /** Stops the app as {@code kill} (SIGTERM) does. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(1, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
    }
  }
}
