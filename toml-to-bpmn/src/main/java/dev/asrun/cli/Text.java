package dev.asrun.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Turns exceptions and text from outside (files, the engine) into safe one-line messages. */
final class Text {

  private static final int MAX_LENGTH = 500;

  private Text() {}

  /**
   * The text on one line, with control characters (terminal escapes included) replaced, and cut
   * to a readable length: for anything that came from a file or over the network.
   */
  static String oneLine(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH + 1));
    boolean space = false;
    int i = 0;
    for (; i < text.length() && out.length() < MAX_LENGTH; i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        space = out.length() > 0;
        continue;
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      out.append(Character.isISOControl(c) ? '\uFFFD' : c);
    }
    return text.substring(i).isBlank() ? out.toString() : out + "...";
  }

  /** What went wrong in a file operation, in words, without the exception's class name. */
  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return oneLine(fse.getReason());
    }
    return firstMessage(e);
  }

  /** The first message in the cause chain, or the innermost exception's kind when none has one. */
  static String firstMessage(Throwable e) {
    Throwable innermost = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return oneLine(t.getMessage());
      }
      innermost = t;
    }
    return innermost.getClass().getSimpleName();
  }
}
