// npm start: builds the SDK, prepares the local D1 (migrations, the demo site and its dev keys), runs
// the collector and the example site with `wrangler dev --local`, and once it answers prints one banner.
// Build and database steps print only when they fail. Wrangler's network calls (usage metrics, the
// `request.cf` fetch) are switched off: offline they fail with getaddrinfo stack traces that look fatal.
//   npm start [-- --port 8787]
import { execFileSync, spawn } from 'node:child_process';
import { benchArgs } from '../bench/lib/args.mjs';
import { freePort } from './lib/localCollector.mjs';

const { port } = benchArgs('npm start -- [options]   the collector and the example site on wrangler dev --local', {
  port: { type: 'number', default: Number(process.env.PORT ?? 8787), help: 'port (or PORT)' },
});
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };

function step(label, command, args) {
  process.stdout.write(`${label}… `);
  const started = Date.now();
  try {
    execFileSync(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    console.log('failed:');
    console.error(`${err.stdout ?? ''}${err.stderr ?? ''}`.trim() || err.message);
    process.exit(1);
  }
  console.log(`done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

if (!(await portIsFree(port))) {
  console.error(`Port ${port} is taken (another npm start?). Use another: npm start -- --port ${await freePort()}`);
  process.exit(1);
}
step('Building the SDK', 'npm', ['run', 'build', '--silent']);
step('Preparing the local D1 (migrations, site demo, dev keys)', 'node', ['scripts/prepare-dev-db.mjs']);
console.log(`Starting wrangler dev on port ${port}…`);
const child = spawn('npx', ['wrangler', 'dev', '--local', '--port', String(port), '--show-interactive-dev-session=false'], {
  env,
  stdio: 'inherit',
  detached: true,
});
const stop = (code) => {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {}
  process.exit(code);
};
process.on('SIGINT', () => stop(130));
process.on('SIGTERM', () => stop(143));
child.on('exit', (code) => process.exit(code ?? 1));

const base = `http://localhost:${port}`;
const deadline = Date.now() + 120_000;
for (;;) {
  try {
    if ((await fetch(`${base}/hoptrail.js`)).ok) break;
  } catch {}
  if (Date.now() > deadline) {
    console.error(`The collector did not answer on ${base} within 2 minutes; wrangler's output is above.`);
    stop(1);
  }
  await new Promise((r) => setTimeout(r, 300));
}
const apiArg = port === 8787 ? '' : ` -- --api ${base}`;
const apiEnv = port === 8787 ? '' : `HOPTRAIL_API=${base} `;
console.log(`
  Hoptrail is running on ${base}   (stop with Ctrl+C)
    example shop   ${base}/            the SDK on real pages: browse, answer a survey
    dashboard      ${base}/dashboard   sign in with site demo and the read key
    API            ${base}/v1/openapi.json
    dev keys       read demo-read-key   write demo-write-key   (local only)
  Try, in another terminal:
    ${`npm run seed:dashboard${apiArg}`.padEnd(42)} a busy week of data (10,000 visitors), then reload the dashboard
    ${`${apiEnv}node examples/newsletter/simulate.mjs`.padEnd(42)} a newsletter sent, opened, clicked
`);

function portIsFree(p) {
  return fetch(`http://localhost:${p}/`, { signal: AbortSignal.timeout(2000) }).then(
    () => false,
    (err) => err.cause?.code === 'ECONNREFUSED' || err.cause?.errors?.every((e) => e.code === 'ECONNREFUSED') === true,
  );
}
