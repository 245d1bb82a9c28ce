import { execFileSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './lib/browser';
import { startFixtureServer, type FixtureServer } from './lib/fixtureServer';
import { DEV_READ_KEY, fetchJourney, waitForJourney } from './lib/journey';
import { flush, ready } from './lib/sdkPage';

const collector = inject('collectorUrl');
const root = path.resolve(__dirname, '..');
let site: FixtureServer;

// The CLI over the HTTP API, as a site owner runs it (write key of the dev site).
const cli = (...args: string[]) =>
  execFileSync('node', ['cli/hoptrail.mjs', ...args, '--api', collector, '--site', 'demo', '--key', 'demo-write-key'], { cwd: root, encoding: 'utf8' });

beforeAll(async () => {
  site = await startFixtureServer(collector);
});
afterAll(async () => {
  // Other e2e files identify unsigned on `demo`: leave it open (e2e files run one after another).
  cli('identity', 'mode', 'open');
  await site.close();
});

/** What the site's backend does (README, "Signed identify"). */
declare const hoptrail: { reset(): void };
const sign = (secret: string, customerId: string) => createHmac('sha256', secret).update(customerId).digest('hex');

/** One browser, three logins: each page load is a visitor; `reset()` (logout) makes the next one new. */
async function visits(queries: string[]) {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const visitors: string[] = [];
    for (const query of queries) {
      await page.goto(`${site.url}/sdk-identify-signed?${query}`);
      visitors.push(await ready(page));
      await flush(page);
      await page.evaluate(() => hoptrail.reset());
    }
    expect(browser.pageErrors).toEqual([]);
    return visitors;
  } finally {
    await browser.close();
  }
}

describe('signed identify in Chromium', () => {
  it('links a browser whose page carries the backend’s signature, and keeps forged ones anonymous', async () => {
    const created = cli('identity', 'secret');
    const secret = /\n {2}(hts_\S+)\n/.exec(created)![1];
    expect(cli('identity', 'mode', 'signed')).toContain('identify is signed');
    expect(cli('identity', 'status')).not.toContain(secret);

    const customer = `cust-${randomUUID().slice(0, 8)}`;
    const [honest, unsigned, forged] = await visits([
      `customer=${customer}&signature=${sign(secret, customer)}`,
      `customer=${customer}`,
      `customer=${customer}&signature=${sign(secret, 'someone-else')}`,
    ]);
    expect(new Set([honest, unsigned, forged]).size).toBe(3);

    // Each page sent pageview, identify, after_login; only the signed identify is stored.
    const types = (events: { type: string; name: string | null }[]) => events.map((e) => e.name ?? e.type).sort();
    expect(types(await waitForJourney(collector, honest, 3))).toEqual(['after_login', 'identify', 'pageview']);
    for (const attacker of [unsigned, forged]) {
      await waitForJourney(collector, attacker, 2);
      expect(types(await fetchJourney(collector, attacker))).toEqual(['after_login', 'pageview']);
    }
    const res = await fetch(`${collector}/v1/sites/demo/customers/${customer}`, { headers: { authorization: `Bearer ${DEV_READ_KEY}` } });
    expect(((await res.json()) as { customer: { visitorIds: string[] } }).customer.visitorIds).toEqual([honest]);

    const stats = await fetch(`${collector}/v1/sites/demo/ingest-stats`, { headers: { authorization: `Bearer ${DEV_READ_KEY}` } });
    const reasons = ((await stats.json()) as { filtered: { reason: string }[] }).filtered.map((f) => f.reason);
    expect(reasons).toEqual(expect.arrayContaining(['identify_unsigned', 'identify_bad_signature']));
  });
});
