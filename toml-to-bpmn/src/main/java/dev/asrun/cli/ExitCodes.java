package dev.asrun.cli;

/** The tool's exit codes, and the lines that document them in every command's usage help. */
final class ExitCodes {

  static final int OK = 0;
  static final int INVALID_INPUT = 1;
  static final int USAGE = 2;
  static final int ENGINE = 3;
  static final int IO = 4;
  static final int INTERNAL = 5;

  static final String HEADING = "%nExit codes:%n";
  static final String OK_LINE = "0:success";
  static final String INVALID_INPUT_LINE =
      "1:invalid procedure files (each error on stderr as file:line:col: ...)";
  static final String USAGE_LINE = "2:usage error (unknown option, missing or bad argument)";
  static final String ENGINE_LINE = "3:engine unreachable or deployment refused";
  static final String IO_LINE = "4:a file or folder could not be read or written";
  static final String INTERNAL_LINE = "5:internal error (a bug: please report the message)";

  private ExitCodes() {}
}
