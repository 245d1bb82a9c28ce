// npm run bench:queue — the ingest queue path against direct D1 writes, both on `wrangler dev --local`
// (the queue path runs `--env queue`: Miniflare queues, the Worker as producer and consumer).
// For each path: a fixed number of 20-event batches at N connections; prints events/s acknowledged and
// p50/p99 of the acknowledgement, then (queue) how long the consumer takes until D1 holds every event,
// and checks stored = acknowledged (zero loss, zero duplicates).
//   node bench/queue.mjs [--requests 300] [--connections 10]
import autocannon from 'autocannon';
import { startLocalCollector } from '../scripts/lib/localCollector.mjs';
import { benchArgs } from './lib/args.mjs';

const args = benchArgs('npm run bench:queue -- [options]   the queue ingest path against direct D1 writes', {
  requests: { type: 'number', default: 300, help: 'requests (20-event batches) per path' },
  connections: { type: 'number', default: 10, help: 'concurrent connections' },
});
const REQUESTS = args.requests;
const CONNECTIONS = args.connections;
const BATCH = 20;
// Few enough visitors for one page of GET /visitors: their summed event counts (updated in the same
// transaction as the events) tell when the consumer is done, at HTTP speed.
const VISITORS = 200;
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

let seq = 0;
function batchBody() {
  const now = Date.now();
  const visitor = `bench-q-${Math.floor(Math.random() * VISITORS)}`;
  const events = Array.from({ length: BATCH }, (_, i) => ({
    id: crypto.randomUUID(),
    site: 'demo',
    type: 'event',
    name: 'bench_clicked',
    visitorId: visitor,
    sessionId: `${visitor}-s`,
    seq: seq++,
    ts: now - (BATCH - i),
    url: 'https://shop.example/pricing',
    props: { plan: 'pro', i },
  }));
  return JSON.stringify({ events, sentAt: now });
}

const count = (collector) => collector.d1("SELECT count(*) AS n FROM events WHERE site = 'demo' AND name = 'bench_clicked'")[0].n;
async function visitorEvents(collector) {
  const res = await fetch(`${collector.url}/v1/sites/demo/visitors?limit=1000`, { headers: { authorization: 'Bearer demo-read-key' } });
  const { visitors } = await res.json();
  return visitors.filter((v) => v.visitorId.startsWith('bench-q-')).reduce((n, v) => n + v.events, 0);
}

async function run(label, env) {
  const collector = await startLocalCollector({
    env,
    vars: { RATE_LIMIT_CLIENT_PER_MINUTE: '100000000', RATE_LIMIT_SITE_PER_MINUTE: '100000000' },
  });
  try {
    let acknowledged = 0;
    const statuses = {};
    const started = Date.now();
    const result = await autocannon({
      url: `${collector.url}/v1/events`,
      connections: CONNECTIONS,
      amount: REQUESTS,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'text/plain', 'user-agent': UA },
          setupRequest: (req) => ({ ...req, body: batchBody() }),
          onResponse: (status) => {
            statuses[status] = (statuses[status] ?? 0) + 1;
            if (status === 200 || status === 202) acknowledged += BATCH;
          },
        },
      ],
    });
    const ackSeconds = (Date.now() - started) / 1000;
    // Drained: D1 holds every acknowledged event (the queue consumer may still be writing).
    while ((await visitorEvents(collector)) < acknowledged && Date.now() - started < 300_000) await new Promise((r) => setTimeout(r, 50));
    const storedSeconds = (Date.now() - started) / 1000;
    const stored = count(collector);
    return {
      path: label,
      statuses: JSON.stringify(statuses),
      'events/s acknowledged': Math.round(acknowledged / result.duration),
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      'all stored after s': storedSeconds.toFixed(1),
      'events/s stored end to end': Math.round(stored / storedSeconds),
      'acknowledged = stored': `${acknowledged} = ${stored} ${acknowledged === stored ? 'exact' : 'MISMATCH'}`,
      'acknowledged after s': ackSeconds.toFixed(1),
    };
  } finally {
    collector.stop();
    collector.cleanup();
  }
}

const rows = [await run('direct D1', undefined), await run('queue (--env queue)', 'queue')];
console.table(rows);
