import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { postEvents, seedSite } from './helpers';

// Property-based fuzzing of ingest. The invariant, whatever arrives: valid events stored exactly once,
// invalid ones reported (index, field), a whole-batch 4xx with a JSON error only for the envelope,
// never a 500.
// Mutated valid batches: fuzzIngestBatch.test.ts.

const SITE = 'fuzz-site';

beforeAll(async () => {
  await seedSite(SITE);
});

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

  it('answers an arbitrary JSON event with a 4xx naming a field or a refusal naming it, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.boolean(), async (value, withSite) => {
        // With a site, the batch's envelope is fine and the event itself is refused.
        const event = withSite && value && typeof value === 'object' && !Array.isArray(value) ? { ...value, site: SITE } : value;
        const res = await postEvents({ events: [event] });
        expect(res.status).not.toBe(500);
        const body = await res.json<{ error?: string; field?: string; accepted?: number; refused?: { index: number; field: string }[] }>();
        if (res.status === 200) {
          expect(body.accepted).toBe(0);
          expect(body.refused).toEqual([expect.objectContaining({ index: 0, field: expect.stringMatching(/^events\[0\]/) })]);
        } else {
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          expect(body.field).toMatch(/^(body|events)/);
        }
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('keeps the prototype of every object clean whatever the keys', async () => {
    const res = await postEvents('{"events":[{"__proto__":{"polluted":1}}]}');
    expect(res.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
