package dev.asrun.examples.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.asrun.capture.RunIds;
import dev.asrun.examples.ExamplesApplication;
import dev.asrun.log.Checkpoint;
import dev.asrun.log.CheckpointSignature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The app's {@code verify} and {@code rebuild-index} commands, run in this JVM as {@code java -jar
 * asrun-examples.jar ...} runs them, against the H2 file database of the app running beside them
 * (one JVM shares an open H2 database) and against restored copies of it.
 */
@SpringBootTest(
    classes = ExamplesApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "asrun.examples.scenarios.runs=0")
class RecordCommandsTest {

  private static final Path DATABASE_FOLDER = scratchFolder("record-commands-db");
  private static final String DATABASE_URL =
      "jdbc:h2:file:" + DATABASE_FOLDER.resolve("asrun").toAbsolutePath();

  @Autowired private RuntimeService runtimeService;
  @Autowired private TaskService taskService;
  @Autowired private JdbcTemplate jdbc;

  @TempDir Path scratch;

  @DynamicPropertySource
  static void fileDatabase(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> DATABASE_URL);
  }

  @BeforeEach
  void workARun() {
    String run =
        runtimeService
            .startProcessInstanceByKey(
                "sop_daily_startup", Map.of("location", "line_2", "equipment_id", "reactor_02"))
            .getId();
    completeNextStep(run);
  }

  @Test
  void verifiesACleanLogAndExitsZero() {
    Result result = run("verify", database());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out())
        .contains("Verified the as-run log in " + DATABASE_URL)
        .contains("OK: every chain is intact.")
        .containsPattern(
            "OK: the run index \\(\\d+ rows\\) is what a rebuild from the log makes\\.");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void namesTheRunIndexRowThatDiffersFromARebuildAndExitsSix() {
    Path copy = restore(backup());
    JdbcTemplate tamperer = h2(copy);
    String runId =
        tamperer.queryForObject(
            "SELECT MIN(run_id) FROM asrun_run WHERE status = 'active'", String.class);
    // the index tables are the application's to write: no trigger stops this
    assertThat(
            tamperer.update(
                "UPDATE asrun_run_step SET executor_id = 'mallory'"
                    + " WHERE run_id = ? AND status = 'done'",
                runId))
        .isPositive();
    String step =
        tamperer.queryForObject(
            "SELECT MIN(step_id) FROM asrun_run_step WHERE executor_id = 'mallory'", String.class);
    tamperer.execute("SHUTDOWN");

    Result result = run("verify", database(copy));

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(RecordCommands.INDEX_DIFFERS);
    assertThat(result.out())
        .contains("OK: every chain is intact.")
        .contains("INDEX DIFFERS: ")
        .containsPattern(
            "  asrun_run_step row run_id="
                + runId
                + ", step_id="
                + step
                + ", attempt=\\d+ of run "
                + runId
                + ": executor_id is 'mallory', a rebuild gives (NULL|'[^']*')");
  }

  @Test
  void verifiesAgainstTheCheckpointItExported() throws IOException {
    Path checkpoint = scratch.resolve("checkpoint.json");

    Result exported = run("verify", "--export-checkpoint", checkpoint.toString(), database());
    Result verified = run("verify", "--checkpoint", checkpoint.toString(), database());

    assertThat(exported.exitCode()).as(exported.toString()).isZero();
    assertThat(exported.out()).contains("written to " + checkpoint);
    assertThat(Checkpoint.read(checkpoint).heads()).isNotEmpty();
    assertThat(verified.exitCode()).as(verified.toString()).isZero();
    assertThat(verified.out())
        .contains("Against the checkpoint " + checkpoint)
        .contains("OK: every chain is intact.");
  }

  @Test
  void trustsASignedCheckpointOnlyWithTheSignersPublicKey() throws IOException {
    Path checkpoint = scratch.resolve("signed.json");
    Path ownerKey = scratch.resolve("owner.key");
    Path ownerPublic = scratch.resolve("owner.pub");
    Path forgerPublic = scratch.resolve("forger.pub");
    CheckpointSignature.writeKeyPair(CheckpointSignature.generateKeyPair(), ownerKey, ownerPublic);
    CheckpointSignature.writeKeyPair(
        CheckpointSignature.generateKeyPair(), scratch.resolve("forger.key"), forgerPublic);

    Result exported = exportSigned(checkpoint, ownerKey);
    Result trusted =
        run(
            "verify",
            "--checkpoint",
            checkpoint.toString(),
            "--public-key",
            ownerPublic.toString(),
            database());
    Result untrusted =
        run(
            "verify",
            "--checkpoint",
            checkpoint.toString(),
            "--public-key",
            forgerPublic.toString(),
            database());

    assertThat(exported.exitCode()).as(exported.toString()).isZero();
    assertThat(exported.out())
        .contains("signed into " + CheckpointSignature.signatureFile(checkpoint));
    assertThat(trusted.exitCode()).as(trusted.toString()).isZero();
    assertThat(trusted.out()).contains("its signature verified with " + ownerPublic);
    assertThat(untrusted.exitCode()).as(untrusted.toString()).isEqualTo(RecordCommands.FILE);
    assertThat(untrusted.err()).contains("checkpoint not trusted: ").contains("bad signature");
  }

  @Test
  void generatesACheckpointKeyPairThatSignsAndNeverReplacesIt() throws IOException {
    Path keys = Files.createDirectory(scratch.resolve("keys"));
    Path checkpoint = scratch.resolve("keyed.json");

    Result generated = run("checkpoint-key", "--out", keys.toString());
    Result again = run("checkpoint-key", "--out", keys.toString());
    String privateKey = Files.readString(keys.resolve("checkpoint.key"));
    Result exported = exportSigned(checkpoint, keys.resolve("checkpoint.key"));

    assertThat(generated.exitCode()).as(generated.toString()).isZero();
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(RecordCommands.FILE);
    assertThat(again.err()).contains("exists; move it away");
    assertThat(Files.readString(keys.resolve("checkpoint.key"))).isEqualTo(privateKey);
    assertThat(exported.exitCode()).as(exported.toString()).isZero();
    assertThatCode(
            () ->
                CheckpointSignature.verify(
                    checkpoint, CheckpointSignature.readPublicKey(keys.resolve("checkpoint.pub"))))
        .doesNotThrowAnyException();
  }

  @Test
  void reportsADatabaseRestoredToAnOlderCopyAsTruncated() throws IOException {
    String run = startedRun();
    Path older = backup();
    completeNextStep(run);
    Path checkpoint = scratch.resolve("later.json");
    assertThat(run("verify", "--export-checkpoint", checkpoint.toString(), database()).exitCode())
        .isZero();

    Result result = run("verify", "--checkpoint", checkpoint.toString(), database(restore(older)));

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(RecordCommands.DAMAGED);
    assertThat(result.out())
        .contains("DAMAGED: ")
        .containsPattern(
            "stream run:" + RunIds.of(run) + "  seq -  event_id -  truncated at stream_seq \\d+: ");
  }

  @Test
  void refusesToExportACheckpointOfADamagedLogAndNamesTheEditedEvent() {
    Path copy = restore(backup());
    JdbcTemplate tamperer = h2(copy);
    Long seq =
        tamperer.queryForObject(
            "SELECT MAX(seq) FROM asrun_event WHERE event_type = 'step_matched'", Long.class);
    String eventId =
        tamperer.queryForObject(
            "SELECT event_id FROM asrun_event WHERE seq = ?", String.class, seq);
    // as the database's owner can: switch the protection off, edit an event, close the database
    tamperer.execute("DROP TRIGGER asrun_event_no_update");
    tamperer.update(
        "UPDATE asrun_event SET payload = '{\"outcome\":\"skipped\"}' WHERE seq = ?", seq);
    tamperer.execute("SHUTDOWN");
    Path checkpoint = scratch.resolve("never.json");

    Result result = run("verify", "--export-checkpoint", checkpoint.toString(), database(copy));

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(RecordCommands.DAMAGED);
    assertThat(result.out())
        .contains("  seq " + seq + "  event_id " + eventId + "  edited at stream_seq ")
        .contains("No checkpoint written to " + checkpoint);
    assertThat(checkpoint).doesNotExist();
  }

  @Test
  void rebuildsTheIndexToTheSameRows() {
    List<List<String>> before = indexRows();

    Result result = run("rebuild-index", database());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).containsPattern("from \\d+ events in [0-9.]+ s \\(\\d+ events/s\\)");
    assertThat(indexRows()).isEqualTo(before);
  }

  @Test
  void refusesBadUsageWithExitCodeTwo() {
    List<String[]> usages =
        List.of(
            new String[] {"verify", "--frobnicate"},
            new String[] {"verify", "extra"},
            new String[] {"verify", "--checkpoint"},
            new String[] {"rebuild-index", "--spring.datasource.url"},
            new String[] {});

    for (String[] usage : usages) {
      Result result = run(usage);
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(RecordCommands.USAGE);
      assertThat(result.err()).as(result.toString()).isNotEmpty();
    }
    assertThat(run("verify", "--frobnicate").err()).contains("'--frobnicate'");
  }

  @Test
  void exitsFourWhenTheCheckpointFileCannotBeReadOrWritten() throws IOException {
    Path garbage = Files.writeString(scratch.resolve("garbage.json"), "{\"format\": 1}");
    Path missingFolder = scratch.resolve("no-such-folder").resolve("checkpoint.json");

    Result missing =
        run("verify", "--checkpoint", scratch.resolve("none.json").toString(), database());
    Result notACheckpoint = run("verify", "--checkpoint", garbage.toString(), database());
    Result unwritable = run("verify", "--export-checkpoint", missingFolder.toString(), database());

    assertThat(missing.exitCode()).isEqualTo(RecordCommands.FILE);
    assertThat(missing.err()).contains("none.json: no such file");
    assertThat(notACheckpoint.exitCode()).isEqualTo(RecordCommands.FILE);
    assertThat(notACheckpoint.err()).contains("not a checkpoint file").contains("format");
    assertThat(unwritable.exitCode()).isEqualTo(RecordCommands.FILE);
    assertThat(unwritable.err()).contains("does not exist");
    assertThat(missingFolder.getParent()).doesNotExist();
  }

  @Test
  void exitsThreeForADatabaseWithoutAnAsRunLog() {
    Result result = run("verify", "--spring.datasource.url=" + h2Url(scratch.resolve("empty")));

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(RecordCommands.DATABASE);
    assertThat(result.err()).contains("holds no as-run log");
  }

  @Test
  void takesOnlyCommandNamesAsCommands() {
    assertThat(RecordCommands.isCommand(new String[] {"verify"})).isTrue();
    assertThat(RecordCommands.isCommand(new String[] {"rebuild-index", "--x.y=z"})).isTrue();
    assertThat(RecordCommands.isCommand(new String[] {"--server.port=9090"})).isFalse();
    assertThat(RecordCommands.isCommand(new String[] {})).isFalse();
  }

  private record Result(int exitCode, String out, String err) {}

  /** Runs {@code verify --export-checkpoint checkpoint --signing-key key} on the app's database. */
  private static Result exportSigned(Path checkpoint, Path key) {
    return run(
        "verify",
        "--export-checkpoint",
        checkpoint.toString(),
        "--signing-key",
        key.toString(),
        database());
  }

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = RecordCommands.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(exitCode, out.toString(), err.toString());
  }

  private static String database() {
    return "--spring.datasource.url=" + DATABASE_URL;
  }

  private static String database(Path folder) {
    return "--spring.datasource.url=" + h2Url(folder);
  }

  private static JdbcTemplate h2(Path folder) {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(h2Url(folder));
    h2.setUser("sa");
    return new JdbcTemplate(h2);
  }

  private static String h2Url(Path folder) {
    return "jdbc:h2:file:" + folder.resolve("asrun").toAbsolutePath();
  }

  /** A run of the daily start-up with its first step done. */
  private String startedRun() {
    String run = runtimeService.startProcessInstanceByKey("sop_daily_startup").getId();
    completeNextStep(run);
    return run;
  }

  private void completeNextStep(String run) {
    Task task =
        taskService
            .createTaskQuery()
            .processInstanceId(run)
            .orderByTaskCreateTime()
            .asc()
            .list()
            .get(0);
    taskService.complete(task.getId(), Map.of("asrun_outcome", "done", "temperature_ok", true));
  }

  /** An online backup of the app's database as it is now (H2's BACKUP: a zip of its file). */
  private Path backup() {
    Path zip = scratch.resolve("backup-" + System.nanoTime() + ".zip");
    jdbc.execute("BACKUP TO '" + zip + "'");
    return zip;
  }

  /** The backup unpacked into a folder of its own, as a database restored from it. */
  private Path restore(Path zip) {
    Path folder = scratch.resolve("restored-" + System.nanoTime());
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      Files.createDirectories(folder);
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        Files.copy(in, folder.resolve(Path.of(entry.getName()).getFileName()));
      }
    } catch (IOException e) {
      throw new AssertionError("cannot restore " + zip, e);
    }
    return folder;
  }

  /** Every row of every table of the run index, as text, sorted. */
  private List<List<String>> indexRows() {
    List<String> tables =
        jdbc.queryForList(
            "SELECT table_name FROM information_schema.tables"
                + " WHERE LOWER(table_name) LIKE 'asrun_run%' ORDER BY table_name",
            String.class);
    assertThat(tables).isNotEmpty();
    List<List<String>> rows = new ArrayList<>();
    for (String table : tables) {
      List<String> tableRows =
          jdbc.query(
              "SELECT * FROM " + table,
              (row, n) -> {
                StringBuilder text = new StringBuilder(table);
                for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
                  text.append('|').append(row.getString(column));
                }
                return text.toString();
              });
      rows.add(Stream.of(tableRows.toArray(String[]::new)).sorted().toList());
    }
    return rows;
  }

  private static Path scratchFolder(String prefix) {
    try {
      return Files.createTempDirectory(Path.of("target"), prefix);
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
