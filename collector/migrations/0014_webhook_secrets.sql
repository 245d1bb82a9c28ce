-- Per-site helpdesk webhook credentials, one row per site and helpdesk (rotating replaces the row).
--   freshdesk: token_hash = SHA-256 hex of a token the collector generated (Freshdesk sends it back in a
--              header); the token itself is shown once.
--   zendesk:   sealed_secret = the signing secret Zendesk generated, AES-GCM sealed under the deployment's
--              WEBHOOK_SECRETS_KEY with the site and helpdesk as associated data. Verifying an HMAC needs
--              the secret itself, so it cannot be stored as a hash.
-- hint: the last 4 characters, so `hoptrail webhooks list` can tell which one is configured.
CREATE TABLE webhook_secrets (
  site TEXT NOT NULL REFERENCES sites(id),
  helpdesk TEXT NOT NULL CHECK (helpdesk IN ('zendesk', 'freshdesk')),
  token_hash TEXT,
  sealed_secret TEXT,
  hint TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (site, helpdesk),
  CHECK ((helpdesk = 'freshdesk' AND token_hash IS NOT NULL) OR (helpdesk = 'zendesk' AND sealed_secret IS NOT NULL))
);
