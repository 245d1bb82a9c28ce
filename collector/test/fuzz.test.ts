import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { customEvent, pageview, postEvents, seedSite } from './helpers';

// Property-based fuzzing of ingest. The invariant, whatever arrives: a 4xx with a JSON error and
// nothing of the batch stored, or a 200 with exactly the batch's events stored, as sent. Never a 500.

const SITE = 'fuzz-site';

beforeAll(async () => {
  await seedSite(SITE);
});

const NASTY: unknown[] = [
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

const PATHS = [
  ['id'], ['site'], ['type'], ['visitorId'], ['sessionId'], ['seq'], ['ts'], ['url'], ['name'],
  ['props'], ['props', 'title'], ['props', 'plan'], ['props', '__proto__'], ['props', 'constructor'],
  ['props', 'nested'], ['props', 'utm', 'source'],
];

function setPath(target: Record<string, unknown>, path: string[], value: unknown) {
  let o = target;
  for (const key of path.slice(0, -1)) {
    if (typeof o[key] !== 'object' || o[key] === null) Object.defineProperty(o, key, { value: {}, enumerable: true, writable: true, configurable: true });
    o = o[key] as Record<string, unknown>;
  }
  Object.defineProperty(o, path.at(-1)!, { value, enumerable: true, writable: true, configurable: true });
}

async function storedIds(ids: string[]): Promise<string[]> {
  const { results } = await env.DB.prepare(`SELECT id FROM events WHERE site = ? AND id IN (SELECT value FROM json_each(?))`)
    .bind(SITE, JSON.stringify(ids))
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

async function expectInvariant(res: Response, sentIds: string[]) {
  expect(res.status).not.toBe(500);
  const body = await res.json<Record<string, unknown>>();
  if (res.status === 200) {
    expect(body.accepted).toBe(sentIds.length);
    expect((await storedIds(sentIds)).sort()).toEqual([...sentIds].sort());
  } else {
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(typeof body.error).toBe('string');
    expect(await storedIds(sentIds)).toEqual([]);
  }
  return body;
}

describe('ingest under hostile input (fast-check)', () => {
  it('answers arbitrary bytes, including invalid UTF-8, with a 4xx and stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 2000 }), async (bytes) => {
        const before = await env.DB.prepare('SELECT count(*) AS n FROM events').first<{ n: number }>();
        const res = await postEvents(new Blob([bytes]).stream());
        expect(res.status).not.toBe(500);
        if (res.status !== 200) expect(typeof (await res.json<{ error: string }>()).error).toBe('string');
        else await res.body?.cancel();
        const after = await env.DB.prepare('SELECT count(*) AS n FROM events').first<{ n: number }>();
        if (res.status !== 200) expect(after!.n).toBe(before!.n);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('answers arbitrary JSON with a 4xx naming a field, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const res = await postEvents({ events: [value] });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        const body = await res.json<{ error: string; field: string }>();
        expect(body.field).toMatch(/^(body|events)/);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('stores a mutated batch exactly as sent, or rejects it whole', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.nat(),
        fc.constantFrom(...PATHS),
        fc.constantFrom(...NASTY),
        async (size, which, path, value) => {
          n++;
          const events = Array.from({ length: size }, (_, i) =>
            i % 2 ? customEvent(SITE, `fuzz-visitor-${n}`, { seq: i }) : pageview(SITE, `fuzz-visitor-${n}`, { seq: i }),
          ) as unknown as Record<string, unknown>[];
          setPath(events[which % size], path, value);
          const ids = events.map((e) => e.id).filter((id): id is string => typeof id === 'string' && id.length >= 8);
          const res = await postEvents(JSON.stringify({ events }));
          await expectInvariant(res, [...new Set(ids)]);
          if (res.status === 200) {
            // Stored as sent: the props round-trip unchanged (compared with what went over the wire).
            const row = await env.DB.prepare('SELECT props FROM events WHERE site = ? AND id = ?')
              .bind(SITE, events[which % size].id)
              .first<{ props: string | null }>();
            expect(row?.props === null ? undefined : JSON.parse(row!.props!)).toEqual(JSON.parse(JSON.stringify(events[which % size])).props);
          }
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);

  it('keeps the prototype of every object clean whatever the keys', async () => {
    const res = await postEvents('{"events":[{"__proto__":{"polluted":1}}]}');
    expect(res.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
