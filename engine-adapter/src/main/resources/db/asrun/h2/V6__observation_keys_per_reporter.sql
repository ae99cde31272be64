-- Idempotency keys per reporter (dev.asrun.monitor): a key is its reporter's own, so the same key
-- from two users is two observations and neither gets the other's answer. The reporter is the
-- authenticated caller; '' is code that runs without one (trusted, in-process). Keys recorded
-- before this version had no reporter: they are kept as ''s, so a user's retry of such a key after
-- the upgrade is worked as a new observation. The table stays insert-only (V4's triggers); adding
-- a column and changing the primary key are schema changes, which those row triggers do not see.
ALTER TABLE asrun_observation_key ADD COLUMN reporter VARCHAR(255) DEFAULT '' NOT NULL;
ALTER TABLE asrun_observation_key DROP CONSTRAINT asrun_observation_key_pk;
ALTER TABLE asrun_observation_key
  ADD CONSTRAINT asrun_observation_key_pk PRIMARY KEY (reporter, idempotency_key);
