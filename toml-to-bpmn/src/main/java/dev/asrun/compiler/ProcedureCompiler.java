package dev.asrun.compiler;

import dev.asrun.compiler.bpmn.BpmnEmitter;
import dev.asrun.compiler.model.Procedure;
import dev.asrun.compiler.parse.CatalogValidator;
import dev.asrun.compiler.parse.ParsedProcedure;
import dev.asrun.compiler.parse.ProcedureReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The whole pipeline, in order: parse each file (TOML to a procedure model, with every error of
 * the file), validate the catalog (duplicate ids, references, cycles), lower and emit each
 * procedure as BPMN 2.0 XML with diagram interchange.
 */
public final class ProcedureCompiler {

  private ProcedureCompiler() {}

  /** Compiles a catalog given as files and folders (folders: every {@code *.toml} below them). */
  public static CompilationResult compilePaths(List<Path> paths) throws IOException {
    return compile(readSources(paths));
  }

  /** Compiles a catalog; references resolve among {@code sources} only. */
  public static CompilationResult compile(List<Source> sources) {
    Catalog catalog = check(sources);
    Map<String, String> texts = new HashMap<>();
    sources.forEach(s -> texts.putIfAbsent(s.name(), s.text()));
    List<CompiledProcedure> compiled =
        catalog.procedures().stream()
            .map(
                p ->
                    new CompiledProcedure(
                        p.id(), p.name(), p.source(), texts.get(p.source()), BpmnEmitter.emit(p)))
            .toList();
    return new CompilationResult(catalog.diagnostics(), compiled);
  }

  /** Parses and validates a catalog without emitting BPMN: the first two steps of {@link #compile}. */
  public static Catalog check(List<Source> sources) {
    List<Diagnostic> diagnostics = new ArrayList<>();
    List<ParsedProcedure> parsed = new ArrayList<>();
    Set<String> brokenIds = new HashSet<>();
    for (Source source : sources) {
      ProcedureReader.read(source, diagnostics, brokenIds).ifPresent(parsed::add);
    }
    CatalogValidator.validate(parsed, brokenIds, diagnostics);
    if (!diagnostics.isEmpty()) {
      return new Catalog(diagnostics, List.of());
    }
    return new Catalog(List.of(), parsed.stream()
        .map(ParsedProcedure::procedure)
        .sorted(Comparator.comparing(Procedure::id))
        .toList());
  }

  /**
   * Reads the files named, and every {@code *.toml} file below the folders named, in path order.
   *
   * @throws NoSuchFileException when a path does not exist
   * @throws NotUtf8Exception when a file is not UTF-8 text
   */
  public static List<Source> readSources(List<Path> paths) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".toml"))
              .sorted()
              .forEach(files::add);
        }
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        throw new NoSuchFileException(path.toString(), null, "no such file or folder");
      }
    }
    List<Source> sources = new ArrayList<>();
    for (Path file : files) {
      try {
        sources.add(new Source(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
      } catch (CharacterCodingException e) {
        throw new NotUtf8Exception(file);
      }
    }
    return sources;
  }
}
