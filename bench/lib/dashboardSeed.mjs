// The seed generator: fills a running collector with a realistic site (by default 10,000 visitors and
// about 500,000 events over the last week) through the public APIs only (browser ingest, server events,
// newsletter pixel and click links, landing), so every projection, score and segment is what real
// traffic would give. Used by `npm run bench:dashboard` and by examples/dashboard-seed/seed.mjs.
// Deterministic: the same arguments give the same people and the same journeys (ids included), so
// running it twice stores nothing twice. Timestamps are relative to now and kept within the last 6.5
// days: the collector clamps browser timestamps older than 7 days (offline queues, not backfills).
import { createHash } from 'node:crypto';

const DAY = 86_400_000;
// Visitors browse from several devices (the devices report: browser, OS, device type from the user agent).
const DEVICE_UAS = [
  (n) => `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.${n}.0 Safari/537.36`,
  (n) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.${n}.0 Safari/537.36`,
  (n) => `Mozilla/5.0 (iPhone; CPU iPhone OS 17_${n % 7} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1`,
  (n) => `Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.${n}.0 Mobile Safari/537.36`,
  (n) => `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.${n % 5} Safari/605.1.15`,
  (n) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/${120 + (n % 9)}.0`,
  (n) => `Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1`,
  (n) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 Edg/140.0.${n}.0`,
];
const BROWSER_UA = (n) => DEVICE_UAS[n % DEVICE_UAS.length](n);
/**
 * How sessions without a seeded campaign arrive (the channels report): a referrer, ad click ids or
 * UTM tags on the landing URL; every channel of collector/src/acquisition/channels.ts at least once
 * in a few hundred sessions. Picked by a hash of the session, not the PRNG, so journeys stay the same.
 */
const LANDINGS = [
  {}, {}, {}, {}, // direct
  { referrer: 'https://www.google.com/' }, { referrer: 'https://www.google.it/' }, { referrer: 'https://www.bing.com/' }, { referrer: 'https://duckduckgo.com/' },
  { query: 'gclid=seed' }, { query: 'msclkid=seed' },
  { referrer: 'https://l.facebook.com/' }, { referrer: 'https://l.instagram.com/' }, { referrer: 'https://t.co/seed' }, { query: 'fbclid=seed' },
  { query: 'utm_source=facebook&utm_medium=paid_social&utm_campaign=winter-tents' }, { query: 'ttclid=seed' },
  { query: 'utm_source=newsletter&utm_medium=email&utm_campaign=weekly' }, { referrer: 'https://mail.google.com/' },
  { referrer: 'https://trail-blog.example.org/best-tents' }, { referrer: 'https://news.ycombinator.com/' }, { referrer: 'https://forum.example.net/t/42' },
  { query: 'utm_source=gdn&utm_medium=banner&utm_campaign=retarget' }, { query: 'utm_source=outdoor-deals&utm_medium=affiliate' },
  { referrer: 'https://www.youtube.com/' }, { query: 'utm_source=youtube&utm_medium=cpv&utm_campaign=stove-video' },
  { referrer: 'https://www.amazon.de/' }, { query: 'utm_source=google&utm_medium=cpc&utm_campaign=shopping-stoves' },
  { query: 'utm_source=google&utm_medium=cpc&utm_campaign=cross-network-pmax' }, { query: 'utm_source=taboola&utm_medium=cpc' },
  { query: 'utm_source=spotify&utm_medium=audio' }, { query: 'utm_source=sms&utm_campaign=flash-sale' },
  { query: 'utm_source=app&utm_medium=push' }, { query: 'utm_source=partner-portal&utm_medium=qr' },
];
const MAIL_CLIENT = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)';
const PAGES = [
  ['/', 'Hoptrail demo shop'],
  ['/pricing.html', 'Pricing'],
  ['/product.html', 'Trail runner 2'],
  ['/product.html?sku=tent-2p', 'Two-person tent'],
  ['/product.html?sku=stove', 'Camping stove'],
  ['/support.html', 'Support'],
  ['/app/', 'Demo app'],
  ['/app/#/orders', 'Your orders'],
  ['/blog/trail-guide', 'Trail guide'],
  ['/checkout', 'Checkout'],
];
const CAMPAIGNS = [
  { source: 'newsletter', medium: 'email', campaign: 'autumn-sale' },
  { source: 'google', medium: 'cpc', campaign: 'tents' },
  { source: 'instagram', medium: 'social', campaign: 'trail-stories' },
];
const VITALS = { LCP: [900, 4500], INP: [60, 600], CLS: [0, 0.4], FCP: [500, 3200], TTFB: [80, 1400] };
const THRESHOLDS = { LCP: [2500, 4000], INP: [200, 500], CLS: [0.1, 0.25], FCP: [1800, 3000], TTFB: [800, 1800] };
const COMPLAINTS = ['Delivery took too long', 'The checkout kept failing', 'Prices went up', 'Support never answered', 'Hard to find sizes'];
const PRAISE = ['Great tents', 'Fast delivery', 'Lovely support team', 'Easy returns'];
const PLANS = ['free', 'free', 'free', 'pro', 'pro', 'team'];
const COUNTRIES = ['IT', 'DE', 'FR', 'ES', 'GB', 'US', 'NL'];

/** mulberry32: small, fast, seeded; the same seed gives the same site. */
function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Object.assign(next, {
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  });
}

const idOf = (...parts) => createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 32);

/**
 * One visitor's week: sessions of pageviews with vitals, shop events, friction (rage clicks, errors,
 * abandoned checkouts), chats, survey answers; and an identify call for those who sign in.
 * `mood` (0 unhappy … 1 happy) tilts vitals, friction and answers so scores spread across the bands.
 */
export function visitorWeek({ site, index, budget, now, rng, customerId, traits }) {
  const visitorId = `seed-v-${String(index).padStart(6, '0')}`;
  const mood = rng();
  const events = [];
  let t = now - Math.floor(rng() * 6.3 * DAY) - 3600_000;
  let session = 0;
  while (events.length < budget) {
    const sessionId = `seed-s-${index}-${session}`;
    let seq = 0;
    const utm = session === 0 && rng.chance(0.3) ? rng.pick(CAMPAIGNS) : undefined;
    const add = (e) => {
      if (events.length >= budget) return;
      t += rng.int(2_000, 90_000);
      events.push({ id: idOf(site, visitorId, sessionId, seq), site, visitorId, sessionId, seq: seq++, ts: Math.min(t, now - 1000), ...e });
    };
    const pages = rng.int(2, 12);
    for (let p = 0; p < pages && events.length < budget; p++) {
      const [path, title] = p === 0 && session === 0 ? PAGES[0] : rng.pick(PAGES);
      const landing = p === 0 && !utm ? LANDINGS[parseInt(idOf(visitorId, session).slice(0, 8), 16) % LANDINGS.length] : {};
      const query = p === 0 && utm ? `utm_source=${utm.source}&utm_campaign=${utm.campaign}` : landing.query;
      const url = `https://shop.example${path}${query ? `${path.includes('?') ? '&' : '?'}${query}` : ''}`;
      const tags = landing.query ? Object.fromEntries([...new URLSearchParams(landing.query)].filter(([k]) => k.startsWith('utm_')).map(([k, v]) => [k.slice(4), v])) : {};
      const utmProps = p === 0 && utm ? utm : Object.keys(tags).length ? tags : undefined;
      add({ type: 'pageview', url, props: { title, viewport: '1280x720', lang: 'en', ...(landing.referrer && { referrer: landing.referrer }), ...(utmProps && { utm: utmProps }) } });
      if (p === 0) {
        for (const name of ['TTFB', 'FCP', 'LCP']) add({ type: 'vital', name, url, props: vital(name, mood, rng) });
      }
      if (path.startsWith('/product') && rng.chance(0.35)) add({ type: 'event', name: 'add_to_cart', url, props: { sku: path.split('=')[1] ?? 'runner-2' } });
      if (path === '/checkout') {
        const completed = rng.chance(0.25 + mood * 0.6);
        add({ type: 'event', name: completed ? 'checkout_completed' : 'checkout_abandoned', url, props: {} });
        // A completed checkout is a purchase (order id unique per visitor, session and step); mostly euros.
        if (completed) add({ type: 'purchase', url, props: { value: rng.int(20, 240), currency: rng.chance(0.85) ? 'EUR' : 'USD', orderId: `order-${idOf(visitorId, sessionId, seq).slice(0, 12)}` } });
      }
      if (rng.chance(0.04 * (1.5 - mood))) add({ type: 'event', name: rng.chance(0.6) ? 'rage_click' : 'js_error', url, props: { selector: 'button.buy' } });
      if (p === pages - 1) for (const name of ['INP', 'CLS']) add({ type: 'vital', name, url, props: vital(name, mood, rng) });
    }
    if (session === 0 && customerId) add({ type: 'identify', url: 'https://shop.example/app/', props: { customerId, traits } });
    if (rng.chance(0.05)) chat(add, rng, mood, `${visitorId}-${session}`);
    if (rng.chance(0.04)) survey(add, rng, mood, 'home-nps', `${visitorId}-${session}`);
    if (rng.chance(0.03)) survey(add, rng, mood, 'product-csat', `${visitorId}-${session}`);
    session++;
    t += rng.int(2, 30) * 3600_000;
    if (t > now - 60_000) t = now - Math.floor(rng() * DAY); // wrap: later sessions of a busy visitor
  }
  return { visitorId, events };
}

function vital(name, mood, rng) {
  const [lo, hi] = VITALS[name];
  const value = lo + (hi - lo) * Math.min(1, rng() * (1.3 - mood));
  const [good, poor] = THRESHOLDS[name];
  const rounded = name === 'CLS' ? Math.round(value * 1000) / 1000 : Math.round(value);
  return { value: rounded, rating: rounded <= good ? 'good' : rounded <= poor ? 'needs-improvement' : 'poor' };
}

function chat(add, rng, mood, key) {
  const conversationId = `seed-chat-${key}`;
  add({ type: 'chat_started', url: 'https://shop.example/support.html', props: { channel: 'crisp', agent: 'Giulia', conversationId } });
  for (let m = rng.int(2, 6); m > 0; m--) {
    add({ type: 'chat_message', props: { from: m % 2 ? 'visitor' : 'agent', length: rng.int(10, 240), channel: 'crisp', conversationId } });
  }
  const resolved = rng.chance(0.4 + mood * 0.5);
  add({ type: 'chat_ended', props: { resolved, rating: Math.max(1, Math.min(5, Math.round(1 + mood * 4 + (rng() - 0.5)))), channel: 'crisp', conversationId } });
  if (rng.chance(0.5)) survey(add, rng, mood, 'support-ces', key);
}

function survey(add, rng, mood, surveyId, key) {
  const responseId = `seed-r-${surveyId}-${key}`;
  const base = { surveyId, responseId, channel: 'web', trigger: surveyId === 'support-ces' ? 'chat' : 'page' };
  add({ type: 'survey_shown', props: base });
  const noisy = (max) => Math.max(0, Math.min(max, Math.round(mood * max + (rng() - 0.5) * max * 0.5)));
  if (surveyId === 'home-nps') {
    const score = noisy(10);
    add({ type: 'survey_answered', props: { ...base, questionId: 'score', questionType: 'nps', value: score, completed: score > 6 } });
    if (score <= 6) add({ type: 'survey_answered', props: { ...base, questionId: 'better', questionType: 'text', value: rng.pick(COMPLAINTS), completed: true } });
    else if (rng.chance(0.2)) add({ type: 'event', name: 'review_written', props: { text: rng.pick(PRAISE) } });
  } else if (surveyId === 'product-csat') {
    add({ type: 'survey_answered', props: { ...base, questionId: 'csat', questionType: 'csat', value: 1 + noisy(4), completed: true } });
  } else {
    add({ type: 'survey_answered', props: { ...base, questionId: 'effort', questionType: 'ces', value: 1 + noisy(6), completed: true } });
  }
}

/** Who signs in: about a third of visitors; some customers use a second device. */
export function people(visitors, rng) {
  const out = [];
  let customers = 0;
  for (let i = 0; i < visitors; i++) {
    if (!rng.chance(0.35)) {
      out.push({});
      continue;
    }
    const second = customers > 50 && rng.chance(0.1);
    const n = second ? rng.int(1, customers) : ++customers;
    const customerId = `customer-${String(n).padStart(5, '0')}@shop.example`;
    out.push({ customerId, traits: { plan: PLANS[n % PLANS.length], country: COUNTRIES[n % COUNTRIES.length], name: `Customer ${n}` } });
  }
  return { people: out, customers };
}

/** Seeds `api` (site demo, dev keys). Returns counts. Used by `npm run bench:dashboard` too. */
export async function seed({ api, visitors, events, site = 'demo', write = 'demo-write-key', read = 'demo-read-key', log = () => {}, concurrency = 4 }) {
  const t0 = performance.now();
  const plan = seedPlan({ visitors, events });
  const browser = await seedVisitors({ plan, site, store: viaApi(api), log, concurrency });
  const extra = await seedExtras({ plan, api, site, write, read, log });
  return { ...browser, ...extra, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Who visits and how much each does: a third sign in, and per-visitor budgets with a long tail (most
 * visitors do little, a few do a lot) scaled to `events`. The plan's rng goes on to seedExtras.
 */
export function seedPlan({ visitors, events: target }) {
  const rng = random(20261124);
  const now = Date.now();
  const { people: who, customers } = people(visitors, rng);
  const mean = target / visitors;
  const raw = who.map(() => Math.max(3, -Math.log(1 - rng() * 0.999) * mean));
  const scale = target / raw.reduce((a, b) => a + b, 0);
  const budgets = raw.map((r) => Math.max(3, Math.round(r * scale)));
  return { rng, now, who, customers, budgets, visitors, target };
}

/** Browser batches through POST /v1/events, retried on 429/5xx. */
export function viaApi(api) {
  return async (batch, index) => {
    const res = await postJson(api, '/v1/events', { events: batch, sentAt: Date.now() }, { 'user-agent': BROWSER_UA(index) });
    return res.accepted ?? 0;
  };
}

/** The browser user agent of visitor `index` (the devices report); for stores that build the request. */
export const browserUa = BROWSER_UA;

async function postJson(api, path, body, headers) {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(api + path, { method: 'POST', headers: { 'content-type': 'text/plain', ...headers }, body: JSON.stringify(body) });
    if (res.ok) return res.json();
    const retry = res.status === 429 || res.status >= 500;
    if (!retry || attempt > 8) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
  }
}

/**
 * Every visitor's week in batches of 100 browser events, handed to `store(batch, visitorIndex)` (which
 * returns how many were new): the public API (viaApi) or the collector's ingest on the D1 file.
 */
export async function seedVisitors({ plan, site = 'demo', store, log = () => {}, concurrency = 4 }) {
  const { visitors, who, budgets, now, customers, target } = plan;
  const t0 = performance.now();
  let sent = 0;
  let stored = 0;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < visitors; i = next++) {
      const { events } = visitorWeek({ site, index: i, budget: budgets[i], now, rng: random(i + 1), ...who[i] });
      for (let k = 0; k < events.length; k += 100) {
        const batch = events.slice(k, k + 100);
        stored += await store(batch, i);
        sent += batch.length;
      }
      if (i % 10_000 === 9_999 || (visitors <= 20_000 && i % 1000 === 999)) log(`  ${i + 1} visitors, ${sent} events, ${Math.round(sent / ((performance.now() - t0) / 1000))} events/s`);
    }
  };
  log(`seeding ${visitors} visitors (${customers} customers), ~${target} events (site ${site})`);
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { visitors, customers, sent, stored, seconds: (performance.now() - t0) / 1000 };
}

/** The helpdesk's tickets and the newsletter, through the running collector's API (after seedVisitors). */
export async function seedExtras({ plan, api, site = 'demo', write = 'demo-write-key', read = 'demo-read-key', log = () => {} }) {
  const post = (path, body, headers) => postJson(api, path, body, headers);
  const extra = await helpdeskAndNewsletter({ api, site, write, read, who: plan.who, now: plan.now, rng: plan.rng, post });
  log(`helpdesk and newsletter: ${extra.tickets} ticket events, newsletter to ${extra.recipients} (${extra.opens} opens, ${extra.clicks} clicks, ${extra.landings} landings)`);
  return extra;
}

/**
 * fetch, waiting out the collector's per-client rate limit (1,000 requests a minute from one address,
 * wrangler.toml; all of this script's readers come from one): a 429 is retried after its Retry-After.
 */
async function fetchUnlimited(url, init) {
  for (;;) {
    const res = await fetch(url, init);
    if (res.status !== 429) return res;
    await res.arrayBuffer();
    await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
  }
}

/** Tickets from the helpdesk (server events) and one newsletter read and clicked through the real links. */
async function helpdeskAndNewsletter({ api, site, write, who, now, rng, post }) {
  const auth = { authorization: `Bearer ${write}` };
  const customers = [...new Set(who.map((p) => p.customerId).filter(Boolean))];
  const ticketEvents = [];
  for (const [n, customerId] of customers.entries()) {
    if (!rng.chance(0.08)) continue;
    const ticketId = `T-${n}`;
    const opened = now - rng.int(1, 6) * DAY;
    ticketEvents.push({ id: `seed-${ticketId}-open`, type: 'ticket_opened', customerId, ts: opened, props: { ticketId, helpdesk: 'zendesk', subject: 'Order question', priority: rng.pick(['low', 'normal', 'high']) } });
    if (rng.chance(0.7)) {
      const resolutionMs = rng.int(1, 72) * 3600_000;
      ticketEvents.push({ id: `seed-${ticketId}-done`, type: 'ticket_resolved', customerId, ts: Math.min(now - 1000, opened + resolutionMs), props: { ticketId, helpdesk: 'zendesk', resolutionMs, satisfaction: rng.int(1, 5) } });
    }
  }
  for (let k = 0; k < ticketEvents.length; k += 100) await post(`/v1/sites/${site}/server-events`, { events: ticketEvents.slice(k, k + 100) }, auth);

  // The autumn newsletter went to every customer two days ago; a share opened it, fewer clicked.
  const recipients = customers.slice(0, 3000);
  const html = '<p>Autumn sale</p><a href="https://shop.example/pricing.html">20% off</a><a href="https://shop.example/product.html?sku=tent-2p">Tents</a>';
  const tokens = [];
  let links;
  for (let k = 0; k < recipients.length; k += 1000) {
    const prepared = await post(`/v1/sites/${site}/newsletters`, { campaign: 'autumn-sale', html, recipients: recipients.slice(k, k + 1000), sentAt: now - 2 * DAY, baseUrl: api }, auth);
    tokens.push(...prepared.tokens);
    links ??= prepared;
  }
  const mail = links.html.split(links.mergeTag);
  let opens = 0;
  let clicks = 0;
  let landings = 0;
  const readers = tokens.filter(() => rng.chance(0.45));
  await Promise.all(
    Array.from({ length: 8 }, async (_, w) => {
      for (let r = w; r < readers.length; r += 8) {
        const personal = mail.join(readers[r].token);
        const pixel = personal.match(/<img src="([^"]*\/o\/[^"]*)"/)[1];
        const res = await fetchUnlimited(pixel, { headers: { 'user-agent': MAIL_CLIENT } });
        await res.arrayBuffer();
        opens++;
        if (r % 3) continue;
        const cta = [...personal.matchAll(/href="([^"]*\/c\/[^"]*)"/g)][r % 2][1];
        const click = await fetchUnlimited(cta, { headers: { 'user-agent': MAIL_CLIENT }, redirect: 'manual' });
        await click.arrayBuffer();
        if (click.status !== 302) throw new Error(`newsletter click: ${click.status}`);
        clicks++;
        const landing = new URL(click.headers.get('location'));
        const visitorId = `seed-nl-${readers[r].recipient ?? r}`.replace(/[^A-Za-z0-9._:-]/g, '-').slice(0, 120);
        const res2 = await fetchUnlimited(`${api}/v1/landing`, { method: 'POST', headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA(100_000 + r) }, body: JSON.stringify([site, visitorId, landing.searchParams.get('ht_nl')]) });
        await res2.arrayBuffer();
        landing.searchParams.delete('ht_nl');
        const sessionId = `seed-nl-s-${r}`;
        const landed = [{ id: idOf(site, visitorId, 'landing'), site, visitorId, sessionId, seq: 0, ts: Date.now() - 1000, type: 'pageview', url: landing.href, props: { title: 'Landing', utm: { source: 'newsletter', campaign: 'autumn-sale' } } }];
        // Every other reader who lands buys in that session: the campaign's revenue.
        if (r % 2 === 0) landed.push({ id: idOf(site, visitorId, 'landing-order'), site, visitorId, sessionId, seq: 1, ts: Date.now() - 500, type: 'purchase', url: landing.href, props: { value: 60 + (r % 5) * 20, currency: 'EUR', orderId: `nl-order-${idOf(visitorId).slice(0, 12)}` } });
        await post('/v1/events', { events: landed }, { 'user-agent': BROWSER_UA(100_000 + r) });
        landings++;
      }
    }),
  );
  return { tickets: ticketEvents.length, recipients: recipients.length, opens, clicks, landings };
}

