/**
 * Today's salt: random, made by whichever request first needs it, cached per isolate for the day. Every
 * isolate reads the row back after INSERT OR IGNORE, so all of them use the one salt that won, however
 * many raced to create it; in one isolate a burst of first requests shares one D1 round trip (the
 * promise is cached). The cache is keyed by the UTC day, so the first request after midnight asks D1
 * again: no TTL, nothing stale. Salts older than yesterday are deleted, as Plausible does, so a hash
 * cannot be traced back to an IP address once its day has passed.
 */
let cached: { day: string; salt: Promise<string> } | undefined;

export const utcDay = (now: number) => new Date(now).toISOString().slice(0, 10);

export function dailySalt(db: D1Database, now: number): Promise<string> {
  const day = utcDay(now);
  if (cached?.day === day) return cached.salt;
  const entry = { day, salt: readOrCreate(db, day, now) };
  cached = entry;
  entry.salt.catch(() => cached === entry && (cached = undefined)); // a failed read is not remembered
  return entry.salt;
}

async function readOrCreate(db: D1Database, day: string, now: number): Promise<string> {
  const fresh = [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');
  const yesterday = utcDay(now - 86_400_000);
  const [, , row] = await db.batch<{ salt: string }>([
    db.prepare('INSERT OR IGNORE INTO daily_salts (day, salt) VALUES (?, ?)').bind(day, fresh),
    db.prepare('DELETE FROM daily_salts WHERE day < ?').bind(yesterday),
    db.prepare('SELECT salt FROM daily_salts WHERE day = ?').bind(day),
  ]);
  return row.results[0].salt;
}

/** Forgets the isolate cache (tests that move the clock). */
export function forgetCachedSalt(): void {
  cached = undefined;
}
