package dev.asrun.compiler.golden;

import dev.asrun.compiler.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fixture catalogs under {@code src/test/resources}, read from the source tree (not the
 * class path) so that {@code -Dgolden.update=true} rewrites the files that are checked in.
 *
 * <p>A fixture is a single {@code .toml} file or a folder of them (a catalog); its sources are
 * named relative to the folder that holds them, so diagnostics read {@code a.toml:3:7: ...}.
 */
public final class Fixtures {

  private Fixtures() {}

  /** {@code src/test/resources} of this module. */
  public static Path resources() {
    Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path resources = base.resolve("src/test/resources");
    if (!Files.isDirectory(resources.resolve("golden"))) {
      throw new IllegalStateException("no fixtures at " + resources.toAbsolutePath()
          + "; run the tests from the toml-to-bpmn module folder");
    }
    return resources;
  }

  /** The golden catalogs: every folder under {@code golden/}, in name order. */
  public static List<Path> goldenCatalogs() {
    return children(resources().resolve("golden"), "", true);
  }

  /** The {@code valid-*} fixtures (files and catalog folders), in name order. */
  public static List<Path> validFixtures() {
    return children(resources().resolve("valid"), "valid-", false);
  }

  /** The {@code invalid-*} fixtures (files and catalog folders), in name order. */
  public static List<Path> invalidFixtures() {
    return children(resources().resolve("invalid"), "invalid-", false);
  }

  /** Every golden catalog and valid fixture: everything that must compile. */
  public static List<Path> compilingFixtures() {
    List<Path> all = new ArrayList<>(goldenCatalogs());
    all.addAll(validFixtures());
    return all;
  }

  /**
   * The sources of a fixture: the file itself, or every {@code .toml} file of the folder in path
   * order, each named relative to the folder.
   */
  public static List<Source> sources(Path fixture) {
    try {
      if (Files.isRegularFile(fixture)) {
        return List.of(new Source(fixture.getFileName().toString(),
            Files.readString(fixture, StandardCharsets.UTF_8)));
      }
      List<Source> sources = new ArrayList<>();
      try (Stream<Path> files = Files.walk(fixture)) {
        for (Path file : files.filter(p -> p.toString().endsWith(".toml")).sorted().toList()) {
          String name = fixture.relativize(file).toString().replace('\\', '/');
          sources.add(new Source(name, Files.readString(file, StandardCharsets.UTF_8)));
        }
      }
      return sources;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture's name: its file or folder name. */
  public static String name(Path fixture) {
    return fixture.getFileName().toString();
  }

  private static List<Path> children(Path folder, String prefix, boolean foldersOnly) {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith(prefix))
          .filter(p -> Files.isDirectory(p)
              || (!foldersOnly && p.getFileName().toString().endsWith(".toml")))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
