package dev.asrun.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The forms a procedure's runs can be exported in. */
public enum ExportFormat {
  /** One JSON object per line per run: the run's fields and its trace (JSON Lines). */
  JSONL("application/jsonl"),
  /** One row per trace entry, with the run's fields repeated, after a header row (RFC 4180). */
  CSV("text/csv"),
  /** An XES event log (IEEE 1849): a trace per run, an event per trace entry. */
  XES("application/xml");

  private final String mediaType;

  ExportFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The name in URLs and file names: lower case ({@code jsonl}, {@code csv}, {@code xes}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The content type the export is served as (always UTF-8). */
  public String mediaType() {
    return mediaType;
  }

  /**
   * The format named {@code name} (lower case).
   *
   * @throws IllegalArgumentException naming the valid names, if {@code name} is none of them
   */
  public static ExportFormat fromWireName(String name) {
    for (ExportFormat format : values()) {
      if (format.wireName().equals(name)) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "unknown export format '" + name + "'; valid: " + validNames());
  }

  /** The valid names, comma-separated. */
  public static String validNames() {
    return Arrays.stream(values()).map(ExportFormat::wireName).collect(Collectors.joining(", "));
  }
}
