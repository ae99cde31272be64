package dev.asrun.examples;

import dev.asrun.compiler.CompiledProcedure;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.spring.boot.starter.configuration.Ordering;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Deploys the compiled catalog as soon as the engine is built, before the app serves requests: one
 * deployment named {@value #DEPLOYMENT_NAME}, in which only procedures whose BPMN changed since the
 * last deployment get a new version. Each procedure's TOML source goes beside its BPMN ({@code
 * <id>.toml}), where redlines find it.
 */
@Component
@Order(Ordering.DEFAULT_ORDER + 2)
class ProcedureDeployer extends AbstractProcessEnginePlugin {

  static final String DEPLOYMENT_NAME = "asrun-procedures";

  private static final Logger LOG = LoggerFactory.getLogger(ProcedureDeployer.class);

  private final ProcedureCatalog catalog;

  ProcedureDeployer(ProcedureCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    List<CompiledProcedure> procedures = catalog.procedures();
    DeploymentBuilder deployment =
        engine
            .getRepositoryService()
            .createDeployment()
            .name(DEPLOYMENT_NAME)
            .enableDuplicateFiltering(true);
    for (CompiledProcedure procedure : procedures) {
      deployment.addInputStream(
          procedure.resourceName(),
          new ByteArrayInputStream(procedure.bpmnXml().getBytes(StandardCharsets.UTF_8)));
      deployment.addInputStream(
          procedure.tomlResourceName(),
          new ByteArrayInputStream(procedure.toml().getBytes(StandardCharsets.UTF_8)));
    }
    DeploymentWithDefinitions result = deployment.deployWithResult();
    List<ProcessDefinition> deployed = result.getDeployedProcessDefinitions();
    long changed =
        deployed == null
            ? 0
            : deployed.stream().map(ProcessDefinition::getResourceName).distinct().count();
    LOG.info(
        "Deployment '{}': {} of {} procedures new or changed",
        DEPLOYMENT_NAME,
        changed,
        procedures.size());
  }
}
