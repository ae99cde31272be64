package dev.asrun.export;

import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RunQuery;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes the runs a {@link RunQuery} selects, oldest first and each with its trace (see {@link
 * AsRunQueries#traces}), in an {@link ExportFormat}, as UTF-8, run by run as they are read: the
 * export's size is not bounded by memory. Every value from the record (ids, names, reasons) is
 * escaped for the format; nothing in it can change the document's structure.
 */
public final class RunExport {

  private RunExport() {}

  /**
   * Writes the export to {@code out} and flushes it (without closing it), taking as long as it
   * takes.
   *
   * @param procedureId the procedure exported, named in the XES log
   * @param valuesHidden whether the reader may not read the runs' recorded values: then the runs'
   *     notes are left out (JSON Lines, the only format that carries them, says {@code
   *     "values_hidden": true})
   * @return how many runs were written
   */
  public static long write(
      AsRunQueries queries,
      RunQuery query,
      String procedureId,
      ExportFormat format,
      boolean valuesHidden,
      OutputStream out)
      throws SQLException, IOException {
    return write(queries, query, procedureId, format, valuesHidden, out, Optional.empty());
  }

  /**
   * Writes the export to {@code out} and flushes it (without closing it), within {@code limit}:
   * the limit is checked before each run is written and before each write to {@code out}, and the
   * database query is given what is left of it (JDBC's query timeout, in whole seconds). Past the
   * limit the export ends with {@link ExportTimeLimitException}: what reached {@code out} until
   * then is a prefix of the export, and the database connection has been returned.
   *
   * @param procedureId the procedure exported, named in the XES log
   * @param valuesHidden as for {@link #write(AsRunQueries, RunQuery, String, ExportFormat, boolean,
   *     OutputStream)}
   * @return how many runs were written
   */
  public static long write(
      AsRunQueries queries,
      RunQuery query,
      String procedureId,
      ExportFormat format,
      boolean valuesHidden,
      OutputStream out,
      ExportTimeLimit limit)
      throws SQLException, IOException {
    return write(
        queries,
        query,
        procedureId,
        format,
        valuesHidden,
        out,
        Optional.of(Objects.requireNonNull(limit, "limit")));
  }

  private static long write(
      AsRunQueries queries,
      RunQuery query,
      String procedureId,
      ExportFormat format,
      boolean valuesHidden,
      OutputStream out,
      Optional<ExportTimeLimit> limit)
      throws SQLException, IOException {
    Objects.requireNonNull(queries, "queries");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(procedureId, "procedureId");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(out, "out");
    OutputStream guarded = limit.isPresent() ? limit.get().guard(out) : out;
    Writer text = new BufferedWriter(new OutputStreamWriter(guarded, StandardCharsets.UTF_8));
    TraceWriter writer =
        switch (format) {
          case JSONL -> new JsonLinesWriter(text, valuesHidden);
          case CSV -> new CsvWriter(text);
          case XES -> new XesWriter(text, procedureId);
        };
    writer.begin();
    long runs;
    try {
      runs =
          queries.traces(
              query,
              trace -> {
                if (limit.isPresent()) {
                  limit.get().check();
                }
                writer.write(trace);
              },
              limit.map(ExportTimeLimit::remaining));
    } catch (SQLException e) {
      if (limit.isPresent() && limit.get().passed()) {
        // the driver cancelled the query at its timeout
        throw new ExportTimeLimitException(limit.get().limit(), e);
      }
      throw e;
    }
    writer.end();
    text.flush();
    return runs;
  }
}
