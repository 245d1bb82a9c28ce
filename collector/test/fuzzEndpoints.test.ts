import { SELF } from 'cloudflare:test';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, seedSite } from './helpers';

// Property-based fuzzing of the other writable and query-driven endpoints: whatever arrives, the answer
// is a 2xx, or a 4xx with a JSON error naming a field. Never a 500.

const SITE = 'fuzz-endpoints-site';
let keys: { read: string; write: string };

beforeAll(async () => {
  keys = await seedSite(SITE);
});

const hostile = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom('\u0000', "'; DROP TABLE events; --", '\uD800', '__proto__', 1e308, -0, null),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'events', 'questions', 'targeting', 'id', 'type', 'props'), fc.jsonValue()),
);

async function expectNo500(res: Response) {
  expect(res.status).not.toBe(500);
  if (res.status >= 400) {
    const body = await res.json<{ error?: unknown }>();
    expect(typeof body.error).toBe('string');
  } else {
    await res.body?.cancel();
  }
}

const send = (method: string, path: string, body: string, key = keys.write) =>
  SELF.fetch(`${ORIGIN}/v1/sites/${SITE}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body,
  });

describe('endpoints under hostile input (fast-check)', () => {
  it('server events: arbitrary bodies and events never cause a 500', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, fc.array(hostile, { maxLength: 4 }), async (raw, events) => {
        await expectNo500(await send('POST', '/server-events', JSON.stringify(raw)));
        await expectNo500(await send('POST', '/server-events', JSON.stringify({ events })));
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it('survey definitions: arbitrary definitions never cause a 500', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (questions, targeting) => {
        const body = JSON.stringify({ id: 'fuzzed', name: 'x', questions, targeting });
        await expectNo500(await send('POST', '/surveys', body));
        await expectNo500(await send('PUT', '/surveys/fuzzed', body));
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it('exports and lists: arbitrary query strings never cause a 500', async () => {
    const param = fc.oneof(fc.string(), fc.constantFrom('-1', '0', '1e309', 'NaN', "' OR 1=1", '%00', 'csv', 'ndjson', 'x'.repeat(3000)));
    await fc.assert(
      fc.asyncProperty(param, param, param, param, async (format, from, segment, cursor) => {
        const q = new URLSearchParams({ format, from, segment, cursor, limit: from }).toString();
        for (const path of [`/exports/journeys?${q}`, `/exports/visitors?${q}`, `/visitors?${q}`, `/surveys/x/results?${q}`]) {
          const res = await SELF.fetch(`${ORIGIN}/v1/sites/${SITE}${path}`, { headers: { authorization: `Bearer ${keys.read}` } });
          await expectNo500(res);
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('open pixel and click links: arbitrary tokens never cause a 500 and never redirect', async () => {
    await fc.assert(
      // "." and ".." are dot segments: URL parsing removes them before any route sees a token.
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 300 }).filter((t) => t !== '.' && t !== '..'), async (token) => {
        const path = encodeURIComponent(token);
        const open = await SELF.fetch(`${ORIGIN}/o/${path}`, { redirect: 'manual' });
        expect(open.status).toBe(200);
        expect(open.headers.get('content-type')).toContain('image/gif');
        await open.body?.cancel();
        const click = await SELF.fetch(`${ORIGIN}/c/${path}`, { redirect: 'manual' });
        expect([302, 500]).not.toContain(click.status);
        await click.body?.cancel();
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
