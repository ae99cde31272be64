package dev.asrun.examples;

import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.CompiledProcedure;
import dev.asrun.compiler.ProcedureCompiler;
import dev.asrun.compiler.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The procedures this app serves, compiled once at startup: the built-in catalog (every {@code
 * procedures/*.toml} on the classpath) together with every {@code *.toml} in the folder named by
 * {@code asrun.procedures-dir}. They compile as one catalog, so references may cross between the
 * two; any error stops startup with a {@link ProcedureCatalogException}.
 */
@Component
class ProcedureCatalog {

  static final String BUILT_IN = "classpath:procedures/*.toml";
  static final String FOLDER_PROPERTY = "asrun.procedures-dir";

  private static final Logger LOG = LoggerFactory.getLogger(ProcedureCatalog.class);

  private final List<CompiledProcedure> procedures;

  ProcedureCatalog(@Value("${" + FOLDER_PROPERTY + ":}") String folder) {
    List<Source> sources = new ArrayList<>(builtInSources());
    int builtIn = sources.size();
    if (!folder.isBlank()) {
      sources.addAll(folderSources(Path.of(folder)));
    }
    CompilationResult result = ProcedureCompiler.compile(sources);
    if (!result.ok()) {
      throw ProcedureCatalogException.invalid(result.diagnostics());
    }
    procedures = result.procedures();
    LOG.info(
        "Compiled {} procedures ({} built-in, {} from {})",
        procedures.size(),
        builtIn,
        sources.size() - builtIn,
        folder.isBlank() ? "no " + FOLDER_PROPERTY : folder);
  }

  /** The compiled procedures in id order. */
  List<CompiledProcedure> procedures() {
    return procedures;
  }

  private static List<Source> builtInSources() {
    try {
      Resource[] resources =
          new PathMatchingResourcePatternResolver(ProcedureCatalog.class.getClassLoader())
              .getResources(BUILT_IN);
      List<Source> sources = new ArrayList<>();
      for (Resource resource :
          Arrays.stream(resources).sorted(Comparator.comparing(Resource::getFilename)).toList()) {
        sources.add(
            new Source(
                resource.getFilename(), resource.getContentAsString(StandardCharsets.UTF_8)));
      }
      return sources;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in catalog " + BUILT_IN, e);
    }
  }

  private static List<Source> folderSources(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw ProcedureCatalogException.notAFolder(folder);
    }
    try {
      return ProcedureCompiler.readSources(List.of(folder));
    } catch (IOException e) {
      throw ProcedureCatalogException.unreadable(folder, e);
    }
  }
}
