import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
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

  it('server events: valid events among hostile ones are stored exactly once, the hostile ones refused', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(hostile, { nil: undefined, freq: 2 }), { minLength: 1, maxLength: 5 }), async (slots) => {
        n++;
        // undefined slots get a valid event with a fresh id; the rest stay hostile.
        const events = slots.map((h, i) => (h === undefined ? { id: `fz-${n}-${i}`, type: 'event', name: 'fuzzed', customerId: `c-${n}` } : h));
        const res = await send(SITE, keys.write, 'POST', '/server-events', JSON.stringify({ events }));
        expect(res.status).toBe(200);
        const body = await res.json<{ accepted: number; refused: { index: number; field: string; message: string }[] }>();
        const refused = new Set(body.refused.map((r) => r.index));
        for (const [i, slot] of slots.entries()) {
          if (slot !== undefined) continue;
          expect(refused.has(i)).toBe(false);
          const row = await env.DB.prepare('SELECT count(*) AS n FROM events WHERE site = ? AND id = ?').bind(SITE, `srv:fz-${n}-${i}`).first<{ n: number }>();
          expect(row!.n).toBe(1);
        }
        for (const r of body.refused) expect(r.message).toContain(r.field);
        const hostileCount = slots.filter((s) => s !== undefined).length;
        // A hostile value is refused, unless by chance it is itself a valid server event.
        expect(body.accepted + body.refused.length).toBe(slots.length);
        expect(body.refused.length).toBeLessThanOrEqual(hostileCount);
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
