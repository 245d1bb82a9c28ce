// Builds the browser SDK:
// - dist/hoptrail.js: the script-tag core (IIFE, minified);
// - dist/esm/index.js: the ESM package;
// - dist/dashboard/vocabulary.js: collector/src/schema/vocabulary.ts for the dashboard's plain JS;
// - dist/sdk/<version>/<name>.js: one lazy chunk per file in sdk/src/chunks/ (ES modules, loaded on demand
//   by sdk/src/lib/loadChunk.ts; their dependencies, e.g. web-vitals, are bundled into them).
// Properties starting with `_` are internal and mangled by terser (see STYLE.md).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const ts = () =>
  typescript({
    tsconfig: './sdk/tsconfig.json',
    include: ['sdk/src/**/*.ts', 'collector/src/schema/**/*.ts'],
    noEmitOnError: true,
  });
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
// The chunk path carries the version (see loadChunk.ts).
const sdkVersion = () => ({
  name: 'sdk-version',
  // As a string literal (a bare 0.1.0 is a syntax error), and without the `declare` that types it.
  transform: (code) =>
    code.includes('__SDK_VERSION__')
      ? code.replace(/declare const __SDK_VERSION__: string;/, '').replaceAll('__SDK_VERSION__', JSON.stringify(version))
      : null,
});
const plugins = (unsafe) => [sdkVersion(), resolve(), ts(), minify(unsafe)];

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
    output: { dir: 'dist/esm', format: 'es', entryFileNames: 'index.js', chunkFileNames: 'chunks/[name]-[hash].js' },
    plugins: plugins(),
  },
  // The event vocabulary as a plain ES module for the dashboard (served as /dashboard/vocabulary.js).
  {
    input: 'collector/src/schema/vocabulary.ts',
    output: { file: 'dist/dashboard/vocabulary.js', format: 'es' },
    plugins: [ts()],
  },
  ...chunks.map((file) => ({
    input: `${chunkDir}/${file}`,
    output: { file: `dist/sdk/${version}/${file.replace(/\.ts$/, '.js')}`, format: 'es' },
    plugins: plugins(),
  })),
];
