import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import signals from '../src/chunks/signals';
import type { EventInput } from '../src/types';

// The chunk listens on the window for the whole file; each test reads what it emitted since.
let emitted: EventInput[] = [];
const click = (target: Element, x: number, y: number) =>
  target.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, clientX: x, clientY: y }));
const named = (name: string) => emitted.filter((e) => 'name' in e && e.name === name);

beforeAll(() => {
  document.body.innerHTML = `<button id="a" class="buy primary">Buy</button><button id="b">Other</button>
    <a id="out" href="https://elsewhere.example/x">out</a><a id="file" href="/files/report.pdf">pdf</a><a id="in" href="/about">in</a>`;
  for (const a of document.querySelectorAll('a')) a.addEventListener('click', (e) => e.preventDefault());
  signals((e) => emitted.push(e), { site: 'demo', api: 'https://c.example', outbound: true, downloads: true });
});
beforeEach(() => {
  emitted = [];
});

describe('signals chunk', () => {
  it('reports a rage click once for 3+ clicks within a second in one spot, with the target', async () => {
    const a = document.getElementById('a')!;
    for (let i = 0; i < 5; i++) click(a, 100 + i, 100);
    expect(named('$rage_click').map((e) => e.props)).toEqual([{ target: 'button#a.buy.primary', clicks: 3 }]);
  });

  it('does not call clicks far apart a rage click', async () => {
    const b = document.getElementById('b')!;
    await new Promise((r) => setTimeout(r, 1100));
    click(b, 10, 10);
    click(b, 300, 10);
    click(b, 10, 300);
    expect(named('$rage_click')).toEqual([]);
  });

  it('reports outbound links and downloads, not internal links', () => {
    click(document.getElementById('out')!, 0, 0);
    click(document.getElementById('file')!, 400, 0);
    click(document.getElementById('in')!, 0, 400);
    expect(named('$outbound').map((e) => e.props)).toEqual([{ url: 'https://elsewhere.example/x' }]);
    expect(named('$download').map((e) => e.props)).toEqual([{ url: `${location.origin}/files/report.pdf` }]);
    expect(emitted).toHaveLength(2);
  });

  it('reports uncaught errors, at most 10 per page', () => {
    for (let i = 0; i < 12; i++) dispatchEvent(new ErrorEvent('error', { message: `boom ${i}`, filename: 'https://shop.example/app.js', lineno: 3, colno: 7 }));
    const errors = named('$js_error');
    expect(errors).toHaveLength(10);
    expect(errors[0].props).toEqual({ message: 'boom 0', source: 'https://shop.example/app.js:3:7' });
  });
});
