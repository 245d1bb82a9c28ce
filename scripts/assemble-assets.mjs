// Puts what the collector serves as static assets into .build/assets: the built SDK
// (/hoptrail.js, lazy chunks under /sdk/<version>/) and the example site.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';

const out = '.build/assets';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync('examples/site', out, { recursive: true });
cpSync('dist/hoptrail.js', `${out}/hoptrail.js`);
if (existsSync('dist/sdk')) cpSync('dist/sdk', `${out}/sdk`, { recursive: true });
// The marketer dashboard: plain ES modules and CSS, served as they are under /dashboard/.
cpSync('dashboard', `${out}/dashboard`, { recursive: true });
// Its event names come from the one vocabulary (collector/src/schema/vocabulary.ts), built by rollup.
cpSync('dist/dashboard/vocabulary.js', `${out}/dashboard/vocabulary.js`);
