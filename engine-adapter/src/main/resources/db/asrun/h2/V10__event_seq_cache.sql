-- H2 writes an identity column's sequence to the database each time the values it keeps in hand
-- run out (32 by default), in a session and a commit of its own: every 32 events an extra write of
-- the file, about two fifths of the time a batch of 1,000 observations spent inserting its events
-- (docs/benchmarks.md, "Sensor noise over HTTP"). With 65,536 in hand that write is rare. The
-- values are still drawn one after the other in the order the inserts ask for them (the cache is
-- the database's, not a session's); values held when the database stops uncleanly are skipped, a
-- gap in seq as a rolled-back insert leaves one (stream_seq, the chains' order, has no gaps).
ALTER TABLE asrun_event ALTER COLUMN seq SET CACHE 65536;
