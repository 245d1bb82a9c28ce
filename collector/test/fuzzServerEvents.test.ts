import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNo500, hostile, send } from './fuzzHelpers';
import { seedSite } from './helpers';

const SITE = 'fuzz-serverevents';
let keys: { read: string; write: string };

beforeAll(async () => {
  keys = await seedSite(SITE);
});

describe('endpoints under hostile input (fast-check)', () => {
  it('server events: arbitrary bodies and events never cause a 500', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, fc.array(hostile, { maxLength: 4 }), async (raw, events) => {
        await expectNo500(await send(SITE, keys.write, 'POST', '/server-events', JSON.stringify(raw)));
        await expectNo500(await send(SITE, keys.write, 'POST', '/server-events', JSON.stringify({ events })));
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
