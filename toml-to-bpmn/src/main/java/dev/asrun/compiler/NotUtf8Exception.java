package dev.asrun.compiler;

import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.Objects;

/** A procedure file that is not UTF-8 text; the message names the file. */
public final class NotUtf8Exception extends CharacterCodingException {
  private final Path file;

  public NotUtf8Exception(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  public Path file() {
    return file;
  }

  @Override
  public String getMessage() {
    return file + ": not UTF-8 text; procedure files must be saved as UTF-8";
  }
}
