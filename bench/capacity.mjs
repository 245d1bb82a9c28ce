// npm run bench:capacity — the capacity model behind ARCHITECTURE.md ("Beyond one database").
// Replays a synthetic month of a site with 1,000,000 visitors: it generates every event's time
// (diurnal curve, sessions, pageviews, vitals, custom events) to find the peak write rate, writes a
// sample of visitors through the real schema and statements into SQLite to measure bytes per event,
// and reports database sizes and write rates per shard for 1–16 shards (visitor-hash sharding),
// against D1's limits: 10 GB per database and one writer per database.
//   node bench/capacity.mjs [--visitors 1000000] [--sample 20000] [--writer 2000 (events/s one D1 takes)]
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchArgs } from './lib/args.mjs';
import { requireSqlite } from './lib/requireSqlite.mjs';

const args = benchArgs('npm run bench:capacity -- [options]   the capacity model: a synthetic month, sizes and write rates per shard', {
  visitors: { type: 'number', default: 1_000_000, help: 'visitors in the synthetic month' },
  sample: { type: 'number', default: 20_000, help: 'visitors written to SQLite to measure bytes per event' },
  writer: { type: 'number', default: 2000, help: 'events/s one D1 database takes' },
});
const Database = await requireSqlite();
const VISITORS = args.visitors;
const SAMPLE = Math.min(args.sample, VISITORS);
const WRITER = args.writer;
const DAYS = 30;
const D1_MAX_BYTES = 10 * 1024 ** 3;
const RETENTION_MONTHS = 13;

// Deterministic PRNG so runs compare.
let seed = 42;
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const geometric = (mean) => Math.max(1, Math.ceil(Math.log(1 - rand()) / Math.log(1 - 1 / mean)));
// Traffic by hour of day (UTC), a typical European/US e-commerce shape; sums to 1.
const HOURLY = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3.5, 4.5, 5, 5.2, 5.4, 5.2, 5, 5, 5.2, 5.6, 6, 6.2, 5.8, 4.8, 3.2, 2];
const hourTotal = HOURLY.reduce((a, b) => a + b, 0);
function randomTime(dayStart) {
  let r = rand() * hourTotal;
  let hour = 0;
  while (r > HOURLY[hour]) r -= HOURLY[hour++];
  return dayStart + hour * 3600_000 + Math.floor(rand() * 3600_000);
}

/** One visitor's month: sessions of pageviews, each with vitals and sometimes custom events. */
function visitorEvents(v) {
  const events = [];
  const sessions = geometric(1.8);
  for (let s = 0; s < sessions; s++) {
    let t = randomTime(Math.floor(rand() * DAYS) * 86_400_000);
    const pages = geometric(4);
    for (let p = 0; p < pages; p++) {
      events.push({ t, type: 'pageview', v, s });
      for (const name of ['LCP', 'INP', 'CLS']) if (rand() < 0.7) events.push({ t: t + 2000, type: 'vital', name, v, s });
      if (rand() < 0.35) events.push({ t: t + 5000, type: 'event', name: 'cta_clicked', v, s });
      t += 20_000 + Math.floor(rand() * 90_000);
    }
  }
  return events;
}

// 1. Timing of the whole month (all visitors): events per minute → average and peak write rate.
const perMinute = new Uint32Array(DAYS * 1440 + 1440);
let totalEvents = 0;
for (let v = 0; v < VISITORS; v++) {
  for (const e of visitorEvents(v)) {
    perMinute[Math.floor(e.t / 60_000)]++;
    totalEvents++;
  }
}
const peakPerSecond = Math.max(...perMinute) / 60;
const avgPerSecond = totalEvents / (DAYS * 86_400);

// 2. Bytes per event: a sample of visitors through the real schema and statements.
const dir = mkdtempSync(path.join(tmpdir(), 'hoptrail-capacity-'));
const file = path.join(dir, 'sample.sqlite');
const db = new Database(file);
db.pragma('journal_mode = WAL');
for (const f of readdirSync('collector/migrations').sort()) db.exec(readFileSync(`collector/migrations/${f}`, 'utf8'));
const insert = db.prepare(`INSERT OR IGNORE INTO events
  (site, id, visitor_id, session_id, seq, type, name, ts, client_ts, received_at, url, path, props, source, batch_id)
  SELECT 'shop', value->>'id', value->>'visitor', value->>'session', value->>'seq', value->>'type', value->>'name',
    value->>'ts', value->>'ts', value->>'ts', value->>'url', value->>'path', value->>'props', 'browser', ? FROM json_each(?)`);
const visitors = db.prepare(`INSERT INTO visitors (site, visitor_id, first_seen, last_seen, events)
  SELECT site, visitor_id, min(ts), max(ts), count(*) FROM events
  WHERE site = 'shop' AND id IN (SELECT value->>'id' FROM json_each(?)) AND batch_id = ? GROUP BY visitor_id
  ON CONFLICT (site, visitor_id) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen), events = events + excluded.events`);
const PATHS = ['/', '/pricing', '/products/espresso-machine', '/products/grinder', '/cart', '/checkout', '/blog/how-to-brew'];
let sampleEvents = 0;
const writeSample = db.transaction(() => {
  for (let v = 0; v < SAMPLE; v++) {
    const visitorId = crypto.randomUUID();
    const sessions = new Map();
    const rows = visitorEvents(v).map((e, seq) => {
      const p = PATHS[Math.floor(rand() * PATHS.length)];
      if (!sessions.has(e.s)) sessions.set(e.s, crypto.randomUUID());
      return {
        id: crypto.randomUUID(),
        visitor: visitorId,
        session: sessions.get(e.s),
        seq,
        type: e.type,
        name: e.name ?? null,
        ts: 1_790_000_000_000 + e.t,
        url: `https://shop.example${p}`,
        path: p,
        props:
          e.type === 'pageview'
            ? JSON.stringify({ title: 'Shop — ' + p, viewport: '1280x720', lang: 'en-GB', referrer: 'https://www.google.com/' })
            : e.type === 'vital'
              ? JSON.stringify({ value: Math.round(rand() * 3000), rating: 'good' })
              : JSON.stringify({ plan: 'pro' }),
      };
    });
    const batchId = crypto.randomUUID();
    insert.run(batchId, JSON.stringify(rows));
    visitors.run(JSON.stringify(rows), batchId);
    sampleEvents += rows.length;
  }
});
writeSample();
db.pragma('wal_checkpoint(TRUNCATE)');
db.exec('VACUUM');
db.close();
const bytes = statSync(file).size;
rmSync(dir, { recursive: true, force: true });
const bytesPerEvent = bytes / sampleEvents;

// 3. Per-shard figures (visitor-hash sharding splits events and writes evenly).
const monthBytes = totalEvents * bytesPerEvent;
const fmt = (b) => (b >= 1024 ** 3 ? `${(b / 1024 ** 3).toFixed(2)} GB` : `${(b / 1024 ** 2).toFixed(0)} MB`);
console.log(`\nbench:capacity — synthetic month, ${VISITORS.toLocaleString('en')} visitors`);
console.log(`events in the month: ${totalEvents.toLocaleString('en')} (${(totalEvents / VISITORS).toFixed(1)} per visitor)`);
console.log(`write rate: average ${avgPerSecond.toFixed(1)} events/s, busiest minute ${peakPerSecond.toFixed(1)} events/s`);
console.log(`bytes per event (events + visitors tables with indexes, measured on ${SAMPLE.toLocaleString('en')} visitors): ${bytesPerEvent.toFixed(0)}`);
console.table(
  [1, 2, 4, 8, 16].map((shards) => {
    const perShardMonth = monthBytes / shards;
    const retained = perShardMonth * RETENTION_MONTHS;
    const peak = peakPerSecond / shards;
    return {
      shards,
      'size / month / shard': fmt(perShardMonth),
      [`size after ${RETENTION_MONTHS} months / shard`]: fmt(retained),
      'fits 10 GB': retained <= D1_MAX_BYTES ? 'yes' : 'no',
      'peak events/s / shard': peak.toFixed(1),
      [`writer headroom (${WRITER}/s)`]: `${(WRITER / peak).toFixed(1)}×`,
    };
  }),
);
const needed = Math.max(1, 2 ** Math.ceil(Math.log2((monthBytes * RETENTION_MONTHS) / (D1_MAX_BYTES * 0.7))));
console.log(`→ shards needed to keep ${RETENTION_MONTHS} months under 70% of 10 GB: ${needed}`);
