import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { campaignReport } from '../src/newsletter/campaignReport';
import { eraseCustomer, eraseVisitor } from '../src/store/erasure';
import { storeEvents } from '../src/store/events';
import { getCampaign } from '../src/store/newsletters';

// Whatever opens, clicks, page views and identifies arrive, in whatever order and batches, retried or
// not, each campaign's kept funnel counts equal its full report (the real report code), also after
// erasing a browser and a recipient.
const CAMPAIGNS = ['c1', 'c2'];
const RECIPIENTS = ['r0', 'r1', 'r2', 'r3'];
const VISITORS = ['v0', 'v1', 'v2', 'v3', 'v4'];
const BASE = Date.now() - 86_400_000;
let run = 0;

const newsletterEvent = fc.record({
  kind: fc.constantFrom('newsletter_open', 'newsletter_click'),
  campaign: fc.constantFrom(...CAMPAIGNS),
  recipient: fc.constantFrom(...RECIPIENTS),
  class: fc.constantFrom('human', 'apple_mpp', 'image_proxy', 'scanner'),
  linkId: fc.integer({ min: 1, max: 3 }),
  at: fc.integer({ min: 0, max: 12_000 }),
  // Readers open and click again: the same event repeated, `gap` ms apart.
  times: fc.integer({ min: 1, max: 3 }),
  gap: fc.integer({ min: 0, max: 3_000 }),
});
const browserEvent = fc.oneof(
  fc.record({ kind: fc.constant('pageview'), visitor: fc.constantFrom(...VISITORS), at: fc.integer({ min: -5_000, max: 15_000 }) }),
  fc.record({ kind: fc.constant('identify'), visitor: fc.constantFrom(...VISITORS), recipient: fc.constantFrom(...RECIPIENTS), at: fc.integer({ min: 0, max: 15_000 }) }),
);
const scenario = fc.record({
  events: fc.array(fc.oneof(newsletterEvent, browserEvent), { minLength: 1, maxLength: 30 }),
  batch: fc.integer({ min: 1, max: 4 }),
  retried: fc.array(fc.nat(), { maxLength: 3 }),
  erasedVisitor: fc.constantFrom(...VISITORS),
  erasedRecipient: fc.constantFrom(...RECIPIENTS),
});

type Item = Record<string, any>;

function toRow(site: string, e: Item, n: number) {
  const ts = BASE + e.at;
  const base = { id: `${site}-${n}`, session_id: 's', seq: n, ts, client_ts: ts, url: null, path: '/', name: null as string | null };
  if (e.kind === 'pageview') return { source: 'sdk', row: { ...base, visitor_id: e.visitor, type: 'pageview', props: {} } };
  if (e.kind === 'identify') return { source: 'sdk', row: { ...base, visitor_id: e.visitor, type: 'identify', props: { customerId: e.recipient, traits: {} } } };
  const props = { campaign: e.campaign, recipient: e.recipient, verified: true, class: e.class, confidence: 1, reasons: [] };
  const click = e.kind === 'newsletter_click' ? { linkId: e.linkId, url: `https://shop.example/${e.linkId}` } : {};
  return {
    source: e.kind === 'newsletter_click' ? 'click' : 'pixel',
    row: { ...base, visitor_id: `customer:${e.recipient}`, type: e.kind, name: e.campaign, props: { ...props, ...click } },
  };
}

async function expectCountsEqualReports(site: string) {
  for (const name of CAMPAIGNS) {
    const report = await campaignReport(env.DB, site, (await getCampaign(env.DB, site, name))!);
    const kept = await env.DB.prepare('SELECT sent, human_opens, clickers, visited FROM newsletter_funnel_counts WHERE site = ? AND campaign = ?')
      .bind(site, name)
      .first<{ sent: number; human_opens: number; clickers: number; visited: number }>();
    expect({ campaign: name, sent: kept?.sent ?? 0, humanOpens: kept?.human_opens ?? 0, clicks: kept?.clickers ?? 0, visits: kept?.visited ?? 0 }).toEqual({
      campaign: name,
      sent: report.sentTo ?? 0,
      humanOpens: report.opens.uniqueHuman,
      clicks: report.clicks.uniqueClickers,
      visits: report.visits.visited,
    });
  }
}

it('keeps each campaign funnel equal to its full report, whatever arrives in whatever order', async () => {
  await fc.assert(
    fc.asyncProperty(scenario, async (s) => {
      const site = `fzfunnel-${run++}`;
      for (const campaign of CAMPAIGNS) {
        await env.DB.batch([
          env.DB.prepare('INSERT INTO newsletters (site, campaign, sent_at, expires_at, created_at) VALUES (?, ?, ?, ?, ?)').bind(site, campaign, BASE, BASE + 1e9, BASE),
          env.DB.prepare(`INSERT INTO newsletter_recipients (site, campaign, recipient) SELECT ?1, ?2, value FROM json_each(?3)`).bind(site, campaign, JSON.stringify(RECIPIENTS.slice(1))),
        ]);
      }
      // Consecutive events of one source make a batch of at most `batch`; some batches arrive twice.
      const expanded = s.events.flatMap((e): Item[] =>
        'times' in e ? Array.from({ length: e.times }, (_, j) => ({ ...e, at: e.at + j * e.gap })) : [e],
      );
      const rows = expanded.map((e, n) => toRow(site, e, n));
      const batches: { source: string; rows: any[] }[] = [];
      for (const r of rows) {
        const last = batches.at(-1);
        if (last && last.source === r.source && last.rows.length < s.batch) last.rows.push(r.row);
        else batches.push({ source: r.source, rows: [r.row] });
      }
      for (let i = 0; i < batches.length; i++) {
        await storeEvents(env.DB, site, batches[i].source, batches[i].rows, Date.now());
        if (s.retried.includes(i)) await storeEvents(env.DB, site, batches[i].source, batches[i].rows, Date.now());
      }
      await expectCountsEqualReports(site);
      await eraseVisitor(env.DB, site, s.erasedVisitor);
      await expectCountsEqualReports(site);
      await eraseCustomer(env.DB, site, s.erasedRecipient);
      await expectCountsEqualReports(site);
    }),
    { numRuns: 30 },
  );
}, 120_000);
