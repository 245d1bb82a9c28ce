// npm run bench:pixel — requests/s and p99 latency of the newsletter open pixel (/o/) and click
// redirect (/c/) on a local `wrangler dev` this script starts (throwaway D1, a free 127.0.0.1 port).
// Every request is a real open or click: verified, classified and stored in D1.
//   npm run bench:pixel -- [--seconds 10] [--connections 10]
import { execFileSync } from 'node:child_process';
import autocannon from 'autocannon';
import { startLocalCollector, wranglerEnv as env } from '../scripts/lib/localCollector.mjs';
import { benchArgs } from './lib/args.mjs';

const { seconds, connections } = benchArgs('npm run bench:pixel -- [options]   requests/s and p99 of the newsletter open pixel and click redirect', {
  seconds: { type: 'number', default: 10, help: 'duration of each run' },
  connections: { type: 'number', default: 10, help: 'concurrent connections' },
});
const READER_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)';

execFileSync('npm', ['run', 'build', '--silent'], { env, stdio: 'ignore' });
const collector = await startLocalCollector();
const stop = () => {
  collector.stop();
  collector.cleanup();
};
process.on('SIGINT', () => (stop(), process.exit(130)));

try {
  const base = collector.url;
  const recipients = Array.from({ length: 100 }, (_, i) => `bench-${i}@example.com`);
  const res = await fetch(`${base}/v1/sites/demo/newsletters`, {
    method: 'POST',
    headers: { authorization: 'Bearer demo-write-key', 'content-type': 'application/json' },
    body: JSON.stringify({
      campaign: 'bench',
      html: '<html><body><a href="https://shop.example/pricing">Pricing</a></body></html>',
      recipients,
      sentAt: Date.now() - 3600_000,
    }),
  });
  const prepared = await res.json();
  const pathOf = (kind, token) => new URL(prepared.html.match(new RegExp(`"([^"]*/${kind}/[^"]*)"`))[1].replace(prepared.mergeTag, token)).pathname;
  // Rotate over 100 recipients, as a real send would.
  const requests = (kind) => prepared.tokens.map((t) => ({ method: 'GET', path: pathOf(kind, t.token) }));

  console.log(`bench:pixel — wrangler dev --local (workerd + local D1), ${connections} connections, ${seconds} s each, 127.0.0.1\n`);
  const rows = [];
  const forged = [{ method: 'GET', path: '/o/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAA' }];
  const runs = [
    ['GET /o/ open pixel (verify, classify, store)', requests('o'), 200],
    ['GET /c/ click → 302 (+ identity token)', requests('c'), 302],
    ['GET /o/ forged token (verify only, nothing stored)', forged, 200],
  ];
  for (const [route, reqs, expected] of runs) {
    const statuses = {};
    const instance = autocannon({ url: base, connections, duration: seconds, headers: { 'user-agent': READER_UA }, requests: reqs });
    instance.on('response', (_client, status) => (statuses[status] = (statuses[status] ?? 0) + 1));
    const result = await instance;
    const unexpected = Object.entries(statuses).filter(([code]) => Number(code) !== expected);
    rows.push({
      route,
      'req/s': Math.round(result.requests.average),
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      requests: result.requests.total,
      errors: result.errors + result.timeouts,
      'unexpected status': unexpected.map(([code, n]) => `${code}×${n}`).join(' ') || 'none',
    });
  }
  console.table(rows);
} finally {
  stop();
}
