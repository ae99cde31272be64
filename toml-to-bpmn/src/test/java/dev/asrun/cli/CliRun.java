package dev.asrun.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import picocli.CommandLine;

/** One run of the tool as a user would start it, with what it printed on stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

  static CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }

  /** A fixture folder or file under {@code src/test/resources/cli/}. */
  static Path fixture(String relative) {
    URL url = CliRun.class.getResource("/cli/" + relative);
    if (url == null) {
      throw new IllegalArgumentException("no fixture cli/" + relative);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Everything printed, for assertions that hold for both streams. */
  String output() {
    return out + err;
  }
}
