package dev.asrun.examples.commands;

import dev.asrun.index.IndexCheck;
import dev.asrun.log.Checkpoint;
import dev.asrun.log.CheckpointSignature;
import dev.asrun.log.LogVerifier;
import dev.asrun.log.VerifyReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.SQLException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code verify [--checkpoint FILE [--public-key KEY]] [--export-checkpoint FILE [--signing-key
 * KEY]]}: walks every hash chain of the log ({@link LogVerifier}), optionally against a checkpoint
 * taken earlier, and prints the first bad event of each damaged stream. With {@code --public-key}
 * the checkpoint is trusted only if its detached signature ({@link CheckpointSignature}) verifies
 * with that key, which the operator gives: a key shipped with the checkpoint would prove nothing.
 * Reads the log, the stream heads and a new checkpoint in one repeatable-read transaction, so the
 * checkpoint written is the state that was verified; it is written only when the log verified
 * clean. Then, in a second transaction rolled back, compares the run index with a rebuild from the
 * log ({@link IndexCheck}) and names the first row that differs (exit code 6).
 */
@Command(
    name = "verify",
    header = "Verify the as-run log's hash chains, optionally against a checkpoint.",
    description = {
      "Walks every stream of the as-run log in the app's database and names the first bad event of"
          + " each damaged stream and the kind of damage: edited, deleted, inserted, reordered,"
          + " truncated.",
      "With --checkpoint, also checks that every stream head recorded in that file is still in"
          + " the log (a database restored to an older backup shows as truncated). With"
          + " --export-checkpoint, writes the heads verified to a file, only if the log is intact;"
          + " keep it where the database's administrators cannot change it.",
      "When the log is intact, also rebuilds the run index from it (in a transaction rolled back:"
          + " nothing changes) and compares: a row of asrun_run, asrun_run_step, ... that differs"
          + " is named with its table, run, key, column, stored and rebuilt value (exit code 6).",
      "With --public-key, the checkpoint's signature (FILE.sig) must verify with that Ed25519"
          + " public key (PEM), else exit code 4; with --signing-key, the exported checkpoint is"
          + " signed with that private key (PKCS#8 PEM) into FILE.sig.",
      "The database is the app's, as configured: H2 in ./data by default; for PostgreSQL add"
          + " the app's profile, --spring.profiles.active=postgres; or name any database with"
          + " --spring.datasource.url=..."
    })
final class VerifyCommand extends DatabaseCommand {

  @Option(
      names = "--checkpoint",
      paramLabel = "FILE",
      description = "A checkpoint written by --export-checkpoint earlier, to verify against.")
  Path checkpointFile;

  @Option(
      names = "--export-checkpoint",
      paramLabel = "FILE",
      description =
          "Write every stream's head to FILE once the log verified clean (replacing FILE whole).")
  Path exportFile;

  @Option(
      names = "--public-key",
      paramLabel = "KEY",
      description =
          "The Ed25519 public key (PEM) the --checkpoint file's signature (FILE.sig) must verify"
              + " with; a missing or bad signature is exit code 4.")
  Path publicKeyFile;

  @Option(
      names = "--signing-key",
      paramLabel = "KEY",
      description =
          "The Ed25519 private key (PKCS#8 PEM) to sign the --export-checkpoint file with, into"
              + " FILE.sig.")
  Path signingKeyFile;

  private Checkpoint checkpoint;

  private PrivateKey signingKey;

  @Override
  void prepare() throws CommandFailure {
    if (publicKeyFile != null && checkpointFile == null) {
      throw new CommandFailure(
          RecordCommands.USAGE, "--public-key checks a --checkpoint FILE: give one");
    }
    if (signingKeyFile != null && exportFile == null) {
      throw new CommandFailure(
          RecordCommands.USAGE, "--signing-key signs an --export-checkpoint FILE: give one");
    }
    if (checkpointFile != null) {
      checkpoint = readCheckpoint(checkpointFile);
      if (publicKeyFile != null) {
        verifySignature(checkpointFile, publicKeyFile);
      }
    }
    if (signingKeyFile != null) {
      try {
        signingKey = CheckpointSignature.readPrivateKey(signingKeyFile);
      } catch (IOException e) {
        throw new CommandFailure(
            RecordCommands.FILE,
            "cannot read the signing key " + signingKeyFile + ": " + fileProblem(e));
      }
    }
    if (exportFile != null) {
      Path folder = exportFile.toAbsolutePath().getParent();
      if (Files.isDirectory(exportFile)
          || !Files.isDirectory(folder)
          || !Files.isWritable(folder)) {
        throw new CommandFailure(
            RecordCommands.FILE,
            "cannot write the checkpoint to "
                + exportFile
                + ": "
                + (Files.isDirectory(exportFile)
                    ? "it is a folder"
                    : Files.isDirectory(folder)
                        ? "its folder is not writable"
                        : "its folder " + folder + " does not exist"));
      }
    }
  }

  @Override
  int run(Connection connection, String url, PrintWriter out) throws CommandFailure, SQLException {
    Checkpoint taken = null;
    VerifyReport report;
    connection.setAutoCommit(false);
    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    try {
      if (exportFile != null) {
        taken = Checkpoint.take(connection);
      }
      report = new LogVerifier().verify(connection, checkpoint);
    } finally {
      connection.rollback();
    }

    out.println(
        "Verified the as-run log in "
            + oneLine(url)
            + ": "
            + count(report.streams(), "stream")
            + ", "
            + count(report.events(), "event")
            + ".");
    if (checkpoint != null) {
      out.println(
          "Against the checkpoint "
              + checkpointFile
              + " taken at "
              + checkpoint.takenAt()
              + " ("
              + count(checkpoint.heads().size(), "stream")
              + ")"
              + (publicKeyFile == null
                  ? ", unsigned or not checked (give --public-key to check its signature)."
                  : ", its signature verified with " + publicKeyFile + "."));
    }
    if (!report.ok()) {
      out.println(
          "DAMAGED: "
              + count(report.problems().size(), "stream")
              + " of "
              + report.streams()
              + " (the first bad event of each):");
      for (VerifyReport.Problem problem : report.problems()) {
        out.println("  " + describe(problem));
      }
      if (exportFile != null) {
        out.println("No checkpoint written to " + exportFile + ": the log is damaged.");
      }
      out.println(
          "The run index was not compared with a rebuild: the log it comes from is damaged.");
      return RecordCommands.DAMAGED;
    }
    out.println("OK: every chain is intact.");
    IndexCheck.Result index = compareIndex(connection);
    if (taken != null) {
      writeCheckpoint(taken);
      out.println(
          "Checkpoint of "
              + count(taken.heads().size(), "stream")
              + " written to "
              + exportFile
              + " (taken at "
              + taken.takenAt()
              + ")"
              + (signingKey == null
                  ? "."
                  : ", signed into " + CheckpointSignature.signatureFile(exportFile) + "."));
    }
    if (!index.ok()) {
      out.println(
          "INDEX DIFFERS: "
              + count(index.differingRows(), "row")
              + " of the run index (which the API, Cockpit and the exports serve) differ from a"
              + " rebuild from the log; the first:");
      out.println("  " + oneLine(index.first().orElseThrow().describe()));
      out.println("The log is the record: find out who changed the index, then run rebuild-index.");
      return RecordCommands.INDEX_DIFFERS;
    }
    out.println(
        "OK: the run index ("
            + count(index.storedRows(), "row")
            + ") is what a rebuild from the log makes.");
    return RecordCommands.OK;
  }

  /**
   * Compares the run index with a rebuild from the log ({@link IndexCheck}) in a transaction of its
   * own, rolled back: the index is left as it was.
   */
  private static IndexCheck.Result compareIndex(Connection connection) throws SQLException {
    try {
      return IndexCheck.compare(connection);
    } finally {
      connection.rollback();
    }
  }

  /** One problem on one line: stream, seq, event_id, kind, position and what the verifier saw. */
  static String describe(VerifyReport.Problem problem) {
    return "stream "
        + oneLine(problem.stream())
        + "  seq "
        + (problem.seq() == null ? "-" : problem.seq())
        + "  event_id "
        + (problem.eventId() == null ? "-" : problem.eventId())
        + "  "
        + problem.kind().wireName()
        + " at stream_seq "
        + problem.streamSeq()
        + ": "
        + oneLine(problem.detail());
  }

  private static Checkpoint readCheckpoint(Path file) throws CommandFailure {
    if (!Files.isRegularFile(file)) {
      throw new CommandFailure(
          RecordCommands.FILE,
          "cannot read the checkpoint "
              + file
              + ": "
              + (Files.isDirectory(file) ? "it is a folder" : "no such file"));
    }
    try {
      return Checkpoint.read(file);
    } catch (Checkpoint.FormatException e) {
      throw new CommandFailure(
          RecordCommands.FILE, "not a checkpoint file: " + oneLine(e.getMessage()));
    } catch (IOException e) {
      throw new CommandFailure(
          RecordCommands.FILE, "cannot read the checkpoint " + file + ": " + fileProblem(e));
    }
  }

  private static void verifySignature(Path checkpointFile, Path publicKeyFile)
      throws CommandFailure {
    try {
      CheckpointSignature.verify(checkpointFile, CheckpointSignature.readPublicKey(publicKeyFile));
    } catch (CheckpointSignature.SignatureException e) {
      throw new CommandFailure(
          RecordCommands.FILE, "checkpoint not trusted: " + oneLine(e.getMessage()));
    } catch (IOException e) {
      throw new CommandFailure(
          RecordCommands.FILE,
          "cannot check the checkpoint's signature with " + publicKeyFile + ": " + fileProblem(e));
    }
  }

  private void writeCheckpoint(Checkpoint taken) throws CommandFailure {
    try {
      taken.write(exportFile);
      if (signingKey != null) {
        CheckpointSignature.sign(exportFile, signingKey);
      }
    } catch (IOException e) {
      throw new CommandFailure(
          RecordCommands.FILE,
          "the log is intact, but the checkpoint could not be written to "
              + exportFile
              + ": "
              + fileProblem(e));
    }
  }

  private static String fileProblem(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return describe(e);
  }
}
