import { sha256Hex } from '../lib/hash';
import { dailySalt } from './dailySalt';

/**
 * A per-day, per-site pseudonym for a client: SHA-256 of (today's salt, site, IP, user agent).
 * The raw IP address is never stored or logged; only this hash is, and it changes every day.
 * Used for cookieless visitor ids and per-client rate limits.
 */
export async function clientHash(db: D1Database, site: string, request: Request, now: number): Promise<string> {
  const ip = request.headers.get('cf-connecting-ip') ?? request.headers.get('x-forwarded-for')?.split(',')[0].trim() ?? '';
  const ua = request.headers.get('user-agent') ?? '';
  const salt = await dailySalt(db, now);
  return sha256Hex(`${salt}\n${site}\n${ip}\n${ua}`);
}
