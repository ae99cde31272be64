package dev.asrun.redline;

import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RunQuery;
import dev.asrun.query.RunRecord;
import dev.asrun.query.RunStatus;
import dev.asrun.query.RunSummary;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The redlines of one deployed procedure version from the runs a query selects: what {@code GET
 * /asrun/api/v1/procedures/{procedure_id}/redlines} answers.
 *
 * @param procedureId the procedure
 * @param version the version the proposals and the patch are written against
 * @param runs how many ended runs were considered
 * @param settings the minimum runs and threshold used
 * @param proposals the proposals, in the procedure's written order, kind by kind
 * @param tomlPatch the unified diff of the version's TOML source that makes every proposal; empty
 *     when there is none, or the version was deployed without its source
 */
public record RedlineAnswer(
    String procedureId,
    String version,
    long runs,
    Settings settings,
    List<Proposal> proposals,
    Optional<String> tomlPatch) {

  /** The most runs read: the newest this many that the query selects. */
  public static final int MAX_RUNS = 10_000;

  public RedlineAnswer {
    Objects.requireNonNull(procedureId, "procedureId");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(settings, "settings");
    proposals = List.copyOf(proposals);
    Objects.requireNonNull(tomlPatch, "tomlPatch");
  }

  /**
   * The redlines of {@code deployed} from the ended runs {@code query} selects (its page ignored:
   * the newest {@value #MAX_RUNS}); only runs of that version when {@code onlyThisVersion}. The
   * runs' records are read on one connection of {@code dataSource}, one run after the other.
   */
  public static RedlineAnswer of(
      DataSource dataSource,
      RunQuery query,
      DeployedProcedure deployed,
      boolean onlyThisVersion,
      Settings settings)
      throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return of(AsRunQueries.of(connection), query, deployed, onlyThisVersion, settings);
    }
  }

  private static RedlineAnswer of(
      AsRunQueries queries,
      RunQuery query,
      DeployedProcedure deployed,
      boolean onlyThisVersion,
      Settings settings)
      throws SQLException {
    List<RunRecord> records = new ArrayList<>();
    for (RunSummary run : queries.runs(query.withPage(0, MAX_RUNS))) {
      boolean ended = run.status() == RunStatus.COMPLETED || run.status() == RunStatus.ABORTED;
      boolean version =
          !onlyThisVersion || run.procedureVersion().filter(deployed.version()::equals).isPresent();
      if (ended && version) {
        queries.run(run.runId()).ifPresent(records::add);
      }
    }
    List<Proposal> proposals = Redlines.propose(deployed.procedure(), records, settings);
    Optional<String> patch =
        deployed.toml().flatMap(toml -> TomlPatch.of(deployed.tomlName(), toml, proposals));
    return new RedlineAnswer(
        deployed.procedure().id(), deployed.version(), records.size(), settings, proposals, patch);
  }
}
