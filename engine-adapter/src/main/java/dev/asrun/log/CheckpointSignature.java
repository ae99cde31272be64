package dev.asrun.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 signatures over checkpoint files, so that a checkpoint proves who took it: someone who
 * can rewrite the database and the checkpoint folder still cannot produce a checkpoint that
 * verifies without the private key.
 *
 * <p>The signature is detached: {@code F.sig} beside the checkpoint {@code F} holds the base64
 * Ed25519 signature over the exact bytes of {@code F}. Keys are PEM files: the private key as
 * PKCS#8 ({@code PRIVATE KEY}), the public key as X.509 SubjectPublicKeyInfo ({@code PUBLIC KEY}).
 * Verification takes the public key from the verifier, never from the checkpoint, since a forger
 * who re-signs would also replace a key shipped with the file.
 */
public final class CheckpointSignature {

  /** The JDK's name of the algorithm, for key generation, key factories and signatures. */
  static final String ALGORITHM = "Ed25519";

  /** The suffix of a checkpoint's detached signature file. */
  public static final String SUFFIX = ".sig";

  private CheckpointSignature() {}

  /** Thrown when a key or signature file is unreadable or a signature does not match. */
  public static final class SignatureException extends IOException {
    private static final long serialVersionUID = 1L;

    SignatureException(String message) {
      super(message);
    }
  }

  /** A new Ed25519 key pair. */
  public static KeyPair generateKeyPair() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no " + ALGORITHM, e);
    }
  }

  /** Writes the private key (PKCS#8 PEM) and the public key (X.509 PEM), each atomically. */
  public static void writeKeyPair(KeyPair pair, Path privateKeyFile, Path publicKeyFile)
      throws IOException {
    writeAtomically(privateKeyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    writeAtomically(publicKeyFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
  }

  /** Reads a PKCS#8 PEM private key written by {@link #writeKeyPair}. */
  public static PrivateKey readPrivateKey(Path file) throws IOException {
    byte[] der = unpem(file, "PRIVATE KEY");
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new SignatureException(file + ": not an " + ALGORITHM + " PKCS#8 private key");
    }
  }

  /** Reads an X.509 PEM public key written by {@link #writeKeyPair}. */
  public static PublicKey readPublicKey(Path file) throws IOException {
    byte[] der = unpem(file, "PUBLIC KEY");
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new SignatureException(file + ": not an " + ALGORITHM + " X.509 public key");
    }
  }

  /** The signature file of {@code checkpointFile}: the same name with {@value #SUFFIX}. */
  public static Path signatureFile(Path checkpointFile) {
    Path absolute = checkpointFile.toAbsolutePath();
    return absolute.resolveSibling(absolute.getFileName() + SUFFIX);
  }

  /** Signs the bytes of {@code checkpointFile} and writes the signature file atomically. */
  public static void sign(Path checkpointFile, PrivateKey key) throws IOException {
    writeAtomically(
        signatureFile(checkpointFile), signature(Files.readAllBytes(checkpointFile), key));
  }

  /**
   * The content of the signature file of a checkpoint file holding {@code content}: the base64
   * Ed25519 signature and a line end, as {@link #sign} writes it.
   */
  public static String signature(byte[] content, PrivateKey key) throws SignatureException {
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(key);
      signer.update(content);
      return Base64.getEncoder().encodeToString(signer.sign()) + "\n";
    } catch (GeneralSecurityException e) {
      throw new SignatureException("cannot sign with the given key: " + e.getMessage());
    }
  }

  /**
   * Checks that {@code checkpointFile}'s signature file holds a valid signature of its bytes by the
   * private key of {@code key}.
   *
   * @throws SignatureException naming the file when the signature is missing, unreadable or does
   *     not match
   */
  public static void verify(Path checkpointFile, PublicKey key) throws IOException {
    Path signatureFile = signatureFile(checkpointFile);
    if (!Files.isRegularFile(signatureFile)) {
      throw new SignatureException(
          checkpointFile + ": unsigned: expected its signature in " + signatureFile);
    }
    byte[] signature;
    try {
      signature =
          Base64.getDecoder()
              .decode(Files.readString(signatureFile, StandardCharsets.US_ASCII).strip());
    } catch (IllegalArgumentException e) {
      throw new SignatureException(signatureFile + ": expected a base64 signature");
    }
    boolean valid;
    try {
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(key);
      verifier.update(Files.readAllBytes(checkpointFile));
      valid = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      valid = false;
    }
    if (!valid) {
      throw new SignatureException(
          checkpointFile
              + ": bad signature: the file or "
              + signatureFile.getFileName()
              + " was changed, or it was signed with another key");
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static byte[] unpem(Path file, String type) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    if (!text.startsWith(begin) || !text.endsWith(end)) {
      throw new SignatureException(file + ": expected a PEM file (" + begin + " ... " + end + ")");
    }
    try {
      return Base64.getMimeDecoder()
          .decode(text.substring(begin.length(), text.length() - end.length()));
    } catch (IllegalArgumentException e) {
      throw new SignatureException(file + ": the PEM body is not base64");
    }
  }

  private static void writeAtomically(Path file, String content) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
    Files.writeString(partial, content, StandardCharsets.US_ASCII);
    try {
      Files.move(
          partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
