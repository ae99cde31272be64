package dev.asrun.examples.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.examples.ExamplesApplication;
import dev.asrun.log.Checkpoint;
import dev.asrun.log.CheckpointSignature;
import dev.asrun.spring.CheckpointSchedule;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The app configured with {@code asrun.checkpoints.*} takes signed checkpoints by itself into the
 * folder (one at start-up, then on its interval), and {@code verify --checkpoint F --public-key K}
 * trusts them only while file and signature are as written.
 */
@SpringBootTest(
    classes = ExamplesApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"asrun.examples.scenarios.runs=0", "asrun.checkpoints.interval=1h"})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ScheduledCheckpointsTest {

  private static final Path SCRATCH = scratchFolder("scheduled-checkpoints");
  private static final Path CHECKPOINTS = SCRATCH.resolve("checkpoints");
  private static final Path PRIVATE_KEY = SCRATCH.resolve("checkpoint.key");
  private static final Path PUBLIC_KEY = SCRATCH.resolve("checkpoint.pub");
  private static final String DATABASE_URL =
      "jdbc:h2:file:" + SCRATCH.resolve("db").resolve("asrun").toAbsolutePath();

  @Autowired private CheckpointSchedule schedule;

  @DynamicPropertySource
  static void checkpointSettings(DynamicPropertyRegistry registry) throws IOException {
    Files.createDirectories(CHECKPOINTS);
    CheckpointSignature.writeKeyPair(
        CheckpointSignature.generateKeyPair(), PRIVATE_KEY, PUBLIC_KEY);
    registry.add("spring.datasource.url", () -> DATABASE_URL);
    registry.add("asrun.checkpoints.directory", CHECKPOINTS::toString);
    registry.add("asrun.checkpoints.key-file", PRIVATE_KEY::toString);
  }

  @Test
  void takesASignedCheckpointAtStartUpThatVerifyTrustsWithThePublicKey() throws Exception {
    Path first = firstCheckpoint();

    String[] verify = {
      "verify",
      "--checkpoint",
      first.toString(),
      "--public-key",
      PUBLIC_KEY.toString(),
      "--spring.datasource.url=" + DATABASE_URL
    };
    StringWriter out = new StringWriter();
    int exitCode = RecordCommands.execute(verify, new PrintWriter(out), new PrintWriter(out));

    assertThat(exitCode).as(out.toString()).isZero();
    assertThat(out.toString())
        .contains("Against the checkpoint " + first)
        .contains("its signature verified with " + PUBLIC_KEY);
  }

  @Test
  void takesEachCheckpointUnderANewNameThatSortsByTimeAndSignsIt() throws Exception {
    Path first = firstCheckpoint();

    Path next = schedule.takeNow();

    assertThat(next.getFileName().toString()).isGreaterThan(first.getFileName().toString());
    assertThat(checkpoints()).contains(first, next);
    for (Path file : List.of(first, next)) {
      CheckpointSignature.verify(file, CheckpointSignature.readPublicKey(PUBLIC_KEY));
      assertThat(Checkpoint.read(file).heads()).isNotNull();
    }
  }

  @Test
  void refusesACheckpointChangedAfterItWasSigned() throws Exception {
    Path copy = SCRATCH.resolve("changed-" + System.nanoTime() + ".json");
    Path taken = schedule.takeNow();
    Files.copy(taken, copy);
    Files.copy(CheckpointSignature.signatureFile(taken), CheckpointSignature.signatureFile(copy));
    Files.writeString(copy, " ", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    StringWriter out = new StringWriter();
    int exitCode =
        RecordCommands.execute(
            new String[] {
              "verify",
              "--checkpoint",
              copy.toString(),
              "--public-key",
              PUBLIC_KEY.toString(),
              "--spring.datasource.url=" + DATABASE_URL
            },
            new PrintWriter(out),
            new PrintWriter(out));

    assertThat(exitCode).as(out.toString()).isEqualTo(RecordCommands.FILE);
    assertThat(out.toString()).contains("checkpoint not trusted").contains("bad signature");
  }

  /** The checkpoint taken at start-up, on the schedule's own thread: waits until it is there. */
  private static Path firstCheckpoint() throws IOException, InterruptedException {
    List<Path> found = checkpoints();
    while (found.isEmpty()) {
      Thread.sleep(50);
      found = checkpoints();
    }
    return found.get(0);
  }

  private static List<Path> checkpoints() throws IOException {
    try (Stream<Path> files = Files.list(CHECKPOINTS)) {
      return files
          .filter(file -> file.getFileName().toString().matches("checkpoint-.*\\.json"))
          .sorted()
          .toList();
    }
  }

  private static Path scratchFolder(String prefix) {
    try {
      return Files.createTempDirectory(Path.of("target"), prefix).toAbsolutePath();
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
