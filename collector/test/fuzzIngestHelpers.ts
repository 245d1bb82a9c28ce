import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import { fetchWorker } from './worker';

// Hostile values and the ingest invariant, shared by fuzz.test.ts and fuzzIngestBatch.test.ts.

export const NASTY: unknown[] = [
  '\u0000',
  'a\u0000b',
  "'; DROP TABLE events; --",
  '" OR 1=1 --',
  '\uD800',
  '💥'.repeat(300),
  'x'.repeat(5000),
  1e308,
  -1e308,
  2 ** 53 + 1,
  -0,
  null,
  true,
  [],
  {},
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { constructor: { prototype: 1 } },
  nest(60),
];

function nest(depth: number): unknown {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = { d: v };
  return v;
}

export const PATHS = [
  ['id'], ['site'], ['type'], ['visitorId'], ['sessionId'], ['seq'], ['ts'], ['url'], ['name'],
  ['props'], ['props', 'title'], ['props', 'plan'], ['props', '__proto__'], ['props', 'constructor'],
  ['props', 'nested'], ['props', 'utm', 'source'],
];

export function setPath(target: Record<string, unknown>, path: string[], value: unknown) {
  let o = target;
  for (const key of path.slice(0, -1)) {
    if (typeof o[key] !== 'object' || o[key] === null) Object.defineProperty(o, key, { value: {}, enumerable: true, writable: true, configurable: true });
    o = o[key] as Record<string, unknown>;
  }
  Object.defineProperty(o, path.at(-1)!, { value, enumerable: true, writable: true, configurable: true });
}

async function storedCount(site: string, id: unknown): Promise<number> {
  if (typeof id !== 'string') return 0;
  const row = await env.DB.prepare('SELECT count(*) AS n FROM events WHERE site = ? AND id = ?').bind(site, id).first<{ n: number }>();
  return row!.n;
}

interface Refusal {
  index: number;
  field: string;
  message: string;
}

/**
 * The ingest invariant for one batch of distinct ids: never a 500. A whole-batch 4xx (envelope errors)
 * has an error naming a field and stores nothing. A 200 stores every event it did not refuse exactly
 * once, and refuses each bad one with its index, a field inside it and a message naming that field,
 * storing nothing of it.
 */
export async function expectInvariant(site: string, res: Response, events: Record<string, unknown>[]) {
  expect(res.status).not.toBe(500);
  const body = await res.json<Record<string, unknown>>();
  if (res.status !== 200) {
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(typeof body.error).toBe('string');
    for (const e of events) expect(await storedCount(site, e.id)).toBe(0);
    return body;
  }
  const refused = body.refused as Refusal[];
  const refusedAt = new Set(refused.map((r) => r.index));
  for (const r of refused) {
    expect(r.field.startsWith(`events[${r.index}]`), r.field).toBe(true);
    expect(r.message).toContain(r.field);
  }
  for (const [i, e] of events.entries()) expect(await storedCount(site, e.id), `events[${i}]`).toBe(refusedAt.has(i) ? 0 : 1);
  expect(body.accepted).toBe(events.length - refused.length);
  return body;
}
