package dev.asrun.examples.commands;

import dev.asrun.log.CheckpointSignature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code checkpoint-key --out DIR}: generates the Ed25519 key pair that signs checkpoints ({@link
 * CheckpointSignature}), {@code DIR/checkpoint.key} (PKCS#8 PEM, to keep outside the database) and
 * {@code DIR/checkpoint.pub} (X.509 PEM, for whoever verifies). It never replaces a key: losing the
 * old private key would leave the checkpoints signed with it without a matching key.
 */
@Command(
    name = "checkpoint-key",
    header = "Generate the Ed25519 key pair that signs checkpoints.",
    description = {
      "Writes DIR/checkpoint.key (the private key, PKCS#8 PEM: keep it outside the database,"
          + " readable only by the account that takes checkpoints) and DIR/checkpoint.pub (the"
          + " public key, X.509 PEM: give it to verify --public-key). Refuses to replace either."
    },
    sortOptions = false,
    synopsisHeading = "%nUsage: ")
final class CheckpointKeyCommand implements Callable<Integer> {

  /** The private key's file name in {@code --out}. */
  static final String PRIVATE_KEY = "checkpoint.key";

  /** The public key's file name in {@code --out}. */
  static final String PUBLIC_KEY = "checkpoint.pub";

  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = RecordCommands.HELP)
  boolean help;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      required = true,
      description = "The existing folder to write checkpoint.key and checkpoint.pub into.")
  Path folder;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path privateKey = folder.resolve(PRIVATE_KEY);
    Path publicKey = folder.resolve(PUBLIC_KEY);
    try {
      if (!Files.isDirectory(folder)) {
        err.println(spec.qualifiedName() + ": " + folder + " is not an existing folder");
        return RecordCommands.FILE;
      }
      for (Path file : new Path[] {privateKey, publicKey}) {
        if (Files.exists(file)) {
          err.println(
              spec.qualifiedName() + ": " + file + " exists; move it away to make a new key pair");
          return RecordCommands.FILE;
        }
      }
      CheckpointSignature.writeKeyPair(
          CheckpointSignature.generateKeyPair(), privateKey, publicKey);
      out.println("Wrote the private key " + privateKey + " and the public key " + publicKey + ".");
      return RecordCommands.OK;
    } catch (IOException e) {
      err.println(
          spec.qualifiedName() + ": cannot write the key pair: " + DatabaseCommand.describe(e));
      return RecordCommands.FILE;
    } finally {
      out.flush();
      err.flush();
    }
  }
}
