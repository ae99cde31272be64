-- The run index (dev.asrun.index.RunProjector): derived from asrun_event, never authoritative.
-- Only RunProjector writes them: apply (in the transaction that appends each event) and rebuild
-- (empties them and replays the log).

-- One row per run, from its first event (proc_triggered) on; an expired trigger's row is removed.
-- start_time is the trigger (seed 4.1: a run's duration counts from it); activated_at is the
-- first step detected (Triggered -> Active, seed 3.1).
CREATE TABLE asrun_run (
  run_id                VARCHAR(255)  NOT NULL,
  process_instance_id   VARCHAR(255),
  procedure_id          VARCHAR(255)  NOT NULL,
  procedure_version     VARCHAR(255),
  status                VARCHAR(16)   NOT NULL,
  abort_reason          VARCHAR(255),
  start_time            TIMESTAMP WITH TIME ZONE NOT NULL,
  activated_at          TIMESTAMP WITH TIME ZONE,
  end_time              TIMESTAMP WITH TIME ZONE,
  duration_ms           BIGINT,
  executor_id           VARCHAR(255),
  location              VARCHAR(255),
  equipment_id          VARCHAR(255),
  notes                 TEXT,
  executor_confirmation VARCHAR(16),
  parent_run_id         VARCHAR(255),
  deviation_count       INTEGER       NOT NULL DEFAULT 0,
  CONSTRAINT asrun_run_pk PRIMARY KEY (run_id),
  CONSTRAINT asrun_run_process_instance_uq UNIQUE (process_instance_id),
  CONSTRAINT asrun_run_status_ck CHECK (status IN ('triggered', 'active', 'completed', 'aborted'))
);

-- The seed's queries (section 8) filter on one of these and list newest first:
-- ORDER BY start_time DESC, run_id DESC is a backward scan of each index.
CREATE INDEX asrun_run_start_idx ON asrun_run (start_time, run_id);
CREATE INDEX asrun_run_procedure_idx ON asrun_run (procedure_id, start_time, run_id);
CREATE INDEX asrun_run_executor_idx ON asrun_run (executor_id, start_time, run_id);
CREATE INDEX asrun_run_equipment_idx ON asrun_run (equipment_id, start_time, run_id);
CREATE INDEX asrun_run_location_idx ON asrun_run (location, start_time, run_id);
-- Runs of a procedure in a status (failed runs, status filters), and the analytics over a
-- procedure's ended runs (average duration, executor success rate) from the index alone.
CREATE INDEX asrun_run_procedure_status_idx
  ON asrun_run (procedure_id, status, start_time, run_id) INCLUDE (duration_ms, executor_id);
-- Procedures' lifecycle states: the runs triggered or active, by procedure.
CREATE INDEX asrun_run_status_idx ON asrun_run (status, procedure_id);
CREATE INDEX asrun_run_parent_idx ON asrun_run (parent_run_id);

-- One row per attempt at a step: a step started again (a loop, an operator's start-before) is a
-- new attempt.
CREATE TABLE asrun_run_step (
  run_id               VARCHAR(255) NOT NULL,
  step_id              VARCHAR(255) NOT NULL,
  attempt              INTEGER      NOT NULL,
  procedure_id         VARCHAR(255) NOT NULL,
  first_seq            BIGINT       NOT NULL,
  activity_instance_id VARCHAR(255),
  task_id              VARCHAR(255),
  step_type            VARCHAR(255),
  status               VARCHAR(16)  NOT NULL,
  overdue              BOOLEAN      NOT NULL DEFAULT FALSE,
  started_at           TIMESTAMP WITH TIME ZONE,
  ended_at             TIMESTAMP WITH TIME ZONE,
  occurred_at          TIMESTAMP WITH TIME ZONE,
  executor_id          VARCHAR(255),
  reason               TEXT,
  CONSTRAINT asrun_run_step_pk PRIMARY KEY (run_id, step_id, attempt),
  CONSTRAINT asrun_run_step_attempt_ck CHECK (attempt >= 1),
  CONSTRAINT asrun_run_step_status_ck
    CHECK (status IN ('started', 'overdue', 'done', 'skipped', 'cancelled', 'aborted'))
);

-- skipped_steps_frequency: an index-only count per procedure and step.
CREATE INDEX asrun_run_step_status_idx ON asrun_run_step (procedure_id, status, step_id, run_id);

-- A run's event ids in log order (the run record's event_ids).
CREATE TABLE asrun_run_event (
  run_id   VARCHAR(255) NOT NULL,
  seq      BIGINT       NOT NULL,
  event_id UUID         NOT NULL,
  CONSTRAINT asrun_run_event_pk PRIMARY KEY (run_id, seq)
);

-- Nested runs as the parent's stream announces them (subrun_started), so a child's parent is
-- known whichever of the two streams' events is applied first.
CREATE TABLE asrun_run_link (
  child_run_id  VARCHAR(255) NOT NULL,
  parent_run_id VARCHAR(255) NOT NULL,
  step_id       VARCHAR(255),
  CONSTRAINT asrun_run_link_pk PRIMARY KEY (child_run_id)
);
