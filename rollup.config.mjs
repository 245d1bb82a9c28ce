// Builds the browser SDK:
// - dist/hoptrail.js: the script-tag core (IIFE, minified);
// - dist/sdk/<build id>/<name>.js: one lazy chunk per file in sdk/src/chunks/ (ES modules, loaded on
//   demand by sdk/src/lib/loadChunk.ts; their dependencies, e.g. web-vitals, are bundled into them);
//   the build id is a content hash of the SDK's inputs (scripts/sdkBuildId.mjs);
// - sdk/dist/: the npm package `hoptrail` (ESM with its chunks, and one bundled index.d.ts).
// - dist/dashboard/vocabulary.js, channels.js: collector/src/schema/vocabulary.ts and
//   collector/src/acquisition/channels.ts for the dashboard's plain JS.
// Properties starting with `_` are internal and mangled by terser (see STYLE.md).
import { existsSync, readdirSync, rmSync } from 'node:fs';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';
import { transpileTs } from './scripts/lib/rollupTranspileTs.mjs';
import { sdkBuildId } from './scripts/sdkBuildId.mjs';

const build = sdkBuildId();
// Old builds' chunk folders would otherwise pile up in dist/sdk and in the served assets.
rmSync('dist/sdk', { recursive: true, force: true });
rmSync('sdk/dist', { recursive: true, force: true });

// `unsafe` (core only: every byte of it counts) assumes built-ins are not replaced, which the SDK
// assumes anyway: `String(x)` becomes `x + ""`, `a < b` may become `b > a`, methods become shorthand.
const minify = (unsafe = false) =>
  terser({
    ecma: 2020,
    module: true,
    compress: { passes: 3, unsafe_arrows: true, pure_getters: true, unsafe, unsafe_comps: unsafe, unsafe_methods: unsafe },
    mangle: { properties: { regex: /^_/ } },
    format: { comments: false },
  });
// The chunk path carries the build id (see loadChunk.ts).
const sdkBuild = () => ({
  name: 'sdk-build',
  // As a string literal, and without the `declare` that types it.
  transform: (code) =>
    code.includes('__SDK_BUILD__') ? code.replace(/declare const __SDK_BUILD__: string;/, '').replaceAll('__SDK_BUILD__', JSON.stringify(build)) : null,
});
// The npm package carries its chunks: loadChunk imports them instead of fetching from the collector.
const bundledChunks = () => ({
  name: 'bundled-chunks',
  async resolveId(source, importer, options) {
    if (!/\/loadChunk$/.test(source)) return null;
    const resolved = await this.resolve(source.replace(/loadChunk$/, 'loadChunkBundled'), importer, { ...options, skipSelf: true });
    return resolved;
  },
});
const plugins = (unsafe) => [sdkBuild(), resolve({ extensions: ['.ts', '.mjs', '.js'] }), transpileTs(), minify(unsafe)];

const chunkDir = 'sdk/src/chunks';
const chunks = existsSync(chunkDir) ? readdirSync(chunkDir).filter((f) => f.endsWith('.ts')) : [];

export default [
  {
    input: 'sdk/src/index.ts',
    output: { file: 'dist/hoptrail.js', format: 'iife', strict: false },
    plugins: plugins(true),
  },
  {
    input: 'sdk/src/esm.ts',
    output: { dir: 'sdk/dist', format: 'es', entryFileNames: 'index.js', chunkFileNames: 'chunks/[name]-[hash].js' },
    plugins: [bundledChunks(), ...plugins()],
  },
  {
    input: 'sdk/src/esm.ts',
    output: { file: 'sdk/dist/index.d.ts', format: 'es' },
    plugins: [dts({ tsconfig: './sdk/tsconfig.json' })],
  },
  // The event vocabulary as a plain ES module for the dashboard (served as /dashboard/vocabulary.js).
  {
    input: 'collector/src/schema/vocabulary.ts',
    output: { file: 'dist/dashboard/vocabulary.js', format: 'es' },
    plugins: [transpileTs()],
  },
  // The acquisition channels and their labels (served as /dashboard/channels.js; the segment builder).
  {
    input: 'collector/src/acquisition/channels.ts',
    output: { file: 'dist/dashboard/channels.js', format: 'es' },
    plugins: [transpileTs()],
  },
  ...chunks.map((file) => ({
    input: `${chunkDir}/${file}`,
    output: { file: `dist/sdk/${build}/${file.replace(/\.ts$/, '.js')}`, format: 'es' },
    plugins: plugins(),
  })),
];
