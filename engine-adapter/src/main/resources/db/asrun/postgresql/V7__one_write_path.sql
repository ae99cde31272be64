-- One batched write path (dev.asrun.record.RecordWriter): an engine command's events are appended
-- to each stream at once and its head advanced once, past all of them.

-- A stream head moves forward to an event its stream holds, with that event's hash: by one event
-- or by all the events one append added, never back, never to a position the log does not hold.
CREATE OR REPLACE FUNCTION asrun_stream_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.last_seq <> 0 OR NEW.last_hash <> repeat('0', 64) THEN
      RAISE EXCEPTION 'asrun_stream_head only moves forward: a new stream starts at 0, not %', NEW.last_seq
        USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.stream <> OLD.stream OR NEW.last_seq <= OLD.last_seq OR NOT EXISTS (
      SELECT 1 FROM asrun_event
      WHERE stream = NEW.stream AND stream_seq = NEW.last_seq AND hash = NEW.last_hash) THEN
    RAISE EXCEPTION 'asrun_stream_head only moves forward: stream % from % to % refused',
      OLD.stream, OLD.last_seq, NEW.last_seq
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;

-- The run index no longer copies the log's (run_id, seq) of every event: a run's events are read
-- from asrun_event by asrun_event_run_idx (run_id, stream_seq). What asrun_run_event did for the
-- projection, skipping an event applied before, the run's last applied seq does.
ALTER TABLE asrun_run ADD COLUMN last_seq BIGINT NOT NULL DEFAULT 0;
UPDATE asrun_run SET last_seq = COALESCE(
  (SELECT MAX(seq) FROM asrun_run_event WHERE asrun_run_event.run_id = asrun_run.run_id), 0);
DROP TABLE asrun_run_event;
