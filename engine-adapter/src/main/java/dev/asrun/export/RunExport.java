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

/**
 * Writes the runs a {@link RunQuery} selects, oldest first and each with its trace (see {@link
 * AsRunQueries#traces}), in an {@link ExportFormat}, as UTF-8, run by run as they are read: the
 * export's size is not bounded by memory. Every value from the record (ids, names, reasons) is
 * escaped for the format; nothing in it can change the document's structure.
 */
public final class RunExport {

  private RunExport() {}

  /**
   * Writes the export to {@code out} and flushes it (without closing it).
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
    Objects.requireNonNull(queries, "queries");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(procedureId, "procedureId");
    Objects.requireNonNull(format, "format");
    Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    TraceWriter writer =
        switch (format) {
          case JSONL -> new JsonLinesWriter(text, valuesHidden);
          case CSV -> new CsvWriter(text);
          case XES -> new XesWriter(text, procedureId);
        };
    writer.begin();
    long runs = queries.traces(query, writer::write);
    writer.end();
    text.flush();
    return runs;
  }
}
