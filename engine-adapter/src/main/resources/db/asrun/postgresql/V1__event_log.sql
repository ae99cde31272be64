-- The as-run event log (dev.asrun.log.EventLog): append-only, SHA-256 hash-chained per stream.

CREATE TABLE asrun_event (
  seq               BIGINT GENERATED ALWAYS AS IDENTITY,
  event_id          UUID                     NOT NULL,
  stream            VARCHAR(300)             NOT NULL,
  stream_seq        BIGINT                   NOT NULL,
  recorded_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  occurred_at       TIMESTAMP WITH TIME ZONE,
  source            VARCHAR(32)              NOT NULL,
  event_type        VARCHAR(64)              NOT NULL,
  procedure_id      VARCHAR(255),
  procedure_version VARCHAR(255),
  run_id            VARCHAR(255),
  payload           TEXT                     NOT NULL,
  prev_hash         CHAR(64)                 NOT NULL,
  hash              CHAR(64)                 NOT NULL,
  CONSTRAINT asrun_event_pk PRIMARY KEY (seq),
  CONSTRAINT asrun_event_event_id_uq UNIQUE (event_id),
  CONSTRAINT asrun_event_position_uq UNIQUE (stream, stream_seq),
  CONSTRAINT asrun_event_position_ck CHECK (stream_seq >= 1)
);

CREATE INDEX asrun_event_run_idx ON asrun_event (run_id, stream_seq);

-- One row per stream: its length and last hash. Appenders lock it to serialize per stream.
CREATE TABLE asrun_stream_head (
  stream    VARCHAR(300) NOT NULL,
  last_seq  BIGINT       NOT NULL,
  last_hash CHAR(64)     NOT NULL,
  CONSTRAINT asrun_stream_head_pk PRIMARY KEY (stream)
);

-- The database itself refuses to change the log: no UPDATE, DELETE or TRUNCATE.
CREATE FUNCTION asrun_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation',
          HINT = 'the as-run record is tamper-evident; check it with dev.asrun.log.LogVerifier';
END
$$;

CREATE TRIGGER asrun_event_no_update BEFORE UPDATE ON asrun_event
  FOR EACH ROW EXECUTE FUNCTION asrun_refuse_change();
CREATE TRIGGER asrun_event_no_delete BEFORE DELETE ON asrun_event
  FOR EACH ROW EXECUTE FUNCTION asrun_refuse_change();
CREATE TRIGGER asrun_event_no_truncate BEFORE TRUNCATE ON asrun_event
  FOR EACH STATEMENT EXECUTE FUNCTION asrun_refuse_change();

-- A stream head starts at 0 and only moves forward, one event at a time.
CREATE FUNCTION asrun_stream_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.last_seq <> 0 OR NEW.last_hash <> repeat('0', 64) THEN
      RAISE EXCEPTION 'asrun_stream_head only moves forward: a new stream starts at 0, not %', NEW.last_seq
        USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.stream <> OLD.stream OR NEW.last_seq <> OLD.last_seq + 1 THEN
    RAISE EXCEPTION 'asrun_stream_head only moves forward: stream % from % to % refused',
      OLD.stream, OLD.last_seq, NEW.last_seq
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER asrun_stream_head_forward BEFORE INSERT OR UPDATE ON asrun_stream_head
  FOR EACH ROW EXECUTE FUNCTION asrun_stream_head_forward();
CREATE TRIGGER asrun_stream_head_no_delete BEFORE DELETE ON asrun_stream_head
  FOR EACH ROW EXECUTE FUNCTION asrun_refuse_change();
CREATE TRIGGER asrun_stream_head_no_truncate BEFORE TRUNCATE ON asrun_stream_head
  FOR EACH STATEMENT EXECUTE FUNCTION asrun_refuse_change();
