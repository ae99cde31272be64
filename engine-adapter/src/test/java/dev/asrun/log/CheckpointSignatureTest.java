package dev.asrun.log;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointSignatureTest {

  @TempDir Path files;

  private Path checkpoint() throws Exception {
    Path file = files.resolve("checkpoint.json");
    Files.writeString(file, "{\"format\":\"asrun-checkpoint-v1\"}", StandardCharsets.UTF_8);
    return file;
  }

  private KeyPair keysIn(String name) throws Exception {
    KeyPair pair = CheckpointSignature.generateKeyPair();
    CheckpointSignature.writeKeyPair(
        pair, files.resolve(name + ".key"), files.resolve(name + ".pub"));
    return pair;
  }

  @Test
  void acceptsACheckpointSignedWithTheMatchingKeyReadBackFromPem() throws Exception {
    keysIn("owner");
    Path file = checkpoint();
    CheckpointSignature.sign(file, CheckpointSignature.readPrivateKey(files.resolve("owner.key")));

    assertThatCode(
            () ->
                CheckpointSignature.verify(
                    file, CheckpointSignature.readPublicKey(files.resolve("owner.pub"))))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsACheckpointChangedAfterSigning() throws Exception {
    KeyPair pair = keysIn("owner");
    Path file = checkpoint();
    CheckpointSignature.sign(file, pair.getPrivate());
    Files.writeString(file, "{\"format\":\"asrun-checkpoint-v1\",\"heads\":[]}");

    assertThatThrownBy(() -> CheckpointSignature.verify(file, pair.getPublic()))
        .isInstanceOf(CheckpointSignature.SignatureException.class)
        .hasMessageContaining("bad signature");
  }

  @Test
  void rejectsACheckpointResignedWithAnotherKey() throws Exception {
    KeyPair owner = keysIn("owner");
    KeyPair forger = keysIn("forger");
    Path file = checkpoint();
    CheckpointSignature.sign(file, forger.getPrivate());

    assertThatThrownBy(() -> CheckpointSignature.verify(file, owner.getPublic()))
        .isInstanceOf(CheckpointSignature.SignatureException.class)
        .hasMessageContaining("signed with another key");
  }

  @Test
  void rejectsAnUnsignedCheckpoint() throws Exception {
    KeyPair pair = keysIn("owner");
    Path file = checkpoint();

    assertThatThrownBy(() -> CheckpointSignature.verify(file, pair.getPublic()))
        .isInstanceOf(CheckpointSignature.SignatureException.class)
        .hasMessageContaining("unsigned");
  }

  @Test
  void rejectsAPublicKeyFileThatIsNotPem() throws Exception {
    Path notPem = files.resolve("not.pub");
    Files.writeString(notPem, "hello");

    assertThatThrownBy(() -> CheckpointSignature.readPublicKey(notPem))
        .isInstanceOf(CheckpointSignature.SignatureException.class)
        .hasMessageContaining("expected a PEM file");
  }
}
