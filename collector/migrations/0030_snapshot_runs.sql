-- A day's segment snapshot in progress (snapshots/takeSegmentSnapshot.ts): the daily cron starts it and
-- the per-minute cron goes on from `cursor` (the last person key done) in bounded steps, so a site of any
-- size is snapshotted whole (one invocation stopped at 50,000 visitors before). The sums so far are JSON.
CREATE TABLE snapshot_runs (
  site TEXT NOT NULL,
  day INTEGER NOT NULL,        -- UTC day (ms) the snapshot is for
  taken_at INTEGER NOT NULL,   -- ms: the time every person is judged at, the same for the whole run
  cursor TEXT NOT NULL,        -- the last person key done ('' before the first)
  visitors INTEGER NOT NULL DEFAULT 0,
  people INTEGER NOT NULL DEFAULT 0,
  sizes TEXT NOT NULL,         -- JSON [{ segment, size, entered, left }]
  moves TEXT NOT NULL,         -- JSON { "from\nto": people }
  done INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (site, day)
) WITHOUT ROWID;
CREATE INDEX snapshot_runs_open ON snapshot_runs(done);
