import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectInvariant, NASTY, PATHS, setPath } from './fuzzIngestHelpers';
import { customEvent, pageview, postEvents, seedSite } from './helpers';

// Property-based fuzzing of ingest with valid batches one hostile value away from valid.

const SITE = 'fuzz-batch-site';

beforeAll(async () => {
  await seedSite(SITE);
});

describe('ingest under hostile input (fast-check)', () => {
  it('stores the valid events of a mutated batch exactly once and as sent, and refuses the invalid one', async () => {
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
          const res = await postEvents(JSON.stringify({ events }));
          const body = await expectInvariant(SITE, res, events);
          const mutatedStored = res.status === 200 && !(body.refused as { index: number }[]).some((r) => r.index === which % size);
          if (mutatedStored) {
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
});
