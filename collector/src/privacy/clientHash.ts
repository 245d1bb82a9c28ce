import { sha256Hex } from '../lib/hash';
import { dailySalt } from './dailySalt';

const clientIp = (request: Request) =>
  request.headers.get('cf-connecting-ip') ?? request.headers.get('x-forwarded-for')?.split(',')[0].trim() ?? '';

/**
 * A per-day, per-site pseudonym for a client: SHA-256 of (today's salt, site, IP, user agent).
 * The raw IP address is never stored or logged; only this hash is, and it changes every day.
 * Used for cookieless visitor ids.
 */
export async function clientHash(db: D1Database, site: string, request: Request, now: number): Promise<string> {
  const ua = request.headers.get('user-agent') ?? '';
  const salt = await dailySalt(db, now);
  return sha256Hex(`${salt}\n${site}\n${clientIp(request)}\n${ua}`);
}

/**
 * The rate-limit key of a client: the daily-salted hash of its IP alone (not the user agent, which a
 * client chooses freely, nor the site, which it names freely). Never stored.
 */
export async function ipHash(db: D1Database, request: Request, now: number): Promise<string> {
  const salt = await dailySalt(db, now);
  return sha256Hex(`${salt}\nip\n${clientIp(request)}`);
}
