import { env } from 'cloudflare:test';
import { expect } from 'vitest';

// Hostile values and the ingest invariant, shared by fuzz.test.ts and fuzzIngestBatch.test.ts (two files
// because every SELF.fetch slows down as requests pile up in one workerd: cloudflare/workers-sdk#15446).

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

async function storedIds(site: string, ids: string[]): Promise<string[]> {
  const { results } = await env.DB.prepare(`SELECT id FROM events WHERE site = ? AND id IN (SELECT value FROM json_each(?))`)
    .bind(site, JSON.stringify(ids))
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/** A 4xx with an error and none of the batch stored, or a 200 with exactly the batch stored. */
export async function expectInvariant(site: string, res: Response, sentIds: string[]) {
  expect(res.status).not.toBe(500);
  const body = await res.json<Record<string, unknown>>();
  if (res.status === 200) {
    expect(body.accepted).toBe(sentIds.length);
    expect((await storedIds(site, sentIds)).sort()).toEqual([...sentIds].sort());
  } else {
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(typeof body.error).toBe('string');
    expect(await storedIds(site, sentIds)).toEqual([]);
  }
  return body;
}
