-- Per-site retention: events older than this many days are purged by the daily cron. NULL keeps all.
ALTER TABLE sites ADD COLUMN retention_days INTEGER;
