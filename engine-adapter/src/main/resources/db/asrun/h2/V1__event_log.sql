-- The as-run event log (dev.asrun.log.EventLog): append-only, SHA-256 hash-chained per stream.

CREATE TABLE asrun_event (
  seq               BIGINT GENERATED ALWAYS AS IDENTITY,
  event_id          UUID                        NOT NULL,
  stream            VARCHAR(300)                NOT NULL,
  stream_seq        BIGINT                      NOT NULL,
  recorded_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  occurred_at       TIMESTAMP(6) WITH TIME ZONE,
  source            VARCHAR(32)                 NOT NULL,
  event_type        VARCHAR(64)                 NOT NULL,
  procedure_id      VARCHAR(255),
  procedure_version VARCHAR(255),
  run_id            VARCHAR(255),
  payload           CHARACTER LARGE OBJECT      NOT NULL,
  prev_hash         CHAR(64)                    NOT NULL,
  hash              CHAR(64)                    NOT NULL,
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

-- The database itself refuses to change the log. H2 has no TRUNCATE trigger, but it refuses to
-- TRUNCATE a table that a foreign key references: these tables stay empty and exist only to
-- hold such a key. UPDATE and DELETE are refused by trigger classes from the engine-adapter jar,
-- which must be on the classpath of the JVM that runs the database (the engine's, when embedded).
CREATE TABLE asrun_event_no_truncate (
  seq BIGINT NOT NULL,
  CONSTRAINT asrun_event_no_truncate_fk FOREIGN KEY (seq) REFERENCES asrun_event (seq)
);

CREATE TABLE asrun_stream_head_no_truncate (
  stream VARCHAR(300) NOT NULL,
  CONSTRAINT asrun_stream_head_no_truncate_fk FOREIGN KEY (stream) REFERENCES asrun_stream_head (stream)
);

CREATE TRIGGER asrun_event_no_update BEFORE UPDATE ON asrun_event
  FOR EACH ROW CALL 'dev.asrun.log.h2.AppendOnlyTrigger';
CREATE TRIGGER asrun_event_no_delete BEFORE DELETE ON asrun_event
  FOR EACH ROW CALL 'dev.asrun.log.h2.AppendOnlyTrigger';

-- A stream head starts at 0 and only moves forward, one event at a time.
CREATE TRIGGER asrun_stream_head_forward BEFORE INSERT, UPDATE, DELETE ON asrun_stream_head
  FOR EACH ROW CALL 'dev.asrun.log.h2.StreamHeadTrigger';
