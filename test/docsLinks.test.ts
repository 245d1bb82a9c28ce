import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const markdown = execFileSync('git', ['ls-files', '*.md'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);

// Folders of this repository: a `code span` starting with one of them names a file that must exist.
const TOP = /^(collector|sdk|e2e|scripts|bench|examples|cli|docs|dashboard|test)\//;
// Not files in the repository: built output, local state, placeholders, globs.
const SKIP = /^(dist|\.build|\.wrangler|node_modules)\/|[<>*{}]|NNNN|\.\.\.|…/;

/** Where a name in a Markdown file points: relative to that file, or (for code spans) to the root. */
function exists(file: string, target: string) {
  const clean = decodeURIComponent(target.split('#')[0]);
  return existsSync(path.join(root, path.dirname(file), clean)) || existsSync(path.join(root, clean));
}

describe('Markdown files', () => {
  it('link only to files that exist', () => {
    const broken = markdown.flatMap((file) =>
      [...readFileSync(path.join(root, file), 'utf8').matchAll(/\]\(([^)\s]+)\)/g)]
        .map((m) => m[1])
        .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#') && !exists(file, target))
        .map((target) => `${file} -> ${target}`),
    );
    expect(broken).toEqual([]);
  });

  it('name only repository paths that exist', () => {
    const missing = markdown.flatMap((file) =>
      [...readFileSync(path.join(root, file), 'utf8').matchAll(/`([^`\s]+)`/g)]
        .map((m) => m[1].replace(/[.,:;)]+$/, '').replace(/:\d+$/, ''))
        .filter((name) => TOP.test(name) && !SKIP.test(name) && !exists(file, name))
        .map((name) => `${file}: ${name}`),
    );
    expect(missing).toEqual([]);
  });
});
