import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ORIGIN } from './helpers';
import { fetchWorker } from './worker';

describe('endpoints under hostile input (fast-check)', () => {
  it('open pixel and click links: arbitrary tokens never cause a 500 and never redirect', async () => {
    await fc.assert(
      // "." and ".." are dot segments: URL parsing removes them before any route sees a token.
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 300 }).filter((t) => t !== '.' && t !== '..'), async (token) => {
        const path = encodeURIComponent(token);
        const open = await fetchWorker(`${ORIGIN}/o/${path}`, { redirect: 'manual' });
        expect(open.status).toBe(200);
        expect(open.headers.get('content-type')).toContain('image/gif');
        await open.body?.cancel();
        const click = await fetchWorker(`${ORIGIN}/c/${path}`, { redirect: 'manual' });
        expect([302, 500]).not.toContain(click.status);
        await click.body?.cancel();
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
