-- The monitor's candidate runs (dev.asrun.monitor.Monitor): the runs triggered or active whose
-- context agrees with an observation's, each key only where both name one. A run names no
-- location (no equipment) when its value is missing or blank: the keys below are '' then, else the
-- value. The monitor reads `(status, equipment_key) IN (('active', ''), ('active', ?),
-- ('triggered', ''), ('triggered', ?))` (location_key when the observation names no equipment):
-- four entries of an index below, not a scan of every open run. Derived from the row, so
-- rebuilding the run index fills them too.
ALTER TABLE asrun_run ADD COLUMN location_key VARCHAR(255)
  GENERATED ALWAYS AS
    (COALESCE(CASE WHEN TRIM(location) = '' THEN NULL ELSE location END, '')) STORED;
ALTER TABLE asrun_run ADD COLUMN equipment_key VARCHAR(255)
  GENERATED ALWAYS AS
    (COALESCE(CASE WHEN TRIM(equipment_id) = '' THEN NULL ELSE equipment_id END, '')) STORED;

CREATE INDEX asrun_run_open_equipment_idx ON asrun_run (status, equipment_key);
CREATE INDEX asrun_run_open_location_idx ON asrun_run (status, location_key);
