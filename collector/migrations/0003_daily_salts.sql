-- One random salt per UTC day for hashing anything derived from IP addresses (cookieless visitor ids,
-- rate-limit keys). Salts older than yesterday are deleted, so old hashes can never be recomputed.
CREATE TABLE daily_salts (
  day TEXT PRIMARY KEY,   -- YYYY-MM-DD (UTC)
  salt TEXT NOT NULL
);
