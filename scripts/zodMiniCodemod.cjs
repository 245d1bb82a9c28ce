// Rewrites collector code written against zod's classic API (method chains) to zod/mini (functions and
// checks), the way the collector's schemas were converted: type-directed, so `.min()` becomes minLength on
// strings and arrays and gte on numbers. For merging branches that still use the classic API:
//   node scripts/zodMiniCodemod.cjs        (rewrites every collector/src file importing 'zod', then run
//   npm run typecheck; anything it cannot convert is listed)
const ts = require('typescript');
const fs = require('fs');
const path = require('path');
const root = path.resolve(__dirname, '..');
const cfgPath = path.join(root, 'collector/tsconfig.json');
const cfg = ts.parseJsonConfigFileContent(ts.readConfigFile(cfgPath, ts.sys.readFile).config, ts.sys, path.dirname(cfgPath));
const program = ts.createProgram(cfg.fileNames, cfg.options);
const checker = program.getTypeChecker();
const unknown = new Map();

const CHECKS = new Set(['gt', 'gte', 'lt', 'lte', 'positive', 'nonnegative', 'negative', 'nonpositive', 'multipleOf', 'regex', 'includes', 'startsWith', 'endsWith', 'trim', 'toLowerCase', 'toUpperCase', 'lowercase', 'uppercase', 'length', 'int', 'refine', 'superRefine', 'describe', 'meta']);
const WRAP1 = { optional: 'optional', nullable: 'nullable', nullish: 'nullish', array: 'array', readonly: 'readonly', keyof: 'keyof', partial: 'partial', required: 'required' };
const WRAP2 = { default: '_default', catch: 'catch', prefault: 'prefault', pipe: 'pipe', extend: 'extend', safeExtend: 'safeExtend', pick: 'pick', omit: 'omit', and: 'intersection' };
const KEEP = new Set(['safeParse', 'parse', 'parseAsync', 'safeParseAsync', 'check', 'register', 'clone', 'brand']);

function isZod(node) {
  const t = checker.getTypeAtLocation(node);
  const p = t.getProperty('_zod');
  if (!p) return null;
  const decl = p.declarations?.[0];
  return decl && /node_modules\/zod\//.test(decl.getSourceFile().fileName) ? t : null;
}
function kind(t) {
  const s = checker.typeToString(t);
  if (/^Zod(Coerced)?Number|^ZodNumberFormat|^ZodInt/.test(s)) return 'number';
  if (/^Zod(String|Email|URL|UUID|Coerced.*String)|^Zod.*StringFormat/.test(s)) return 'string';
  if (/^ZodArray/.test(s)) return 'array';
  return s;
}

function rewriteFile(sf) {
  const src = sf.getFullText();
  let changed = false;
  // returns { base, checks } for zod check chains, or { text }
  function parts(node) {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const recv = node.expression.expression;
      const name = node.expression.name.text;
      const t = isZod(recv);
      if (t) {
        const args = node.arguments.map((a) => emit(a));
        const r = parts(recv);
        const recvText = r.checks ? `${r.base}.check(${r.checks.join(', ')})` : r.text;
        const k = kind(t);
        let check;
        if (name === 'min' || name === 'max') {
          if (k === 'number') check = `z.${name === 'min' ? 'gte' : 'lte'}(${args.join(', ')})`;
          else if (k === 'string' || k === 'array') check = `z.${name}Length(${args.join(', ')})`;
          else { unknown.set(`${sf.fileName}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`, `${name} on ${k}`); return { text: src.slice(node.getStart(sf), node.getEnd()) }; }
        } else if (name === 'finite') { changed = true; return r; }
        else if (CHECKS.has(name)) check = `z.${name}(${args.join(', ')})`;
        if (check) { changed = true; return r.checks ? { base: r.base, checks: [...r.checks, check] } : { base: r.text, checks: [check] }; }
        if (name === 'check') { changed = true; return r.checks ? { base: r.base, checks: [...r.checks, ...args] } : { base: r.text, checks: args }; }
        if (WRAP1[name]) { changed = true; return { text: `z.${WRAP1[name]}(${recvText})` }; }
        if (WRAP2[name]) { changed = true; return { text: `z.${WRAP2[name]}(${recvText}, ${args.join(', ')})` }; }
        if (name === 'transform') { changed = true; return { text: `z.pipe(${recvText}, z.transform(${args.join(', ')}))` }; }
        if (name === 'strict' && ts.isCallExpression(recv) && recv.expression.getText(sf).replace(/\s/g, '') === 'z.object') {
          changed = true;
          return { text: `z.strictObject(${recv.arguments.map((a) => emit(a)).join(', ')})` };
        }
        if (name === 'or') { changed = true; return { text: `z.union([${recvText}, ${args.join(', ')}])` }; }
        if (!KEEP.has(name)) unknown.set(`${sf.fileName}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`, `.${name}() on ${k}`);
        if (r.checks) changed = true;
        return { text: `${recvText}.${name}(${args.join(', ')})` };
      }
    }
    return { text: generic(node) };
  }
  function emit(node) {
    const r = parts(node);
    return r.checks ? `${r.base}.check(${r.checks.join(', ')})` : r.text;
  }
  function generic(node) {
    let out = '';
    let last = node.getStart(sf);
    node.forEachChild((child) => {
      const s = child.getStart(sf);
      if (s < last) return; // JSDoc etc.
      out += src.slice(last, s) + emit(child);
      last = child.getEnd();
    });
    return out + src.slice(last, node.getEnd());
  }
  let out = src.slice(0, sf.getStart(sf));
  let last = sf.getStart(sf);
  sf.forEachChild((child) => {
    const s = child.getStart(sf);
    out += src.slice(last, s) + emit(child);
    last = child.getEnd();
  });
  out += src.slice(last);
  return changed ? out : null;
}

const targets = program.getSourceFiles().filter((sf) => sf.fileName.includes('/collector/src/') && /^import [^;]* from 'zod';$/m.test(sf.getFullText()));
const results = [];
for (const sf of targets) results.push([sf.fileName, rewriteFile(sf) ?? sf.getFullText()]);
// Also turn `z\n  .string()` (a chain's first link on its own line) back into `z.string()`.
for (const [file, text0] of results) {
  const text = text0.replace(/\bz\n\s*\.(\w+)\(/g, 'z.$1(');
  const rel = path.relative(path.dirname(file), path.join(root, 'collector/src/schema/zod')).replace(/^([^.])/, './$1');
  let t = text
    .replace(/import \* as z from 'zod';/, `import * as z from '${rel}';`)
    .replace(/import type \{ z \} from 'zod';/, `import type * as z from '${rel}';`)
    .replace(/\bz\.ZodType\b/g, 'z.ZodMiniType')
    .replace(/\bz\.ZodObject\b/g, 'z.ZodMiniObject')
    .replace(/\bz\.ZodRawShape\b/g, 'z.core.$ZodShape')
    .replace(/\bz\.ZodError\b/g, 'z.core.$ZodError')
    .replace(/\bz\.RefinementCtx\b/g, 'z.core.$RefinementCtx');
  fs.writeFileSync(file, t);
}
console.log('files', results.length);
for (const [where, what] of unknown) console.log(`not converted: ${what} at ${path.relative(root, where)}`);
