package dev.asrun.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The tool's version, from the Maven descriptor packaged in its jar. */
final class VersionProvider implements IVersionProvider {

  private static final String POM_PROPERTIES =
      "/META-INF/maven/dev.asrun/toml-to-bpmn/pom.properties";

  @Override
  public String[] getVersion() throws IOException {
    return new String[] {
      "toml-to-bpmn " + version(),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
    };
  }

  private static String version() throws IOException {
    try (InputStream in = VersionProvider.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in == null) {
        return "(development build, not packaged)";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "(version missing from the jar)");
    }
  }
}
