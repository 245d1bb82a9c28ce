// npm run bench:soak — a steady ingest rate against the local collector for a while (default 10 min),
// sampling the memory of the wrangler/workerd process tree; prints the samples, growth, and a final
// check that D1 holds exactly what was accepted.
//   node bench/soak.mjs [--minutes 10] [--rate 50 (batches/s)] [--sample 30 (s)]
import { startLocalCollector } from '../scripts/lib/localCollector.mjs';
import { benchArgs } from './lib/args.mjs';
import { nextClientAddress } from './lib/clientAddress.mjs';

const args = benchArgs('npm run bench:soak -- [options]   a steady ingest rate, sampling the memory of wrangler/workerd', {
  minutes: { type: 'number', default: 10, help: 'how long to run' },
  rate: { type: 'number', default: 50, help: 'batches of 20 events per second' },
  sample: { type: 'number', default: 30, help: 'seconds between memory samples' },
});
const MINUTES = args.minutes;
const RATE = args.rate;
const SAMPLE_S = args.sample;
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

const collector = await startLocalCollector({
  vars: { RATE_LIMIT_CLIENT_PER_MINUTE: '100000000', RATE_LIMIT_SITE_PER_MINUTE: '100000000' },
});
let accepted = 0;
let failed = 0;
const statuses = {};
let seq = 0;
const samples = [];
const started = Date.now();
const endAt = started + MINUTES * 60_000;

let sent = 0;
let completed = 0;
async function sendOne() {
  sent++;
  const visitor = `soak-visitor-${Math.floor(Math.random() * 2000)}`;
  const now = Date.now();
  const events = Array.from({ length: 20 }, (_, i) => ({
    id: crypto.randomUUID(),
    site: 'demo',
    type: 'event',
    name: 'soak',
    visitorId: visitor,
    sessionId: `${visitor}-s`,
    seq: seq++,
    ts: now - i,
    props: { i },
  }));
  try {
    const res = await fetch(`${collector.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': UA, 'cf-connecting-ip': nextClientAddress() },
      body: JSON.stringify({ events, sentAt: now }),
    });
    completed++;
    // Read first, then add: `accepted += await …` would read `accepted` before the await and lose updates.
    if (res.ok) {
      const body = await res.json();
      accepted += body.accepted;
    }
    if (!res.ok) {
      failed++;
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }
  } catch (err) {
    failed++;
    statuses[String(err.cause?.code ?? err.message)] = (statuses[String(err.cause?.code ?? err.message)] ?? 0) + 1;
  }
}

try {
  const inFlight = new Set();
  let nextSample = started;
  while (Date.now() < endAt) {
    const tickStart = Date.now();
    for (let i = 0; i < RATE; i++) {
      const p = sendOne().finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    if (Date.now() >= nextSample) {
      samples.push({ 'minute': ((Date.now() - started) / 60_000).toFixed(1), 'rss MB': (collector.memoryKb() / 1024).toFixed(1), accepted });
      nextSample += SAMPLE_S * 1000;
    }
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - tickStart))));
  }
  await Promise.all(inFlight);
  samples.push({ minute: ((Date.now() - started) / 60_000).toFixed(1), 'rss MB': (collector.memoryKb() / 1024).toFixed(1), accepted });
  const [{ n }] = collector.d1('SELECT count(*) AS n FROM events');
  console.log(`\nbench:soak — ${RATE} batches/s × 20 events for ${MINUTES} min against wrangler dev --local`);
  console.table(samples);
  const settled = samples.slice(Math.floor(samples.length / 3)).map((s) => Number(s['rss MB']));
  console.log(`memory after warm-up: min ${Math.min(...settled)} MB, max ${Math.max(...settled)} MB, last ${settled.at(-1)} MB`);
  console.log(`requests sent ${sent}, answered ${completed}; accepted ${accepted}, failed requests ${failed} ${JSON.stringify(statuses)}, stored in D1 ${n} → ${n === accepted ? 'exact' : 'MISMATCH'}`);
} finally {
  collector.stop();
  collector.cleanup();
}
