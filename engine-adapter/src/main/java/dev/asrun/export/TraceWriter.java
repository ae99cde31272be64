package dev.asrun.export;

import dev.asrun.query.RunTrace;
import java.io.IOException;

/** Writes runs' traces in one format: a beginning, each run, an end. */
interface TraceWriter {

  void begin() throws IOException;

  void write(RunTrace trace) throws IOException;

  void end() throws IOException;
}
