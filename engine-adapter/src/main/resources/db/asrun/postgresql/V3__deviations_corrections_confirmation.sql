-- Deviations, corrections and confirmation in the run index (dev.asrun.index.RunProjector), derived
-- from the log like the rest of the index.

-- A step passed over when the run moved on to a later observed step.
ALTER TABLE asrun_run_step DROP CONSTRAINT asrun_run_step_status_ck;
ALTER TABLE asrun_run_step ADD CONSTRAINT asrun_run_step_status_ck
  CHECK (status IN ('started', 'overdue', 'done', 'skipped', 'not_seen', 'cancelled', 'aborted'));

-- The run's deviations: the list of its latest deviation_detected event, in trace order. A
-- correction that sets one aside fills corrected_by_event (the correction's event id); the row stays.
CREATE TABLE asrun_run_deviation (
  run_id             VARCHAR(255) NOT NULL,
  ordinal            INTEGER      NOT NULL,
  procedure_id       VARCHAR(255) NOT NULL,
  deviation_type     VARCHAR(32)  NOT NULL,
  step_id            VARCHAR(255),
  expected_position  INTEGER,
  actual_position    INTEGER,
  previous_step_id   VARCHAR(255),
  detail             TEXT,
  corrected_by_event UUID,
  CONSTRAINT asrun_run_deviation_pk PRIMARY KEY (run_id, ordinal)
);
-- Per-step deviation frequencies of a procedure (analytics, seed 8.2).
CREATE INDEX asrun_run_deviation_type_idx
  ON asrun_run_deviation (procedure_id, deviation_type, step_id);

-- The executor's corrections of the run (procedure_correction events), in log order.
CREATE TABLE asrun_run_correction (
  run_id              VARCHAR(255) NOT NULL,
  seq                 BIGINT       NOT NULL,
  event_id            UUID         NOT NULL,
  procedure_id        VARCHAR(255) NOT NULL,
  correction_type     VARCHAR(32)  NOT NULL,
  step_id             VARCHAR(255),
  actual_procedure_id VARCHAR(255),
  reason              TEXT         NOT NULL,
  executor_id         VARCHAR(255),
  recorded_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT asrun_run_correction_pk PRIMARY KEY (run_id, seq)
);

ALTER TABLE asrun_run ADD COLUMN corrected_procedure_id VARCHAR(255);
ALTER TABLE asrun_run ADD COLUMN confirmation_note TEXT;
