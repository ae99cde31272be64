package dev.asrun;

import dev.asrun.capture.Capture;
import dev.asrun.log.AsRunSchema;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

/**
 * The as-run record for a Camunda 7 process engine: every run of a procedure compiled by this
 * project (see {@code docs/procedures.md}) is recorded, as it happens, in an append-only,
 * hash-chained event log in the engine's own database, in the same transaction as the engine
 * command that caused each event.
 *
 * <p>A plain process engine plugin, no Spring needed. In {@code camunda.cfg.xml}:
 *
 * <pre>{@code
 * <property name="processEnginePlugins">
 *   <list>
 *     <bean class="dev.asrun.AsRunPlugin"/>
 *   </list>
 * </property>
 * }</pre>
 *
 * or in code, {@code configuration.getProcessEnginePlugins().add(new AsRunPlugin())} before the
 * engine is built.
 *
 * <p>It installs the capture ({@link Capture}) and creates or upgrades the log's tables ({@link
 * AsRunSchema}, Flyway, tables prefixed {@code asrun_}) once the configuration is initialized,
 * before the engine is built: the engine starts its job executor while it is built, and a job
 * firing a timer of a run must find the tables. For incidents and operators' actions other than
 * process instance modification and deletion, the engine's history level must be {@code full}.
 */
public class AsRunPlugin extends AbstractProcessEnginePlugin {

  /** Claimed "performed at" times without a zone are read in the JVM's default time zone. */
  private final Capture capture = new Capture();

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    capture.preInit(configuration);
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    capture.postInit(configuration);
    AsRunSchema.migrate(configuration.getDataSource());
  }
}
