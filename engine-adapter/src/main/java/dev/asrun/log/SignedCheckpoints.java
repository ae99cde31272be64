package dev.asrun.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Takes signed checkpoints of the log into a folder outside the database, one new pair of files per
 * {@link #take()}: {@code checkpoint-<UTC time>.json} ({@link Checkpoint}) and its detached
 * signature {@code checkpoint-<UTC time>.json.sig} ({@link CheckpointSignature}). The names sort by
 * the time taken (a fixed-width UTC time, {@code 20261206T020304.123456Z}).
 *
 * <p>Nothing is ever overwritten: each file is written under a temporary name and then linked to
 * its final name, which fails if that name exists, so a checkpoint already in the folder (perhaps
 * the one a verifier relies on) stays as it is. The signature is linked first, so every checkpoint
 * file a reader finds already has its signature beside it.
 *
 * <p>A scheduled checkpoint records the heads as they are; it does not verify the log (the {@code
 * verify} command does, against these files). Since the chains cannot be recomputed behind a
 * checkpoint without the change showing at its position, each checkpoint kept narrows what an
 * undetected rewrite could reach to the events appended after it.
 */
public final class SignedCheckpoints {

  /** The names' prefix; the checkpoint files are {@code checkpoint-*.json}. */
  public static final String PREFIX = "checkpoint-";

  /** The checkpoint files' suffix. */
  public static final String SUFFIX = ".json";

  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final DataSource dataSource;
  private final Path directory;
  private final PrivateKey key;

  private SignedCheckpoints(DataSource dataSource, Path directory, PrivateKey key) {
    this.dataSource = dataSource;
    this.directory = directory;
    this.key = key;
  }

  /**
   * Checkpoints of the log in {@code dataSource}'s database into {@code directory}, signed with the
   * Ed25519 private key in {@code keyFile} (PKCS#8 PEM, as {@code checkpoint-key} writes it).
   *
   * @throws IOException naming the file or folder when the key cannot be read, or the folder does
   *     not exist or is not writable
   */
  public static SignedCheckpoints of(DataSource dataSource, Path directory, Path keyFile)
      throws IOException {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(keyFile, "keyFile");
    if (!Files.isDirectory(directory)) {
      throw new IOException("the checkpoint folder " + directory + " does not exist");
    }
    if (!Files.isWritable(directory)) {
      throw new IOException("the checkpoint folder " + directory + " is not writable");
    }
    if (!Files.isRegularFile(keyFile)) {
      throw new IOException("the checkpoint signing key " + keyFile + " is not a file");
    }
    return new SignedCheckpoints(
        dataSource, directory.toAbsolutePath(), CheckpointSignature.readPrivateKey(keyFile));
  }

  /** The folder the checkpoints are written to. */
  public Path directory() {
    return directory;
  }

  /**
   * Takes a checkpoint now and writes it, with its signature, under a new name.
   *
   * @return the checkpoint file written
   * @throws FileAlreadyExistsException if a file of that name exists (then nothing is written)
   */
  public Path take() throws IOException, SQLException {
    Checkpoint checkpoint;
    try (Connection connection = dataSource.getConnection()) {
      checkpoint = Checkpoint.take(connection);
    }
    return write(checkpoint);
  }

  /** Writes {@code checkpoint} and its signature under the name of its time, never replacing. */
  Path write(Checkpoint checkpoint) throws IOException {
    Path file = directory.resolve(PREFIX + NAME_TIME.format(checkpoint.takenAt()) + SUFFIX);
    Path signatureFile = CheckpointSignature.signatureFile(file);
    if (Files.exists(file) || Files.exists(signatureFile)) {
      throw new FileAlreadyExistsException(file.toString(), null, "a checkpoint is there already");
    }
    byte[] content = checkpoint.toJson();
    writeNew(
        signatureFile,
        CheckpointSignature.signature(content, key).getBytes(StandardCharsets.US_ASCII));
    writeNew(file, content);
    return file;
  }

  /** Writes {@code file} whole under a temporary name, then links it, failing if it exists. */
  private static void writeNew(Path file, byte[] content) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Files.write(partial, content);
    try {
      Files.createLink(file, partial);
    } finally {
      Files.delete(partial);
    }
  }
}
