// Fills a running collector with a realistic site: by default 10,000 visitors and about 500,000 events
// over the last week, through the public APIs only (the generator is bench/lib/dashboardSeed.mjs).
//
//   npm start                                   (in another terminal)
//   node examples/dashboard-seed/seed.mjs       [--api http://127.0.0.1:8787] [--visitors 10000] [--events 500000]
//
// Then open http://127.0.0.1:8787/dashboard and sign in with site "demo" and read key "demo-read-key".
import { benchArgs } from '../../bench/lib/args.mjs';
import { seed } from '../../bench/lib/dashboardSeed.mjs';
import { seedRevenue } from './revenueSeed.mjs';

const args = benchArgs('npm run seed:dashboard -- [options]   fills a running collector (site demo, dev keys) with a busy week', {
  api: { type: 'string', default: process.env.HOPTRAIL_API ?? 'http://127.0.0.1:8787', help: 'the collector (or HOPTRAIL_API)' },
  visitors: { type: 'number', default: 10_000, help: 'visitors' },
  events: { type: 'number', default: 500_000, help: 'events (about)' },
});
const api = args.api.replace(/\/$/, '');
await seed({ api, visitors: args.visitors, events: args.events, log: console.log });
await seedRevenue({ api, log: console.log });
// The clusters view needs a clustering; the daily cron would compute it, the seed does not wait a day.
const clusters = await fetch(`${api}/v1/sites/demo/clusters/recompute`, { method: 'POST', headers: { authorization: 'Bearer demo-write-key' } });
if (!clusters.ok) throw new Error(`clusters/recompute: HTTP ${clusters.status}`);
const { groups } = await clusters.json();
console.log(`clusters: ${groups.map((g) => `${g.id} ${g.description} (${g.size})`).join('; ')}`);
