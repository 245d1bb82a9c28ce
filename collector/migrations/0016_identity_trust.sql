-- Traits a server set (server identify, helpdesk): top-level keys a browser identify may no longer
-- write. JSON object { key: 1 }; the values themselves stay in `traits`.
ALTER TABLE customers ADD COLUMN server_keys TEXT NOT NULL DEFAULT '{}';

-- Signed identify, per site. `secret` and `previous_secret` are AES-GCM ciphertexts under the Worker
-- secret IDENTITY_SECRETS_KEY (the collector must read the secret to verify HMACs, so it is encrypted,
-- not hashed). `mode` NULL means the default: signed once a secret exists, open before.
CREATE TABLE identity_settings (
  site TEXT PRIMARY KEY,
  mode TEXT CHECK (mode IN ('signed', 'open')),
  secret TEXT,
  version INTEGER NOT NULL DEFAULT 0,
  rotated_at INTEGER,
  -- The secret before the last rotation, still accepted until previous_until (pages already served).
  previous_secret TEXT,
  previous_until INTEGER,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
