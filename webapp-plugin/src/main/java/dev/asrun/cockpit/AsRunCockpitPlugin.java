package dev.asrun.cockpit;

import java.util.Set;
import org.camunda.bpm.cockpit.plugin.spi.impl.AbstractCockpitPlugin;

/**
 * The as-run plugin of Cockpit, registered through {@code
 * META-INF/services/org.camunda.bpm.cockpit.plugin.spi.CockpitPlugin}. Its frontend is the one ES
 * module {@code plugin-webapp/asrun/app/plugin.js} (+ {@code plugin.css}); its REST resources live
 * under {@code /camunda/api/cockpit/plugin/asrun/{engine}/}.
 */
public class AsRunCockpitPlugin extends AbstractCockpitPlugin {

  /** The plugin's id: the path segment of its assets and resources. */
  public static final String ID = "asrun";

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public Set<Class<?>> getResourceClasses() {
    return Set.of(AsRunRootResource.class);
  }
}
