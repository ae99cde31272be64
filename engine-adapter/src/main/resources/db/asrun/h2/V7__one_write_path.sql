-- One batched write path (dev.asrun.record.RecordWriter): an engine command's events are appended
-- to each stream at once and its head advanced once, past all of them. The head's trigger
-- (dev.asrun.log.h2.StreamHeadTrigger) lets it move forward to an event its stream holds, with
-- that event's hash.

-- The run index no longer copies the log's (run_id, seq) of every event: a run's events are read
-- from asrun_event by asrun_event_run_idx (run_id, stream_seq). What asrun_run_event did for the
-- projection, skipping an event applied before, the run's last applied seq does.
ALTER TABLE asrun_run ADD COLUMN last_seq BIGINT NOT NULL DEFAULT 0;
UPDATE asrun_run SET last_seq = COALESCE(
  (SELECT MAX(seq) FROM asrun_run_event WHERE asrun_run_event.run_id = asrun_run.run_id), 0);
DROP TABLE asrun_run_event;
