package dev.asrun.cli;

import dev.asrun.compiler.CompilationResult;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deploy PATH... --url URL}: compiles, then deploys the changed procedures. */
@Command(
    name = "deploy",
    header = "Compile procedure files and deploy them to a Camunda 7 engine.",
    description = {
      "Compiles a catalog of procedures and deploys it through the engine's standard REST API"
          + " (POST ENGINE_REST_URL/deployment/create), so any Camunda 7 engine will do.",
      "Only procedures whose BPMN changed since the last deployment of the same name become new"
          + " versions; when nothing changed, nothing is deployed.",
      "When any file has an error, all errors are printed and nothing is deployed."
    })
final class DeployCommand extends CatalogCommand {

  @Option(
      names = "--url",
      required = true,
      paramLabel = "ENGINE_REST_URL",
      converter = EngineUrl.class,
      description = {
        "Base URL of the engine's REST API, e.g.",
        "http://localhost:8080/engine-rest",
        "or, for a named engine, .../engine-rest/engine/NAME"
      })
  URI url;

  @ArgGroup(exclusive = false)
  Credentials credentials;

  @Option(
      names = "--name",
      paramLabel = "DEPLOYMENT",
      defaultValue = "asrun-procedures",
      description =
          "Deployment name (default: ${DEFAULT-VALUE}). Changes are detected against the"
              + " latest deployment of this name.")
  String name;

  /** HTTP Basic credentials: both or neither. */
  static final class Credentials {

    @Option(
        names = "--user",
        required = true,
        paramLabel = "U",
        description = "User for HTTP Basic authentication at the engine.")
    String user;

    @Option(
        names = "--password",
        required = true,
        arity = "0..1",
        interactive = true,
        prompt = "Password of the engine user: ",
        paramLabel = "P",
        description = "Password of --user; give --password without a value to be asked for it.")
    char[] password;
  }

  @Override
  int run(PrintWriter out, PrintWriter err) throws CommandFailure {
    if (name.isBlank()) {
      throw new CommandFailure(ExitCodes.USAGE, "--name must not be blank");
    }
    if (credentials != null && credentials.user.contains(":")) {
      throw new CommandFailure(
          ExitCodes.USAGE,
          "--user must not contain ':', which HTTP Basic authentication cannot carry");
    }
    CompilationResult result = compile();
    if (!result.ok()) {
      return printDiagnostics(result.diagnostics(), err);
    }
    EngineClient engine =
        new EngineClient(
            url,
            Optional.ofNullable(credentials)
                .map(c -> EngineClient.basicAuthorization(c.user, c.password)));
    EngineClient.Deployment deployment = engine.deploy(name, result.procedures());

    int total = result.procedures().size();
    if (deployment.deployed().isEmpty()) {
      out.println(
          "nothing changed: "
              + count(total, "procedure")
              + (total == 1 ? " is" : " are")
              + " already deployed at "
              + url
              + " as \""
              + name
              + "\"");
      return ExitCodes.OK;
    }
    out.println(
        "deployed to "
            + url
            + " as \""
            + name
            + "\" (deployment "
            + deployment.deploymentId()
            + "):");
    for (EngineClient.DeployedDefinition definition : deployment.deployed()) {
      out.println("  " + definition.key() + " version " + definition.version());
    }
    int unchanged = total - deployment.deployed().size();
    if (unchanged > 0) {
      out.println(count(unchanged, "procedure") + " unchanged, not deployed again");
    }
    return ExitCodes.OK;
  }
}
