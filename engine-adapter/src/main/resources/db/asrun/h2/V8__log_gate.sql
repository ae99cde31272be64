-- The log gate on H2 (dev.asrun.log.LogGate). Rows 0 to 63 are the writers' stripes: a transaction
-- that writes the log locks one of them until it ends. Row 64 is the readers' turn. A reader
-- following the log takes its turn, then locks every stripe for a moment, so every seq it can see
-- up to its horizon has committed. PostgreSQL uses an advisory lock instead. The rows are only ever
-- locked, never changed.

CREATE TABLE asrun_log_gate (
  stripe INTEGER NOT NULL,
  CONSTRAINT asrun_log_gate_pk PRIMARY KEY (stripe)
);

INSERT INTO asrun_log_gate (stripe) SELECT X FROM SYSTEM_RANGE(0, 64);
