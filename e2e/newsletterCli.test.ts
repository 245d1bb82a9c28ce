import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { findAddress } from '../collector/test/addressEncodings';

const collector = inject('collectorUrl');
const root = path.resolve(__dirname, '..');
const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'hoptrail-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hoptrail = (...args: string[]) => run('node', ['cli/hoptrail.mjs', ...args], { cwd: root, env: { ...process.env, HOPTRAIL_API: collector } });

describe('npx hoptrail newsletter prepare', () => {
  it('writes the tracked HTML and text and one signed token per recipient, through the collector', async () => {
    const out = path.join(dir, 'email.tracked.html');
    const textOut = path.join(dir, 'email.tracked.txt');
    const tokensOut = path.join(dir, 'tokens.csv');
    const { stdout } = await hoptrail(
      'newsletter', 'prepare', '--campaign', `cli-${Date.now()}`,
      '--in', 'examples/newsletter/spring-sale.html', '--out', out,
      '--text-in', 'examples/newsletter/spring-sale.txt', '--text-out', textOut,
      '--recipients', 'examples/newsletter/recipients.csv', '--tokens-out', tokensOut,
      '--merge-tag', '{{ contact.ht }}',
      // Sent an hour ago: a click seconds after the send would be taken for a link scanner.
      '--sent-at', new Date(Date.now() - 3600_000).toISOString(),
    );
    expect(stdout).toContain('link 2 ×4'); // three times in the HTML, once in the text
    expect(stdout).toContain('3 signed recipient tokens');
    const html = readFileSync(out, 'utf8');
    expect(html.match(/\/c\/[A-Za-z0-9_-]+\.\{\{ contact\.ht \}\}/g)).toHaveLength(7);
    expect(html).toContain('href="mailto:help@shop.example?subject=Spring%20sale"');
    expect(readFileSync(textOut, 'utf8')).toMatch(/\/c\/[A-Za-z0-9_-]+\.\{\{ contact\.ht \}\}\)\./);
    const rows = readFileSync(tokensOut, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('recipient,ht');
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(['ada@example.com', 'grace@example.com', 'linus@example.com']);
    expect(rows[1].split(',')[1]).toMatch(/^[A-Za-z0-9_-]{30,}$/);
    // The tokens are opaque: no address in any encoding, in them or in any tracked URL they complete.
    const addresses = rows.slice(1).map((r) => r.split(',')[0]);
    const tracked = [...html.matchAll(/http[^"]*\/[oc]\/[A-Za-z0-9_-]+\.\{\{ contact\.ht \}\}/g)].map((m) => m[0]);
    expect(tracked).toHaveLength(8); // seven links and the pixel
    for (const row of rows.slice(1)) {
      const token = row.split(',')[1];
      for (const url of [token, ...tracked.map((u) => u.replace('{{ contact.ht }}', token))]) expect(findAddress(url, addresses), url).toBeNull();
    }

    // The token from the CSV, put where the merge tag was, is a working click link.
    const click = html.match(/http[^"]*\/c\/[A-Za-z0-9_-]+\.\{\{ contact\.ht \}\}/)![0].replace('{{ contact.ht }}', rows[1].split(',')[1]);
    const res = await fetch(click, { redirect: 'manual', headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' } });
    expect(res.status).toBe(302);
    // 127.0.0.1 is one of the development site's own hosts: the landing identity goes along, opaque too.
    expect(res.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:8787\/\?utm_source=newsletter&utm_medium=email&utm_campaign=spring-sale&ht_nl=/);
    expect(findAddress(res.headers.get('location')!, addresses)).toBeNull();
  });

  it('explains a mistake instead of failing with a stack trace', async () => {
    const err = await hoptrail('newsletter', 'prepare', '--campaign', 'Bad Id', '--in', 'examples/newsletter/spring-sale.html', '--out', path.join(dir, 'x.html')).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/^hoptrail: POST \/v1\/sites\/demo\/newsletters answered 400: campaign: /);
    const unknown = await hoptrail('nope').catch((e) => e);
    expect(unknown.stderr).toMatch(/unknown command "nope"; try: [a-z, ]*\bkeys, newsletter\b/);
  });
});
