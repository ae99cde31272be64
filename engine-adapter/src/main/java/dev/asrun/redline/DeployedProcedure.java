package dev.asrun.redline;

import dev.asrun.contract.ProcedureDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;

/**
 * A deployed version of a procedure, as compiled, with its TOML source where it was deployed beside
 * the BPMN ({@code <id>.toml}): in the definition's deployment, or, where a deployment of changed
 * resources only carried the BPMN, in the latest deployment of the same name up to it that holds
 * one (the source that was current when the definition was deployed). A definition deployed without
 * any has no source: its proposals are still made, without a patch.
 *
 * @param procedure the procedure as its BPMN says it
 * @param version its version label: the version tag, else the deployed version number
 * @param tomlName the source's resource name
 * @param toml the source, if deployed
 */
public record DeployedProcedure(
    ProcedureDefinition procedure, String version, String tomlName, Optional<String> toml) {

  public DeployedProcedure {
    Objects.requireNonNull(procedure, "procedure");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(tomlName, "tomlName");
    Objects.requireNonNull(toml, "toml");
  }

  /**
   * The procedure {@code key} in the version labelled {@code version} (its version tag, or its
   * deployed version number), else its latest; read without the caller's authentication (whether
   * the caller may read the procedure's runs is decided before, by READ_HISTORY).
   *
   * @return empty if no such version is deployed, or the process is no compiled procedure
   */
  public static Optional<DeployedProcedure> of(
      ProcessEngine engine, String key, Optional<String> version) {
    return unauthenticated(
        engine,
        () -> {
          RepositoryService repository = engine.getRepositoryService();
          List<ProcessDefinition> definitions =
              repository.createProcessDefinitionQuery().processDefinitionKey(key).list();
          Optional<ProcessDefinition> chosen =
              definitions.stream()
                  .filter(d -> version.isEmpty() || version.get().equals(label(d)))
                  .max(Comparator.comparingInt(ProcessDefinition::getVersion));
          return chosen.flatMap(d -> read(repository, d));
        });
  }

  /** The version labels deployed of {@code key}, newest first: for a message naming them. */
  public static List<String> versions(ProcessEngine engine, String key) {
    return unauthenticated(
        engine,
        () ->
            engine
                .getRepositoryService()
                .createProcessDefinitionQuery()
                .processDefinitionKey(key)
                .orderByProcessDefinitionVersion()
                .desc()
                .list()
                .stream()
                .map(DeployedProcedure::label)
                .distinct()
                .toList());
  }

  private static String label(ProcessDefinition definition) {
    return definition.getVersionTag() != null
        ? definition.getVersionTag()
        : Integer.toString(definition.getVersion());
  }

  private static Optional<DeployedProcedure> read(
      RepositoryService repository, ProcessDefinition definition) {
    Optional<ProcedureDefinition> procedure =
        ProcedureDefinition.read(
            repository.getBpmnModelInstance(definition.getId()), definition.getKey());
    String tomlName = definition.getKey() + ".toml";
    return procedure.map(
        p ->
            new DeployedProcedure(
                p, label(definition), tomlName, source(repository, definition, tomlName)));
  }

  private static Optional<String> source(
      RepositoryService repository, ProcessDefinition definition, String tomlName) {
    Deployment own =
        repository
            .createDeploymentQuery()
            .deploymentId(definition.getDeploymentId())
            .singleResult();
    List<Deployment> candidates =
        own.getName() == null
            ? List.of(own)
            : repository.createDeploymentQuery().deploymentName(own.getName()).list().stream()
                .filter(d -> !d.getDeploymentTime().after(own.getDeploymentTime()))
                .sorted(Comparator.comparing(Deployment::getDeploymentTime).reversed())
                .toList();
    for (Deployment deployment : candidates) {
      if (repository.getDeploymentResourceNames(deployment.getId()).contains(tomlName)) {
        try (InputStream in = repository.getResourceAsStream(deployment.getId(), tomlName)) {
          return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new UncheckedIOException("the deployed " + tomlName + " could not be read", e);
        }
      }
    }
    return Optional.empty();
  }

  private static <T> T unauthenticated(ProcessEngine engine, Supplier<T> read) {
    IdentityService identity = engine.getIdentityService();
    Authentication current = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      return read.get();
    } finally {
      if (current != null) {
        identity.setAuthentication(current);
      }
    }
  }
}
