package dev.asrun.spring;

import dev.asrun.AsRunPlugin;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Adds the as-run plugin to the Camunda engine of a Spring Boot app: Camunda's starter hands every
 * {@code ProcessEnginePlugin} bean to the engine it builds. {@code asrun.enabled=false} leaves the
 * engine untouched: no plugin, no listeners, no tables.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.camunda.bpm.engine.ProcessEngine")
@ConditionalOnProperty(prefix = "asrun", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(AsRunProperties.class)
public class AsRunAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public AsRunPlugin asRunPlugin(AsRunProperties properties) {
    AsRunPlugin plugin = new AsRunPlugin();
    plugin.setRunsPerObservation(properties.getLimits().getRunsPerObservation());
    plugin.setCorroborationTolerance(properties.getObservations().getCorroborationTolerance());
    plugin.setFutureHorizon(properties.getObservations().getFutureHorizon());
    plugin.setBeforeStartTolerance(properties.getObservations().getBeforeStartTolerance());
    return plugin;
  }
}
