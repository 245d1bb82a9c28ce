/**
 * Today's salt: random, made by whichever request first needs it (INSERT OR IGNORE makes concurrent
 * first requests agree), cached per isolate for the day. Salts older than yesterday are deleted, as
 * Plausible does, so a hash cannot be traced back to an IP address once its day has passed.
 */
let cached: { day: string; salt: string } | undefined;

export const utcDay = (now: number) => new Date(now).toISOString().slice(0, 10);

export async function dailySalt(db: D1Database, now: number): Promise<string> {
  const day = utcDay(now);
  if (cached?.day === day) return cached.salt;
  const fresh = [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');
  const yesterday = utcDay(now - 86_400_000);
  const [, , row] = await db.batch<{ salt: string }>([
    db.prepare('INSERT OR IGNORE INTO daily_salts (day, salt) VALUES (?, ?)').bind(day, fresh),
    db.prepare('DELETE FROM daily_salts WHERE day < ?').bind(yesterday),
    db.prepare('SELECT salt FROM daily_salts WHERE day = ?').bind(day),
  ]);
  const salt = row.results[0].salt;
  cached = { day, salt };
  return salt;
}

/** Forgets the isolate cache (tests that move the clock). */
export function forgetCachedSalt(): void {
  cached = undefined;
}
