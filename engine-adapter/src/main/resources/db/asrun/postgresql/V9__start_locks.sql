-- What an observation that could start a run locks (dev.asrun.monitor.Monitor), until its command
-- ends, before it reads the runs it could move: the row of its procedure's stripe (64 stripes, a
-- procedure's by the hash of its id). Two reports racing to start a run in one context then end as
-- one after the other. Nothing references these rows, so the lock holds up nothing but other
-- reports that could start a run of a procedure of the same stripe (a lock on the procedure's
-- definition row would also hold up the engine's foreign-key checks of new tasks and executions,
-- and deadlock with a command completing one of its tasks).
CREATE TABLE asrun_start_lock (
  stripe INTEGER NOT NULL,
  CONSTRAINT asrun_start_lock_pk PRIMARY KEY (stripe)
);
INSERT INTO asrun_start_lock (stripe)
  SELECT x FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13),
    (14), (15), (16), (17), (18), (19), (20), (21), (22), (23), (24), (25), (26), (27), (28), (29),
    (30), (31), (32), (33), (34), (35), (36), (37), (38), (39), (40), (41), (42), (43), (44), (45),
    (46), (47), (48), (49), (50), (51), (52), (53), (54), (55), (56), (57), (58), (59), (60), (61),
    (62), (63)) AS stripes (x);
