import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNo500, hostile, send } from './fuzzHelpers';
import { seedSite } from './helpers';

const SITE = 'fuzz-surveydefinitions';
let keys: { read: string; write: string };

beforeAll(async () => {
  keys = await seedSite(SITE);
});

describe('endpoints under hostile input (fast-check)', () => {
  it('survey definitions: arbitrary definitions never cause a 500', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (questions, targeting) => {
        const body = JSON.stringify({ id: 'fuzzed', name: 'x', questions, targeting });
        await expectNo500(await send(SITE, keys.write, 'POST', '/surveys', body));
        await expectNo500(await send(SITE, keys.write, 'PUT', '/surveys/fuzzed', body));
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
