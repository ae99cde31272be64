-- The log gate on H2 (dev.asrun.log.LogGate): a transaction that writes the log locks one of these
-- rows until it ends; a reader following the log locks them all for a moment, so every seq it can
-- see below its horizon has committed. PostgreSQL uses an advisory lock instead. The rows are only
-- ever locked, never changed.

CREATE TABLE asrun_log_gate (
  stripe INTEGER NOT NULL,
  CONSTRAINT asrun_log_gate_pk PRIMARY KEY (stripe)
);

INSERT INTO asrun_log_gate (stripe) SELECT X FROM SYSTEM_RANGE(0, 63);
