// Rebuilds the Happy Index state of a site in the LOCAL D1 (the one `npm start` uses), with the same
// code as `POST /v1/sites/:site/scores/recompute`: run it after changing half-lives or signals.
//   npm run score:recompute -- [--site demo] [--persist-to DIR]
// The TypeScript store module is bundled on the fly with esbuild (it comes with wrangler).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { getPlatformProxy } from 'wrangler';
import { benchArgs } from '../bench/lib/args.mjs';

process.env.WRANGLER_SEND_METRICS = 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';
const { site, 'persist-to': persistTo } = benchArgs('npm run score:recompute -- [options]   rebuilds the Happy Index state of a site in the local D1', {
  site: { type: 'string', default: 'demo', help: 'the site' },
  'persist-to': { type: 'string', help: 'the local state directory (default: wrangler\'s, as npm start uses)' },
});

const bundled = await build({
  entryPoints: ['collector/src/store/scoreState.ts'],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  write: false,
});
const dir = mkdtempSync(path.join(tmpdir(), 'hoptrail-recompute-'));
const file = path.join(dir, 'scoreState.mjs');
writeFileSync(file, bundled.outputFiles[0].text);
const { recomputeScoreState } = await import(pathToFileURL(file).href);

const proxy = await getPlatformProxy({ configPath: 'wrangler.toml', persist: persistTo ? { path: path.join(persistTo, 'v3') } : true });
try {
  const started = Date.now();
  const result = await recomputeScoreState(proxy.env.DB, site);
  console.log(`site ${site}: ${result.events} events, ${result.observations} observations, ${Date.now() - started} ms`);
} finally {
  await proxy.dispose();
  rmSync(dir, { recursive: true, force: true });
}
