package dev.asrun.spring;

import dev.asrun.AsRunPlugin;
import dev.asrun.log.SignedCheckpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Adds the as-run plugin to the Camunda engine of a Spring Boot app: Camunda's starter hands every
 * {@code ProcessEnginePlugin} bean to the engine it builds. {@code asrun.enabled=false} leaves the
 * engine untouched: no plugin, no listeners, no tables.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.camunda.bpm.engine.ProcessEngine")
@ConditionalOnProperty(
    prefix = "asrun",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties(AsRunProperties.class)
public class AsRunAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public AsRunPlugin asRunPlugin(AsRunProperties properties, Environment environment)
      throws SQLException {
    requireBothOrNeither(properties.getCheckpoints());
    AsRunPlugin plugin = new AsRunPlugin();
    AsRunProperties.Schema schema = properties.getSchema();
    if (!isBlank(schema.getUsername())) {
      String url =
          isBlank(schema.getUrl())
              ? environment.getProperty("spring.datasource.url")
              : schema.getUrl();
      if (isBlank(url)) {
        throw new IllegalStateException(
            "asrun.schema.username is set, but neither asrun.schema.url nor spring.datasource.url"
                + " says which database the owner role migrates: set one of them");
      }
      plugin.setSchemaDataSource(
          new SimpleDriverDataSource(
              DriverManager.getDriver(url), url, schema.getUsername(), schema.getPassword()));
    }
    plugin.setRunsPerObservation(properties.getLimits().getRunsPerObservation());
    plugin.setCorroborationTolerance(properties.getObservations().getCorroborationTolerance());
    plugin.setFutureHorizon(properties.getObservations().getFutureHorizon());
    plugin.setBeforeStartTolerance(properties.getObservations().getBeforeStartTolerance());
    AsRunProperties.Confirmation confirmation = properties.getConfirmation();
    plugin.setConfirmationPrompts(confirmation.isEnabled());
    plugin.setConfirmationCandidateGroup(
        required("asrun.confirmation.candidate-group", confirmation.getCandidateGroup()));
    plugin.setConfirmationExpireAfter(
        positive("asrun.confirmation.expire-after", confirmation.getExpireAfter()));
    plugin.setSignatureTasks(properties.getSignatures().isTasks());
    plugin.setSignatureRunPage(
        required("asrun.signatures.run-page", properties.getSignatures().getRunPage()));
    return plugin;
  }

  /**
   * Signed checkpoints on a schedule ({@code asrun.checkpoints.*}), only when both the folder and
   * the key file are set; one without the other stops the app, since a half-configured schedule
   * would silently take no checkpoints.
   */
  @Bean
  @ConditionalOnExpression(
      "'${asrun.checkpoints.directory:}' != '' or '${asrun.checkpoints.key-file:}' != ''")
  @ConditionalOnMissingBean
  public CheckpointSchedule asRunCheckpointSchedule(
      AsRunProperties properties, ProcessEngine processEngine) throws IOException {
    AsRunProperties.Checkpoints settings = properties.getCheckpoints();
    requireBothOrNeither(settings);
    DataSource dataSource =
        ((ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration())
            .getDataSource();
    return new CheckpointSchedule(
        SignedCheckpoints.of(
            dataSource, Path.of(settings.getDirectory()), Path.of(settings.getKeyFile())),
        settings.getInterval());
  }

  /**
   * Stops the app when only one of {@code asrun.checkpoints.directory} and {@code key-file} is set,
   * checked with the plugin already, before the engine is built.
   */
  private static void requireBothOrNeither(AsRunProperties.Checkpoints settings) {
    if (isBlank(settings.getDirectory()) != isBlank(settings.getKeyFile())) {
      throw new IllegalStateException(
          "asrun.checkpoints: set both directory (the folder, outside the database, to write"
              + " signed checkpoints to) and key-file (the Ed25519 private key that signs them,"
              + " made by the checkpoint-key command), or neither; directory is "
              + describe(settings.getDirectory())
              + ", key-file is "
              + describe(settings.getKeyFile()));
    }
  }

  /** The setting {@code name}; a blank one stops the app, saying which setting. */
  private static String required(String name, String setting) {
    if (isBlank(setting)) {
      throw new IllegalStateException(name + " must not be blank; leave it unset for its default");
    }
    return setting;
  }

  /** The setting {@code name}; zero, negative or blank stops the app, saying which setting. */
  private static Duration positive(String name, Duration setting) {
    if (setting == null || setting.isNegative() || setting.isZero()) {
      throw new IllegalStateException(
          name + " must be a positive duration (e.g. 30d or PT12H), got " + setting);
    }
    return setting;
  }

  private static boolean isBlank(String setting) {
    return setting == null || setting.isBlank();
  }

  private static String describe(String setting) {
    return isBlank(setting) ? "not set" : "'" + setting + "'";
  }
}
