package dev.asrun.examples.commands;

import dev.asrun.log.VerifyReport;
import dev.asrun.report.ReportVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code verify-report FILE}: verifies an as-run report (the PDF of {@code GET
 * /runs/{run_id}/report.pdf}) on its own, without a database ({@link ReportVerifier}): the attached
 * record's hash chains, every signature's record hash against the events under it, and that every
 * page states the record's run and hash.
 */
@Command(
    name = "verify-report",
    header = "Verify an as-run report (PDF) without the database.",
    description = {
      "Reads the report's attached record (asrun-record.jsonl, the events of the run's and its"
          + " nested runs' streams), checks every hash chain in it as verify does, every"
          + " signature's record hash against the events it signed, and that every page of the"
          + " document states the same run and record hash.",
      "Needs no database and does not start the app."
    },
    sortOptions = false,
    synopsisHeading = "%nUsage: ")
final class VerifyReportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = RecordCommands.HELP)
  boolean help;

  @Parameters(paramLabel = "FILE", description = "The report, a PDF.")
  Path file;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      if (!Files.isRegularFile(file)) {
        err.println(
            spec.qualifiedName()
                + ": cannot read "
                + file
                + ": "
                + (Files.isDirectory(file) ? "it is a folder" : "no such file"));
        return RecordCommands.USAGE;
      }
      byte[] pdf;
      try {
        pdf = Files.readAllBytes(file);
      } catch (IOException e) {
        err.println(
            spec.qualifiedName() + ": cannot read " + file + ": " + DatabaseCommand.describe(e));
        return RecordCommands.USAGE;
      }
      ReportVerifier.Result result;
      try {
        result = ReportVerifier.verify(pdf);
      } catch (ReportVerifier.NotAReport e) {
        err.println(
            spec.qualifiedName() + ": " + file + " is not an as-run report: " + e.getMessage());
        return RecordCommands.FILE;
      }
      out.println(
          "Verified the as-run report "
              + file
              + ": run "
              + result.runId().orElse("(none)")
              + ", "
              + result.record().streams()
              + " streams, "
              + result.record().events()
              + " events, "
              + result.pages()
              + " pages; record hash "
              + result.recordHash()
              + ".");
      if (result.ok()) {
        out.println(
            "OK: every chain and signature in the attached record is intact, and every"
                + " page states its run and record hash.");
        return RecordCommands.OK;
      }
      out.println("DAMAGED:");
      for (VerifyReport.Problem problem : result.record().problems()) {
        out.println("  " + VerifyCommand.describe(problem));
      }
      for (String page : result.pageProblems()) {
        out.println("  " + page);
      }
      return RecordCommands.DAMAGED;
    } finally {
      out.flush();
      err.flush();
    }
  }
}
