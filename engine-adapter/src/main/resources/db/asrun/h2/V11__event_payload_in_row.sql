-- H2 keeps a CHARACTER LARGE OBJECT longer than 256 characters (most payloads) out of its row, in
-- maps of its own: every append wrote the payload there, and every read of an event looked it up
-- there and streamed it back through a reader (half the time a rebuild of the run index spent
-- reading the log, docs/benchmarks.md). CHARACTER VARYING keeps it in the row, up to 1,000,000,000
-- characters. The text, and so every hash of the chains, is unchanged; H2 copies the table once.
ALTER TABLE asrun_event ALTER COLUMN payload SET DATA TYPE CHARACTER VARYING;

-- The copy keeps the triggers, but H2 gave them the name of its temporary copy of the table, which
-- their refusals quote until the database is opened again: made again, they name asrun_event.
DROP TRIGGER asrun_event_no_update;
CREATE TRIGGER asrun_event_no_update BEFORE UPDATE ON asrun_event
  FOR EACH ROW CALL 'dev.asrun.log.h2.AppendOnlyTrigger';
DROP TRIGGER asrun_event_no_delete;
CREATE TRIGGER asrun_event_no_delete BEFORE DELETE ON asrun_event
  FOR EACH ROW CALL 'dev.asrun.log.h2.AppendOnlyTrigger';
