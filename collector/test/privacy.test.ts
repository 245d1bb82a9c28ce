import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { clientHash } from '../src/privacy/clientHash';
import { dailySalt, forgetCachedSalt } from '../src/privacy/dailySalt';

const request = (ip: string, ua = 'Mozilla/5.0') =>
  new Request('https://collector.test/v1/events', { headers: { 'cf-connecting-ip': ip, 'user-agent': ua } });
const DAY = 86_400_000;

describe('client hashes with a daily salt', () => {
  it('is stable within a day and for one site, and never contains the IP', async () => {
    const now = Date.UTC(2026, 10, 24, 12);
    const a = await clientHash(env.DB, 'demo', request('203.0.113.7'), now);
    const b = await clientHash(env.DB, 'demo', request('203.0.113.7'), now + 3600_000);
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toContain('203.0.113.7');
    expect(await clientHash(env.DB, 'other', request('203.0.113.7'), now)).not.toBe(a);
    expect(await clientHash(env.DB, 'demo', request('203.0.113.8'), now)).not.toBe(a);
  });

  it('changes the next day, and deletes salts older than yesterday', async () => {
    const day1 = Date.UTC(2026, 10, 1, 12);
    forgetCachedSalt();
    const first = await clientHash(env.DB, 'demo', request('198.51.100.1'), day1);
    forgetCachedSalt();
    const next = await clientHash(env.DB, 'demo', request('198.51.100.1'), day1 + DAY);
    expect(next).not.toBe(first);
    forgetCachedSalt();
    await dailySalt(env.DB, day1 + 3 * DAY);
    const { results } = await env.DB.prepare('SELECT day FROM daily_salts ORDER BY day').all<{ day: string }>();
    expect(results.map((r) => r.day)).not.toContain('2026-11-01');
    expect(results.map((r) => r.day)).not.toContain('2026-11-02');
  });
});
