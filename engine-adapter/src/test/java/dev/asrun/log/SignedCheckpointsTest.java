package dev.asrun.log;

import static dev.asrun.log.Events.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class SignedCheckpointsTest {

  private static TestDatabases databases;

  @TempDir Path folder;
  @TempDir Path keys;

  @BeforeAll
  static void startDatabases() throws Exception {
    databases = TestDatabases.start();
  }

  @AfterAll
  static void stopDatabases() throws Exception {
    databases.close();
  }

  private KeyPair keyPair() throws Exception {
    KeyPair pair = CheckpointSignature.generateKeyPair();
    CheckpointSignature.writeKeyPair(
        pair, keys.resolve("checkpoint.key"), keys.resolve("checkpoint.pub"));
    return pair;
  }

  private List<Path> checkpointFiles() throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.sorted().toList();
    }
  }

  @OnBothDatabases
  void writesSignedCheckpointsThatSortByTimeAndVerifyTheLog(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    keyPair();
    SignedCheckpoints checkpoints =
        SignedCheckpoints.of(db.dataSource(), folder, keys.resolve("checkpoint.key"));
    EventLog log = new EventLog();
    db.inTransaction(c -> log.append(c, step("run-1", "step_1")));
    Path first = checkpoints.take();
    db.inTransaction(c -> log.append(c, step("run-1", "step_2")));
    Path second = checkpoints.take();

    assertThat(checkpointFiles())
        .containsExactly(
            first, CheckpointSignature.signatureFile(first),
            second, CheckpointSignature.signatureFile(second));
    assertThat(first.getFileName().toString()).matches("checkpoint-\\d{8}T\\d{6}\\.\\d{6}Z\\.json");
    for (Path file : List.of(first, second)) {
      CheckpointSignature.verify(
          file, CheckpointSignature.readPublicKey(keys.resolve("checkpoint.pub")));
      assertThat(db.verify(Checkpoint.read(file)).ok()).isTrue();
    }
    assertThat(Checkpoint.read(first).heads())
        .extracting(Checkpoint.Head::streamSeq)
        .containsExactly(1L);
    assertThat(Checkpoint.read(second).heads())
        .extracting(Checkpoint.Head::streamSeq)
        .containsExactly(2L);
  }

  @OnBothDatabases
  void neverOverwritesACheckpointAlreadyInTheFolder(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    keyPair();
    SignedCheckpoints checkpoints =
        SignedCheckpoints.of(db.dataSource(), folder, keys.resolve("checkpoint.key"));
    Instant at = Instant.parse("2026-12-06T02:03:04.123456Z");
    Path written = checkpoints.write(new Checkpoint(at, List.of()));
    byte[] content = Files.readAllBytes(written);
    byte[] signature = Files.readAllBytes(CheckpointSignature.signatureFile(written));

    Checkpoint.Head other = new Checkpoint.Head("run:x", 1, null, "0".repeat(64));
    assertThatThrownBy(() -> checkpoints.write(new Checkpoint(at, List.of(other))))
        .isInstanceOf(FileAlreadyExistsException.class);

    assertThat(written.getFileName().toString())
        .isEqualTo("checkpoint-20261206T020304.123456Z.json");
    assertThat(Files.readAllBytes(written)).isEqualTo(content);
    assertThat(Files.readAllBytes(CheckpointSignature.signatureFile(written))).isEqualTo(signature);
    assertThat(checkpointFiles()).hasSize(2);
  }

  @OnBothDatabases
  void refusesAFolderThatDoesNotExistOrAKeyThatIsNotAPrivateKey(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    keyPair();

    assertThatThrownBy(
            () ->
                SignedCheckpoints.of(
                    db.dataSource(), folder.resolve("missing"), keys.resolve("checkpoint.key")))
        .hasMessageContaining("missing")
        .hasMessageContaining("does not exist");
    assertThatThrownBy(
            () -> SignedCheckpoints.of(db.dataSource(), folder, keys.resolve("checkpoint.pub")))
        .isInstanceOf(CheckpointSignature.SignatureException.class)
        .hasMessageContaining("checkpoint.pub");
  }
}
