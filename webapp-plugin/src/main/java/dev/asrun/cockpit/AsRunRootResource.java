package dev.asrun.cockpit;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.camunda.bpm.cockpit.plugin.resource.AbstractCockpitPluginRootResource;

/**
 * {@code /camunda/api/cockpit/plugin/asrun}: the plugin's assets ({@code static/app/plugin.js} and
 * {@code static/app/plugin.css}, the only files served) and, per engine, its {@link AsRunResource}.
 * The {@code {engine}} segment is what Camunda's security filter checks the session's login
 * against.
 */
@Path("plugin/" + AsRunCockpitPlugin.ID)
public class AsRunRootResource extends AbstractCockpitPluginRootResource {

  public AsRunRootResource() {
    super(AsRunCockpitPlugin.ID);
  }

  /**
   * The as-run record of the engine named {@code engine}. Built directly: the root resource's
   * {@code subResource} hook returns its argument unchanged, and its parameters differ between
   * Camunda (resource, engine) and Operaton (resource), which build this class from one source.
   */
  @Path("{engine}")
  public AsRunResource asRun(@PathParam("engine") String engine) {
    return new AsRunResource(engine);
  }
}
