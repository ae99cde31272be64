package dev.asrun.examples.commands;

/** A command could not do its work: the one-line message to print and the exit code to return. */
final class CommandFailure extends Exception {

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CommandFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
