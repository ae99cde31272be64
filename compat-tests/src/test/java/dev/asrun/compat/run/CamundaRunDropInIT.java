package dev.asrun.compat.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.compat.AsRunChecks;
import dev.asrun.compat.LineCheck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop-in for Camunda Run: the jars {@code mvn package} leaves in {@code
 * examples/target/asrun-userlib/}, copied into {@code configuration/userlib} of a Camunda-Run-like
 * app ({@link RunLikeApp}) that holds nothing of the project, are all it takes: a run deployed with
 * the compiler and worked through the engine REST API is recorded, verified, served by {@code
 * /asrun/api/v1} to the engine's users and drawn by the Cockpit plugin in a browser, and the {@code
 * asrun.*} setting in Run's {@code default.yml} holds. The folder holds no jar the app ships
 * itself.
 */
class CamundaRunDropInIT {

  private static final Path USERLIB = Path.of(System.getProperty("asrun.userlib"));
  private static final Path RUN_LIKE_JAR = Path.of(System.getProperty("asrun.runLikeJar"));

  @Test
  void theUserlibFolderAloneAddsTheRecordTheApiAndCockpitToARunLikeApp(@TempDir Path home)
      throws Exception {
    assertThat(USERLIB).as("the drop-in; run `mvn package` (examples)").isDirectory();
    Set<String> dropIn = artifacts(jarNames(USERLIB));
    Set<String> shipped = artifacts(libraryNames(RUN_LIKE_JAR));
    assertThat(dropIn).contains("engine-adapter", "webapp-plugin", "procedure-contract");
    assertThat(shipped)
        .as("the Run-like app ships Camunda, Spring and H2, nothing of the project")
        .contains("camunda-engine", "spring-webmvc", "h2")
        .doesNotContain("engine-adapter", "webapp-plugin", "procedure-contract", "flyway-core");
    assertThat(dropIn).as("drop-in jars the app ships itself").doesNotContainAnyElementsOf(shipped);

    Path configuration = Files.createDirectories(home.resolve("configuration"));
    Path userlib = Files.createDirectories(configuration.resolve("userlib"));
    for (String jar : jarNames(USERLIB)) {
      Files.copy(USERLIB.resolve(jar), userlib.resolve(jar));
    }
    try (InputStream defaults = getClass().getResourceAsStream("/run/default.yml")) {
      Files.copy(defaults, configuration.resolve("default.yml"));
    }

    try (RunLikeApp app = RunLikeApp.start(RUN_LIKE_JAR, home)) {
      assertThat(app.log()).doesNotContain("no schema history table");
      LineCheck.deploy(app.base());
      EngineRest engine = new EngineRest(app.base());
      String processInstanceId = engine.start(LineCheck.ID);
      for (String step : LineCheck.STEPS) {
        engine.done(processInstanceId, step);
      }

      AsRunChecks checks = new AsRunChecks(app.base());
      String runId = checks.completedRun(processInstanceId);
      checks.logVerifies();
      checks.reportIsPdf(runId);
      checks.cockpitDrawsRun(runId, "camunda-run");
      checks.refusesBodiesLargerThan(4 * 1024);
      checks.refusesCallersWithoutLogin();
    }
  }

  private static List<String> jarNames(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(n -> n.endsWith(".jar"))
          .sorted()
          .toList();
    }
  }

  /** The names of the libraries in the Spring Boot jar's {@code BOOT-INF/lib/}. */
  private static List<String> libraryNames(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream()
          .map(ZipEntry::getName)
          .filter(name -> name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar"))
          .map(name -> name.substring("BOOT-INF/lib/".length()))
          .toList();
    }
  }

  /** Artifact ids of jar file names: {@code flyway-core-11.7.2.jar} is {@code flyway-core}. */
  private static Set<String> artifacts(List<String> jarNames) {
    return jarNames.stream()
        .map(name -> name.replaceFirst("-\\d[^-]*(-SNAPSHOT)?\\.jar$", ""))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
