// Builds the browser SDK: a script-tag file (IIFE, minified) and an ESM package.
// Properties starting with `_` are internal and mangled by terser (see STYLE.md).
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const ts = () => typescript({ tsconfig: './sdk/tsconfig.json', include: ['sdk/src/**/*.ts', 'collector/src/schema/**/*.ts'], noEmitOnError: true });
const minify = () =>
  terser({
    ecma: 2020,
    module: true,
    compress: { passes: 3, unsafe_arrows: true, pure_getters: true },
    mangle: { properties: { regex: /^_/ } },
    format: { comments: false },
  });

export default [
  {
    input: 'sdk/src/index.ts',
    output: { file: 'dist/hoptrail.js', format: 'iife', strict: false },
    plugins: [resolve(), ts(), minify()],
  },
  {
    input: 'sdk/src/esm.ts',
    output: { dir: 'dist/esm', format: 'es', entryFileNames: 'index.js', chunkFileNames: 'chunks/[name]-[hash].js' },
    plugins: [resolve(), ts(), minify()],
  },
];
