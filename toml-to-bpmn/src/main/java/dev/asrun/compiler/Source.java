package dev.asrun.compiler;

import java.util.Objects;

/**
 * One procedure file's text and the name diagnostics use for it.
 *
 * @param name the file name as shown in diagnostics, e.g. {@code sop_daily_startup.toml}
 * @param text the file's UTF-8 text
 */
public record Source(String name, String text) {
  public Source {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(text, "text");
  }
}
