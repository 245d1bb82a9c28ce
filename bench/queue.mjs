// npm run bench:queue — acknowledgement and storage of POST /v1/events beside their floors, all measured
// in this run on `wrangler dev --local`: the direct path (D1 write before the answer) and the queue path
// (`--env queue`: Miniflare queues, the Worker as producer and consumer).
// For each path, on the same Worker started with BENCH_FLOOR=1 (collector/src/http/benchFloor.ts):
//   floor   the HTTP-only floor: the same requests to POST /__bench/floor (body read, 200, nothing stored)
//   ack     the same requests to POST /v1/events: events/s acknowledged, p50/p99, ratio to the floor
//   stored  events/s from the first request until D1 holds every acknowledged event (queue: a lower bound
//           of the consumer's rate, which is bounded by arrivals while it keeps up; the backlog left at the
//           last acknowledgement and its drain time show whether it did), and stored = acknowledged exactly
//   consumer  (queue) events stored per second of consumer run time, from Miniflare's log of each invocation
// then raw SQLite (better-sqlite3, same schema and statements) at 500-event transactions (the consumer's
// size) and 20-event transactions (one browser batch, the direct path's), and the ratios.
// The queue path runs twice: as deployed (the consumer stores while acknowledgements go on) and "held", with
// the ingest queue delivering each message --hold-seconds after it was sent (a temp copy of wrangler.toml,
// bench/lib/heldQueueConfig.mjs), so the acknowledgement is measured with no consumer running. Locally the
// producer, Miniflare's queue, the consumer and D1 share one workerd thread; the two runs, and the first
// run's requests split by whether they overlapped a consumer invocation (Miniflare's log, stamped on
// arrival), show how much of the acknowledgement's tail is the consumer's work on that thread.
//   node bench/queue.mjs [--requests 600] [--connections 10] [--seconds 5] [--hold-seconds 30]
import os from 'node:os';
import autocannon from 'autocannon';
import { startLocalCollector } from '../scripts/lib/localCollector.mjs';
import { benchArgs } from './lib/args.mjs';
import { heldQueueConfig } from './lib/heldQueueConfig.mjs';
import { fromNextClient } from './lib/clientAddress.mjs';
import { requireSqlite } from './lib/requireSqlite.mjs';
import { sqliteFloor } from './lib/sqliteFloor.mjs';

const args = benchArgs('npm run bench:queue -- [options]   ingest acknowledgement and storage beside their floors', {
  requests: { type: 'number', default: 600, help: 'requests (20-event batches) per measurement' },
  connections: { type: 'number', default: 10, help: 'concurrent connections' },
  seconds: { type: 'number', default: 5, help: 'duration of each raw SQLite run' },
  'hold-seconds': { type: 'number', default: 30, help: 'delivery delay of the held queue run: longer than its floor and acknowledgement take' },
});
const Database = await requireSqlite();
const REQUESTS = args.requests;
const CONNECTIONS = args.connections;
const BATCH = 20;
// Few enough visitors for one page of GET /visitors: their summed event counts (updated in the same
// transaction as the events) tell when the consumer is done, at HTTP speed.
const VISITORS = 200;
const WARM_UP = 20;
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

let seq = 0;
function events(n) {
  const now = Date.now();
  const visitor = `bench-q-${Math.floor(Math.random() * VISITORS)}`;
  return Array.from({ length: n }, (_, i) => ({
    id: crypto.randomUUID(),
    site: 'demo',
    type: 'event',
    name: 'bench_clicked',
    visitorId: visitor,
    sessionId: `${visitor}-s`,
    seq: seq++,
    ts: now - (n - i),
    url: 'https://shop.example/pricing',
    props: { plan: 'pro', i },
  }));
}
const batchBody = () => JSON.stringify({ events: events(BATCH), sentAt: Date.now() });

const count = (collector) => collector.d1("SELECT count(*) AS n FROM events WHERE site = 'demo' AND name = 'bench_clicked'")[0].n;
async function visitorEvents(collector) {
  const res = await fetch(`${collector.url}/v1/sites/demo/visitors?limit=1000`, { headers: { authorization: 'Bearer demo-read-key' } });
  const { visitors } = await res.json();
  return visitors.filter((v) => v.visitorId.startsWith('bench-q-')).reduce((n, v) => n + v.events, 0);
}

/**
 * REQUESTS batches at CONNECTIONS to `path`; counts 2xx answers as acknowledged events. `requests`: each
 * answer's arrival (Date.now()) and latency in ms, to line them up with consumer invocations.
 */
async function load(collector, path, amount = REQUESTS) {
  let acknowledged = 0;
  const statuses = {};
  const requests = [];
  const instance = autocannon({
    url: `${collector.url}${path}`,
    connections: CONNECTIONS,
    amount,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': UA },
        setupRequest: fromNextClient(batchBody),
        onResponse: (status) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status === 200 || status === 202) acknowledged += BATCH;
        },
      },
    ],
  });
  instance.on('response', (_client, _status, _bytes, ms) => requests.push({ end: Date.now(), ms }));
  const result = await instance;
  return { acknowledged, statuses, requests, perSecond: Math.round(acknowledged / result.duration), p50: result.latency.p50, p99: result.latency.p99 };
}

/** Nearest-rank percentile of latencies in ms, rounded to the ms as autocannon reports them. */
function percentile(ms, p) {
  if (!ms.length) return NaN;
  const sorted = [...ms].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
}

/**
 * When the consumer ran: each `QUEUE hoptrail-ingest acked/total (ms)` line Miniflare logs as an
 * invocation ends, as [arrival - ms, arrival]. The arrival is when the bench read the line, a little
 * after the invocation ended, so an interval is late by the log's own delay (a few ms on an idle machine).
 */
function consumerInvocations(chunks) {
  const invocations = [];
  let pending = '';
  for (const { at, text } of chunks) {
    const lines = (pending + text).split('\n');
    pending = lines.pop();
    for (const line of lines) {
      const m = line.replace(/\x1b\[[0-9;]*m/g, '').match(/QUEUE hoptrail-ingest (\d+)\/\d+ \((\d+)ms\)/);
      if (m) invocations.push({ start: at - Number(m[2]), end: at });
    }
  }
  return invocations;
}

/** The acknowledgements that overlapped a consumer invocation, and the others: count and p50/p99 of each. */
function splitByConsumer(requests, invocations) {
  const overlaps = ({ end, ms }) => invocations.some((i) => i.start < end && end - ms < i.end);
  const during = requests.filter(overlaps).map((r) => r.ms);
  const apart = requests.filter((r) => !overlaps(r)).map((r) => r.ms);
  const describe = (ms) => `${ms.length} requests, p50/p99 ${percentile(ms, 50)}/${percentile(ms, 99)} ms`;
  // The invocations that ran while acknowledgements were in flight, and the longest of them.
  const first = Math.min(...requests.map((r) => r.end - r.ms));
  const last = Math.max(...requests.map((r) => r.end));
  const alongside = invocations.filter((i) => i.start < last && i.end > first).map((i) => i.end - i.start);
  return { during: describe(during), apart: describe(apart), invocations: `${alongside.length} consumer invocations alongside, the longest ${Math.max(0, ...alongside)} ms` };
}

/**
 * The consumer's own rate: Miniflare logs each consumer invocation of the ingest queue as
 * `QUEUE hoptrail-ingest acked/total (ms)`; one message per request here, so BATCH events each.
 * Events stored / time spent in the consumer, and the mean events per invocation (transaction size).
 */
function consumerRate(output) {
  let messages = 0;
  let ms = 0;
  let invocations = 0;
  for (const m of output.replace(/\x1b\[[0-9;]*m/g, '').matchAll(/QUEUE hoptrail-ingest (\d+)\/\d+ \((\d+)ms\)/g)) {
    messages += Number(m[1]);
    ms += Number(m[2]);
    invocations++;
  }
  return invocations ? { perSecond: Math.round((messages * BATCH) / (ms / 1000)), perInvocation: Math.round((messages * BATCH) / invocations) } : undefined;
}

async function run(label, env, { held = false } = {}) {
  const variant = held ? heldQueueConfig(args['hold-seconds']) : undefined;
  const collector = await startLocalCollector({
    env,
    config: variant?.config,
    vars: { RATE_LIMIT_CLIENT_PER_MINUTE: '100000000', RATE_LIMIT_SITE_PER_MINUTE: '100000000', BENCH_FLOOR: '1' },
  });
  try {
    // Warm both routes (module load, JIT, the per-isolate caches), as a deployed isolate would be.
    await load(collector, '/__bench/floor', WARM_UP);
    const warm = await load(collector, '/v1/events', WARM_UP);
    const floor = await load(collector, '/__bench/floor');
    const started = Date.now();
    const ack = await load(collector, '/v1/events');
    const acknowledged = warm.acknowledged + ack.acknowledged;
    // What the consumer still had to store when the last request was acknowledged, and how fast it did.
    const ackEnded = Date.now();
    const backlog = acknowledged - (await visitorEvents(collector));
    while ((await visitorEvents(collector)) < acknowledged && Date.now() - started < 600_000) await new Promise((r) => setTimeout(r, 50));
    const storedSeconds = (Date.now() - started) / 1000;
    const drain = backlog > 0 ? `${backlog} in ${((Date.now() - ackEnded) / 1000).toFixed(1)} s` : 'none';
    const stored = count(collector);
    const invocations = consumerInvocations(collector.timedOutput());
    // Held: did the consumer really stay off until the last acknowledgement? (else --hold-seconds is too short)
    const heldOff = held ? invocations.every((i) => i.start > ackEnded) : undefined;
    const split = env && !held ? splitByConsumer(ack.requests, invocations) : undefined;
    return { label, held, heldOff, floor, ack, split, storedPerSecond: Math.round(ack.acknowledged / storedSeconds), storedSeconds, drain, acknowledged, stored, consumer: consumerRate(collector.output()) };
  } finally {
    collector.stop();
    collector.cleanup();
    variant?.cleanup();
  }
}

const load1 = os.loadavg()[0].toFixed(2);
const runs = [await run('direct D1', undefined), await run('queue (--env queue)', 'queue'), await run(`queue, consumer held ${args['hold-seconds']} s`, 'queue', { held: true })];
const sqlite500 = sqliteFloor(Database, { perTransaction: 500, seconds: args.seconds, makeEvents: events });
const sqlite20 = sqliteFloor(Database, { perTransaction: BATCH, seconds: args.seconds, makeEvents: events });
const load2 = os.loadavg()[0].toFixed(2);

const ratio = (a, b) => (a / b).toFixed(2);
console.log(`\nbench:queue — ${REQUESTS} requests of ${BATCH} events at ${CONNECTIONS} connections, wrangler dev --local; ${os.cpus().length} CPUs, load average ${load1} → ${load2}`);
console.table(
  runs.map((r) => ({
    path: r.label,
    'floor events/s': r.floor.perSecond,
    'floor p50/p99 ms': `${r.floor.p50}/${r.floor.p99}`,
    'ack events/s': r.ack.perSecond,
    'ack p50/p99 ms': `${r.ack.p50}/${r.ack.p99}`,
    'ack / floor': ratio(r.ack.perSecond, r.floor.perSecond),
    // Held, the end-to-end rate counts the hold: only the consumer's own rate means anything.
    'stored events/s': r.held ? '-' : r.storedPerSecond,
    'stored / SQLite 500': r.held ? '-' : ratio(r.storedPerSecond, sqlite500),
    'stored / SQLite 20': r.held ? '-' : ratio(r.storedPerSecond, sqlite20),
    'backlog at last ack': r.held ? `all ${r.acknowledged} (held)` : r.drain,
    'consumer events/s while running': r.consumer ? `${r.consumer.perSecond} (${r.consumer.perInvocation} per batch)` : '-',
    'consumer / SQLite 500': r.consumer ? ratio(r.consumer.perSecond, sqlite500) : '-',
    statuses: JSON.stringify(r.ack.statuses),
    'acknowledged = stored': `${r.acknowledged} = ${r.stored} ${r.acknowledged === r.stored ? 'exact' : 'MISMATCH'}`,
  })),
);
console.log(`raw SQLite (better-sqlite3, WAL, synchronous=FULL, same schema and statements): ${sqlite500} events/s in 500-event transactions, ${sqlite20} in ${BATCH}-event transactions`);

// What separates the consumer's share of the acknowledgement's tail from the acknowledgement's own.
const [, concurrent, held] = runs;
console.log(
  [
    `queue acknowledgement p99 beside the floor's p99 of the same Worker:`,
    `  consumer storing alongside  ${concurrent.ack.p99} ms (floor ${concurrent.floor.p99} ms); ${concurrent.split.invocations}; the requests overlapping one: ${concurrent.split.during}; the others: ${concurrent.split.apart}`,
    `  consumer held off           ${held.ack.p99} ms (floor ${held.floor.p99} ms)${held.heldOff ? '' : ` — NOT HELD: the consumer ran before the last acknowledgement; raise --hold-seconds`}`,
  ].join('\n'),
);
