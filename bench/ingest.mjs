// npm run bench:ingest — ingest throughput of the local collector (wrangler dev, local D1) with
// 20-event batches at increasing concurrency, then a check that D1 holds exactly what was accepted,
// and the raw ceiling of SQLite on this machine (better-sqlite3, same schema, same statements) so the
// ratio collector/ceiling is comparable across machines.
//   node bench/ingest.mjs [--requests 500] [--connections 1,10,20] [--seconds 10 (ceiling run)]
// Each step sends a fixed number of requests (not a duration), so every request sent is answered and
// the final count in D1 must equal the accepted count exactly.
import autocannon from 'autocannon';
import { startLocalCollector } from '../scripts/lib/localCollector.mjs';
import { benchArgs } from './lib/args.mjs';
import { fromNextClient } from './lib/clientAddress.mjs';
import { requireSqlite } from './lib/requireSqlite.mjs';
import { sqliteFloor } from './lib/sqliteFloor.mjs';

const args = benchArgs('npm run bench:ingest -- [options]   ingest throughput of the local collector, then the raw SQLite ceiling', {
  requests: { type: 'number', default: 500, help: 'requests (20-event batches) per step' },
  connections: { type: 'string', default: '1,10,20', help: 'comma-separated concurrency steps' },
  seconds: { type: 'number', default: 10, help: 'duration of the SQLite ceiling run' },
});
const Database = await requireSqlite();
const SECONDS = args.seconds;
const REQUESTS = args.requests;
const CONNECTIONS = args.connections.split(',').map(Number);
const BATCH = 20;
const VISITORS = 5000;
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

let seq = 0;
const uuid = () => crypto.randomUUID();
function batchBody() {
  const now = Date.now();
  const visitor = `bench-visitor-${Math.floor(Math.random() * VISITORS)}`;
  const events = Array.from({ length: BATCH }, (_, i) => ({
    id: uuid(),
    site: 'demo',
    type: i % 4 ? 'event' : 'pageview',
    visitorId: visitor,
    sessionId: `${visitor}-s`,
    seq: seq++,
    ts: now - (BATCH - i),
    url: 'https://shop.example/pricing?utm_source=bench',
    ...(i % 4
      ? { name: 'bench_clicked', props: { plan: 'pro', i } }
      : { props: { title: 'Pricing', viewport: '1280x720', lang: 'en' } }),
  }));
  return { events, sentAt: now };
}

async function runCollector() {
  const collector = await startLocalCollector({
    vars: { RATE_LIMIT_CLIENT_PER_MINUTE: '100000000', RATE_LIMIT_SITE_PER_MINUTE: '100000000' },
  });
  const rows = [];
  let acceptedTotal = 0;
  let sentTotal = 0;
  try {
    for (const connections of CONNECTIONS) {
      let accepted = 0;
      let sent = 0;
      const result = await autocannon({
        url: `${collector.url}/v1/events`,
        connections,
        amount: REQUESTS,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'text/plain', 'user-agent': UA },
            setupRequest: fromNextClient(() => JSON.stringify(batchBody())),
            onResponse: (status, body) => {
              sent += BATCH;
              if (status === 200) accepted += JSON.parse(body).accepted;
            },
          },
        ],
      });
      acceptedTotal += accepted;
      sentTotal += sent;
      rows.push({
        connections,
        'events/s accepted': Math.round(accepted / result.duration),
        'p50 ms': result.latency.p50,
        'p99 ms': result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors,
      });
    }
    const [{ n }] = collector.d1('SELECT count(*) AS n FROM events');
    const [{ v }] = collector.d1('SELECT coalesce(sum(events), 0) AS v FROM visitors');
    return { rows, acceptedTotal, sentTotal, stored: n, visitorSum: v };
  } finally {
    collector.stop();
    collector.cleanup();
  }
}

// The same statements as the collector's, straight into SQLite: the ceiling (bench/lib/sqliteFloor.mjs).
const runCeiling = () => sqliteFloor(Database, { perTransaction: BATCH, seconds: SECONDS, makeEvents: () => batchBody().events });

const collector = await runCollector();
console.log(`\nbench:ingest — ${BATCH}-event batches, ${REQUESTS} requests per step, wrangler dev --local + local D1`);
console.table(collector.rows);
const loss = collector.acceptedTotal - collector.stored;
console.log(
  `accepted ${collector.acceptedTotal} of ${collector.sentTotal} sent; stored in D1: ${collector.stored}; ` +
    `visitor counts sum: ${collector.visitorSum} → ${loss === 0 && collector.visitorSum === collector.stored ? 'zero loss, zero duplicates' : `MISMATCH (${loss})`}`,
);
const ceiling = runCeiling();
const best = Math.max(...collector.rows.map((r) => r['events/s accepted']));
console.log(`SQLite ceiling (better-sqlite3, WAL, synchronous=FULL, same statements): ${ceiling} events/s`);
console.log(`collector best / ceiling = ${best} / ${ceiling} = ${(best / ceiling).toFixed(2)}`);
