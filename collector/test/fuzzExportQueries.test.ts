import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNo500 } from './fuzzHelpers';
import { ORIGIN, seedSite } from './helpers';
import { fetchWorker } from './worker';

const SITE = 'fuzz-exportqueries';
let keys: { read: string; write: string };

beforeAll(async () => {
  keys = await seedSite(SITE);
});

describe('endpoints under hostile input (fast-check)', () => {
  it('exports and lists: arbitrary query strings never cause a 500', async () => {
    const param = fc.oneof(fc.string(), fc.constantFrom('-1', '0', '1e309', 'NaN', "' OR 1=1", '%00', 'csv', 'ndjson', 'x'.repeat(3000)));
    await fc.assert(
      fc.asyncProperty(param, param, param, param, async (format, from, segment, cursor) => {
        const q = new URLSearchParams({ format, from, segment, cursor, limit: from }).toString();
        for (const path of [`/exports/journeys?${q}`, `/exports/visitors?${q}`, `/visitors?${q}`, `/surveys/x/results?${q}`]) {
          const res = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}${path}`, { headers: { authorization: `Bearer ${keys.read}` } });
          await expectNo500(res);
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
