// Simulates one recipient of the sample newsletter against a running collector (`npm start`):
// prepares the campaign, opens the mail (pixel), clicks through to the example site, lands there the
// way the SDK does, browses, then prints the merged customer journey and the campaign report.
//   node examples/newsletter/simulate.mjs            (HOPTRAIL_API=http://127.0.0.1:8787 by default)
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';

const api = (process.env.HOPTRAIL_API ?? 'http://127.0.0.1:8787').replace(/\/$/, '');
const site = 'demo';
const auth = (key) => ({ authorization: `Bearer ${key}` });
const MAIL_CLIENT = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)';
const recipient = `reader-${Date.now()}@example.com`;
const campaign = 'spring-sale';

async function call(method, path, { key, body, headers = {} } = {}) {
  const res = await fetch(api + path, {
    method,
    redirect: 'manual',
    headers: { ...(key && auth(key)), ...(body && { 'content-type': 'text/plain' }), ...headers },
    body: body && JSON.stringify(body),
  }).catch((err) => {
    console.error(`Cannot reach the collector at ${api} (${err.cause?.code ?? err.message}). Start it with: npm start`);
    process.exit(1);
  });
  return res;
}
const step = (text) => console.log(`\n▸ ${text}`);

step(`prepare "${campaign}" for ${recipient}`);
const html = readFileSync(new URL('./spring-sale.html', import.meta.url), 'utf8');
const prepared = await (
  await call('POST', `/v1/sites/${site}/newsletters`, {
    key: 'demo-write-key',
    body: { campaign, html, recipients: [recipient], sentAt: Date.now() - 3600_000, baseUrl: api },
  })
).json();
if (!prepared.tokens) throw new Error(`prepare failed: ${JSON.stringify(prepared)}`);
// What the email tool does: fill the merge field with this recipient's token (an opaque reference).
const mail = prepared.html.split(prepared.mergeTag).join(prepared.tokens[0].token);
const pixel = mail.match(/<img src="([^"]*\/o\/[^"]*)"/)[1];
const cta = [...mail.matchAll(/href="([^"]*\/c\/[^"]*)"/g)].map((m) => m[1])[1];
console.log(`  ${prepared.links.length} tracked links, ${prepared.skipped.length} kept as written, pixel ${pixel.slice(0, 60)}…`);

step('the recipient opens the mail: the client loads the pixel');
const open = await call('GET', new URL(pixel).pathname, { headers: { 'user-agent': MAIL_CLIENT } });
console.log(`  ${open.status} ${open.headers.get('content-type')} ${(await open.arrayBuffer()).byteLength} bytes`);

step('they click "Get 20% off Pro"');
const click = await call('GET', new URL(cta).pathname, { headers: { 'user-agent': MAIL_CLIENT } });
const landing = new URL(click.headers.get('location'));
console.log(`  ${click.status} → ${landing.origin}${landing.pathname}?…&ht_nl=${landing.searchParams.get('ht_nl').slice(0, 16)}…`);

step('the example site loads; its SDK hands the identity token to the collector and cleans the address');
const page = await call('GET', landing.pathname + landing.search);
console.log(`  ${page.status} ${(await page.text()).match(/<title>([^<]*)/)[1]}`);
const visitorId = randomUUID();
const token = landing.searchParams.get('ht_nl');
landing.searchParams.delete('ht_nl');
const landed = await call('POST', '/v1/landing', { body: [site, visitorId, token] });
console.log(`  /v1/landing ${landed.status} ${await landed.text()}`);
const sessionId = randomUUID();
const now = Date.now();
const events = [
  { type: 'pageview', url: landing.href, props: { title: 'Hoptrail demo shop — pricing' } },
  { type: 'event', name: 'plan_chosen', url: landing.href, props: { plan: 'pro' } },
  { type: 'pageview', url: `${api}/app/`, props: { title: 'Demo app' } },
].map((e, seq) => ({ id: randomUUID(), site, visitorId, sessionId, seq, ts: now + seq, ...e }));
// A browser's user agent: the collector filters bot traffic, and Node's own is one.
const sent = await call('POST', '/v1/events', { body: { events, sentAt: Date.now() }, headers: { 'user-agent': MAIL_CLIENT } });
console.log(`  /v1/events ${sent.status} ${await sent.text()}`);

step(`the customer journey of ${recipient}`);
const { events: journey } = await (await call('GET', `/v1/sites/${site}/customers/${encodeURIComponent(recipient)}/journey`, { key: 'demo-read-key' })).json();
const t0 = journey[0].ts;
for (const e of journey) {
  const what = e.type === 'pageview' ? e.path : e.type === 'identify' ? `as ${e.props.customerId}` : e.type === 'newsletter_received' ? e.name : e.type.startsWith('newsletter') ? `${e.name} (${e.props.class}${e.props.linkId ? `, link ${e.props.linkId}` : ''})` : e.name;
  console.log(`  +${String(e.ts - t0).padStart(5)} ms  ${e.type.padEnd(17)} ${what.padEnd(42)} ${e.visitorId}`);
}

step(`campaign report (GET /v1/sites/${site}/newsletters/${campaign})`);
const report = await (await call('GET', `/v1/sites/${site}/newsletters/${campaign}`, { key: 'demo-read-key' })).json();
console.log(`  sent to ${report.sentTo}, human readers ${report.opens.uniqueHuman}, machine opens ${report.opens.machine}, ` +
  `clickers ${report.visits.clickers}, click-to-visit ${report.visits.clickToVisitRate}`);
for (const l of report.clicks.links) console.log(`  link ${l.linkId}: ${l.clicks} clicks  ${l.url}`);
