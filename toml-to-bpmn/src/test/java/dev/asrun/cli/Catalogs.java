package dev.asrun.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Writable copies of fixture catalogs, for tests that change a procedure between runs. */
final class Catalogs {

  private Catalogs() {}

  /** Copies the fixture folder {@code cli/<name>} into {@code target} and returns the copy. */
  static Path copy(String name, Path target) throws IOException {
    Path source = CliRun.fixture(name);
    Path copy = Files.createDirectories(target.resolve(name));
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    return copy;
  }

  /** Replaces the first occurrence of {@code from} in a file of the catalog. */
  static void edit(Path catalog, String file, String from, String to) throws IOException {
    Path path = catalog.resolve(file);
    String text = Files.readString(path);
    if (!text.contains(from)) {
      throw new IllegalArgumentException(file + " does not contain " + from);
    }
    Files.writeString(path, text.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to)));
  }
}
