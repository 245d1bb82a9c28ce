// npm run bench:sdk — the SDK's cost on the page's main thread, in real headless Chromium:
// - init: parse, compile and run of the script-tag build (first pageview included), inline so no
//   network time counts, median and p95 over fresh page loads;
// - 1,000 track() calls in a loop, and the same including the deferred work they cause (one storage
//   write, starting the batched sends);
// - long tasks (> 50 ms, PerformanceObserver 'longtask') that overlap the SDK's work.
// Run without throttling and with 4x CPU throttling (a mid-range phone). Only 127.0.0.1 is used.
// Then the cost of delivery at unload (a beacon is not an acknowledgement, so the next page sends
// what the last beacon carried again): requests and bytes per page view over a browsing session,
// with short views (left before the 5 s send) and long ones (web vitals leave at unload).
// `--delivery-only` skips the timing part; `--core <file>` (or HOPTRAIL_CORE) measures another core build.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import { benchArgs } from './lib/args.mjs';

const args = benchArgs('npm run bench:sdk -- [options]   the SDK\'s main-thread cost and delivery cost in headless Chromium', {
  'delivery-only': { type: 'boolean', help: 'skip the timing part' },
  core: { type: 'string', default: process.env.HOPTRAIL_CORE ?? 'dist/hoptrail.js', help: 'the core build to measure (or HOPTRAIL_CORE)' },
});
const LOADS = 15;
const core = readFileSync(args.core, 'utf8');
const deliveryOnly = args['delivery-only'];
let received = new Set();

const page = (origin) => `<!doctype html><html><head><title>bench</title><script>
window.__lt = [];
try { new PerformanceObserver((l) => __lt.push(...l.getEntries().map((e) => ({ start: e.startTime, duration: e.duration })))).observe({ type: 'longtask', buffered: true }); } catch {}
window.__t0 = performance.now();
</script>
<script data-site="demo" data-api="${origin}" data-vitals="false">${core}</script>
<script>window.__init = [__t0, performance.now()];</script></head><body>bench</body></html>`;

const server = createServer((req, res) => {
  const origin = `http://${req.headers.host}`;
  if (req.method === 'POST' && req.url === '/v1/events') {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      // Distinct ids: what a page left by beacon, the next load sends again (dedup absorbs it).
      for (const e of JSON.parse(body).events) received.add(e.id);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":1,"duplicates":0}');
    });
    return;
  }
  if (req.url.startsWith('/sdk/')) {
    res.writeHead(200, { 'content-type': 'text/javascript' });
    return res.end(readFileSync(`dist${req.url}`));
  }
  res.writeHead(200, { 'content-type': 'text/html' }).end(page(origin));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  // A headed UA: the collector filters HeadlessChrome as a bot (see e2e/lib/browser.ts).
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--user-agent=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'],
});

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] };
};
const ms = (x) => `${x.toFixed(2)} ms`;

for (const throttle of deliveryOnly ? [] : [1, 4]) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  const inits = [];
  const loops = [];
  const withDeferred = [];
  let longTasks = 0;
  let sdkLongTasks = 0;
  let maxLongTask = 0;
  received = new Set();
  for (let i = 0; i < LOADS; i++) {
    await tab.goto(url);
    await tab.waitForFunction(() => window.hoptrail && !window.hoptrail.q);
    const r = await tab.evaluate(async () => {
      const t0 = performance.now();
      for (let i = 0; i < 1000; i++) hoptrail.track('bench_event', { i, plan: 'pro' });
      const t1 = performance.now();
      await new Promise((r) => setTimeout(r));
      const t2 = performance.now();
      await hoptrail.flush();
      await new Promise((r) => setTimeout(r, 300));
      return { init: __init, loop: [t0, t1], deferred: [t0, t2], lt: __lt };
    });
    inits.push(r.init[1] - r.init[0]);
    loops.push(r.loop[1] - r.loop[0]);
    withDeferred.push(r.deferred[1] - r.deferred[0]);
    const overlaps = ([a, b]) => (t) => t.start < b && t.start + t.duration > a;
    longTasks += r.lt.length;
    sdkLongTasks += r.lt.filter((t) => overlaps(r.init)(t) || overlaps(r.deferred)(t)).length;
    for (const t of r.lt) maxLongTask = Math.max(maxLongTask, t.duration);
  }
  await tab.goto('about:blank');
  await new Promise((r) => setTimeout(r, 500));
  const i = stats(inits);
  const l = stats(loops);
  const d = stats(withDeferred);
  console.log(`\nCPU ${throttle}x, ${LOADS} page loads (Chromium ${browser.version()})`);
  console.log(`  init (parse + run + first pageview):     median ${ms(i.median)}, p95 ${ms(i.p95)}`);
  console.log(`  1,000 track() calls, the loop:            median ${ms(l.median)}, p95 ${ms(l.p95)}  (${ms(l.median / 1000)} per call)`);
  console.log(`  1,000 track() + deferred storage/sends:   median ${ms(d.median)}, p95 ${ms(d.p95)}`);
  console.log(`  long tasks > 50 ms: ${longTasks} in all (longest ${ms(maxLongTask)}), ${sdkLongTasks} overlapping the SDK's work`);
  console.log(`  distinct events received by the collector stub: ${received.size} of ${LOADS * 1001}`);
  await context.close();
}

// Delivery at unload: a session of page views through links, each page tracking one click.
const VIEWS = 10;
const posts = [];
const visit = (n) => `<!doctype html><html><head><title>visit ${n}</title>
<script src="/hoptrail.js" data-site="demo"></script></head>
<body><button id="b" onclick="hoptrail.track('clicked', { n: ${n} })">b</button><a id="next" href="/visit/${n + 1}">next</a></body></html>`;
const site = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/v1/events') {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      posts.push({ bytes: Buffer.byteLength(body), ids: JSON.parse(body).events.map((e) => e.id) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":1,"duplicates":0,"refused":[]}');
    });
    return;
  }
  if (req.url === '/hoptrail.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(core);
  if (req.url.startsWith('/sdk/')) return res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(`dist${req.url}`));
  if (req.url.startsWith('/v1/')) return res.writeHead(200, { 'content-type': 'application/json' }).end('{"surveys":[]}');
  res.writeHead(200, { 'content-type': 'text/html' }).end(visit(Number(req.url.split('/').pop()) || 0));
});
await new Promise((r) => site.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${site.address().port}`;
// Waits until no request arrived for `quietMs` (sends leave on the SDK's schedule, not ours).
const settle = async (quietMs = 1500) => {
  let n = -1;
  while (n !== posts.length) {
    n = posts.length;
    await new Promise((r) => setTimeout(r, quietMs));
  }
};
console.log(`\nDelivery at unload, ${VIEWS} page views per session (Chromium ${browser.version()}, vitals on)`);
for (const [label, dwellMs] of [['short views (1 s, left before the 5 s send)', 1000], ['long views (6 s)', 6000]]) {
  posts.length = 0;
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(`${origin}/visit/0`);
  for (let i = 0; i < VIEWS; i++) {
    await tab.waitForFunction(() => window.hoptrail && !window.hoptrail.q);
    await tab.click('#b');
    await new Promise((r) => setTimeout(r, dwellMs));
    await tab.click('#next');
  }
  // The page after the last view sends what the last beacon carried; then it is closed unmeasured.
  await tab.waitForFunction(() => window.hoptrail && !window.hoptrail.q);
  await settle();
  const sentIds = posts.flatMap((p) => p.ids);
  const unique = new Set(sentIds).size;
  const bytes = posts.reduce((n, p) => n + p.bytes, 0);
  console.log(`  ${label}:`);
  console.log(`    requests ${(posts.length / VIEWS).toFixed(2)} per page view, ${Math.round(bytes / VIEWS)} B of bodies per page view`);
  console.log(`    events sent ${sentIds.length} for ${unique} distinct: ${((sentIds.length - unique) / VIEWS).toFixed(2)} repeats per page view (absorbed by the collector's dedup)`);
  await context.close();
}
site.close();

await browser.close();
server.close();
