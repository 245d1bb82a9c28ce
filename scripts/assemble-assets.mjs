// Puts what the collector serves as static assets into .build/assets: the built SDK
// (/hoptrail.js, lazy chunks under /sdk/<version>/) and the example site.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';

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
// And its channel names and labels from collector/src/acquisition/channels.ts.
cpSync('dist/dashboard/channels.js', `${out}/dashboard/channels.js`);
// The survey builder's preview imports the real survey chunk, whose path carries the build id.
const [build] = existsSync('dist/sdk') ? readdirSync('dist/sdk') : [];
writeFileSync(`${out}/dashboard/sdkBuild.js`, `// Written by scripts/assemble-assets.mjs.\nexport const SDK_BUILD = ${JSON.stringify(build ?? '')};\n`);
