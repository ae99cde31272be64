-- Idempotency of observations (dev.asrun.monitor): one row per client key, written in the
-- transaction that recorded the observation, holding the answer it got. A retry with the same key
-- finds the row and gets that answer; nothing is appended again. Two retries racing each other
-- meet at the primary key: the second insert fails, its transaction rolls back, and it re-reads.
-- Insert-only: UPDATE and DELETE are refused, like the log's.
CREATE TABLE asrun_observation_key (
  idempotency_key VARCHAR(255) NOT NULL,
  observation_id  VARCHAR(36)  NOT NULL,
  answer          CHARACTER VARYING NOT NULL,
  recorded_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  CONSTRAINT asrun_observation_key_pk PRIMARY KEY (idempotency_key)
);

CREATE TRIGGER asrun_observation_key_no_update BEFORE UPDATE ON asrun_observation_key
  FOR EACH ROW CALL 'dev.asrun.log.h2.AppendOnlyTrigger';
CREATE TRIGGER asrun_observation_key_no_delete BEFORE DELETE ON asrun_observation_key
  FOR EACH ROW CALL 'dev.asrun.log.h2.AppendOnlyTrigger';
