import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './lib/browser';
import { startFixtureServer, type FixtureServer } from './lib/fixtureServer';
import { DEV_READ_KEY } from './lib/journey';
import { flush, ready, track } from './lib/sdkPage';

const collector = inject('collectorUrl');
let site: FixtureServer;
declare const hoptrail: { identify(id: string, traits?: object): void };

beforeAll(async () => {
  site = await startFixtureServer(collector);
});
afterAll(() => site.close());

interface CustomerJourney {
  customer: { visitorIds: string[]; traits: Record<string, unknown> };
  events: { visitorId: string; type: string; name: string | null }[];
}

describe('identity across devices', () => {
  it('identify on two browsers merges both into one customer journey, with what each did before', async () => {
    const customer = `cust-${randomUUID().slice(0, 8)}`;
    const visitors: string[] = [];
    // Two separate browser profiles: a laptop, then a phone, as the same customer.
    for (const device of ['laptop', 'phone']) {
      const browser = await launchBrowser();
      const page = await browser.newPage();
      await page.goto(`${site.url}/sdk-identify`);
      visitors.push(await ready(page));
      await track(page, `browsed_on_${device}`);
      await page.evaluate(([c, d]) => hoptrail.identify(c, { device: d }), [customer, device]);
      await track(page, `after_login_${device}`);
      await flush(page);
      await browser.close();
    }
    expect(visitors[0]).not.toBe(visitors[1]);

    let body: CustomerJourney | undefined;
    for (let i = 0; i < 40 && !(body?.events.length === 8); i++) {
      const res = await fetch(`${collector}/v1/sites/demo/customers/${customer}/journey`, { headers: { authorization: `Bearer ${DEV_READ_KEY}` } });
      if (res.ok) body = (await res.json()) as CustomerJourney;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(body!.customer.visitorIds.sort()).toEqual([...visitors].sort());
    expect(body!.customer.traits).toEqual({ device: 'phone' });
    expect(body!.events.map((e) => [e.visitorId === visitors[0] ? 'laptop' : 'phone', e.type, e.name])).toEqual([
      ['laptop', 'pageview', null],
      ['laptop', 'event', 'browsed_on_laptop'],
      ['laptop', 'identify', null],
      ['laptop', 'event', 'after_login_laptop'],
      ['phone', 'pageview', null],
      ['phone', 'event', 'browsed_on_phone'],
      ['phone', 'identify', null],
      ['phone', 'event', 'after_login_phone'],
    ]);
  });
});
