import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import resolve from '@rollup/plugin-node-resolve';
import { Window } from 'happy-dom';
import { rollup } from 'rollup';
import { afterAll, describe, expect, it } from 'vitest';

// The SDK as a site's developer gets it: `npm pack` of sdk/ (built by `npm test` first), installed
// into a fresh project, bundled the way a bundler would, run in a DOM against a real HTTP server.
const root = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'hoptrail-package-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const run = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('the npm package `hoptrail`', () => {
  it('packs, installs into a new project, bundles, type-checks and sends a pageview from `init`', async () => {
    const [packed] = JSON.parse(run('npm', ['pack', path.join(root, 'sdk'), '--pack-destination', work, '--json'], root));
    const files = packed.files.map((f: { path: string }) => f.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'dist/index.js', 'dist/index.d.ts']));
    expect(files.every((f: string) => f === 'package.json' || f === 'README.md' || f.startsWith('dist/'))).toBe(true);

    const app = path.join(work, 'app');
    run('mkdir', ['-p', app], work);
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'shop', private: true, type: 'module' }));
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(work, packed.filename)], app);

    // Types: a TypeScript consumer compiles against the package's own declarations.
    writeFileSync(
      path.join(app, 'main.ts'),
      "import { init, type Config } from 'hoptrail';\nconst config: Config = { site: 'shop', api: 'https://t.shop.example' };\nexport const ht = init(config);\nht.track('signup', { plan: 'pro' });\n",
    );
    writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2020', lib: ['es2020', 'dom'], skipLibCheck: false }, files: ['main.ts'] }),
    );
    run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', app], app);

    // A collector stand-in that records what arrives (CORS as the real one answers a page).
    const received: { site: string; type: string; url: string; name?: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (req.method === 'POST' && req.url === '/v1/events') received.push(...JSON.parse(body).events);
        res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'application/json' });
        res.end(JSON.stringify({ accepted: 1, duplicates: 0, refused: [] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // http like the stand-in collector: happy-dom, like a browser, blocks an https page's http requests.
    const window = new Window({ url: 'http://shop.example/pricing?utm_source=mail' });
    try {
      writeFileSync(path.join(app, 'entry.js'), `import { init } from 'hoptrail';\nwindow.ht = init({ site: 'shop', api: ${JSON.stringify(api)}, vitals: false, signals: false });\nwindow.ht.track('signup', { plan: 'pro' });\n`);
      const bundle = await rollup({ input: path.join(app, 'entry.js'), plugins: [resolve({ rootDir: app, browser: true })] });
      const { output } = await bundle.generate({ format: 'iife', inlineDynamicImports: true });
      window.eval(output[0].code);
      await (window as unknown as { ht: { flush(): Promise<void> } }).ht.flush();
      await expect.poll(() => received.map((e) => e.type).sort(), { timeout: 10_000 }).toEqual(['event', 'pageview']);
      expect(received.every((e) => e.site === 'shop')).toBe(true);
      expect(received.find((e) => e.type === 'pageview')!.url).toBe('http://shop.example/pricing?utm_source=mail');
      expect(received.find((e) => e.type === 'event')!.name).toBe('signup');
    } finally {
      await window.happyDOM.close();
      server.close();
    }
  }, 120_000);

  it('ships every lazy chunk of the script-tag build inside the package', () => {
    // lib/loadChunkBundled.ts lists the chunks by name; a chunk missing there would fail only at run time.
    const listed = [...readFileSync(path.join(root, 'sdk/src/lib/loadChunkBundled.ts'), 'utf8').matchAll(/^\s+'?([a-z-]+)'?: \(\) => import\('\.\.\/chunks\/([a-z-]+)'\)/gm)];
    const chunkFiles = run('ls', [path.join(root, 'sdk/src/chunks')], root).split('\n').filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''));
    expect(listed.map((m) => m[1]).sort()).toEqual(chunkFiles.sort());
    expect(listed.every((m) => m[1] === m[2])).toBe(true);
  });
});
