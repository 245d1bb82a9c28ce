// Where a local collector's memory is: each workerd process's resident set split into anonymous memory
// (heaps: V8's and SQLite's page cache, which mallocs) and file-backed pages (the binary, mmapped files),
// and the Worker isolate's own V8 heap read through wrangler's devtools proxy. Linux /proc only.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** The workerd processes under a process (wrangler dev), by pid. */
export function workerdPids(rootPid) {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,comm='], { encoding: 'utf8' });
  const rows = out.trim().split('\n').map((l) => l.trim().split(/\s+/));
  const children = new Map();
  for (const [p, pp] of rows) children.set(Number(pp), [...(children.get(Number(pp)) ?? []), Number(p)]);
  const comm = new Map(rows.map(([p, , c]) => [Number(p), c]));
  const found = [];
  const stack = [rootPid];
  while (stack.length) {
    const p = stack.pop();
    if (comm.get(p) === 'workerd') found.push(p);
    stack.push(...(children.get(p) ?? []));
  }
  return found;
}

/** True when the process has the local D1 file open: the workerd running the Worker and its D1 object. */
export function holdsD1(pid) {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`).includes('miniflare-D1DatabaseObject');
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** VmRSS and its parts (RssAnon, RssFile, RssShmem) in MB. */
export function rss(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, anon: kb('RssAnon') / 1024, file: kb('RssFile') / 1024, shmem: kb('RssShmem') / 1024 };
}

/**
 * A devtools session on the Worker's isolate (wrangler dev --inspector-port; `workerUrl` the Worker's): `heap()` is V8's used and
 * total heap in MB, after a full GC when `gc` is set (what the Worker still holds, not what awaits collection).
 * `quiet`: send Network.disable. wrangler's devtools proxy enables the Network domain on every start, and
 * the runtime then reports each subrequest with its whole body (every local D1 query is one:
 * http://d1/query), which the proxy keeps until a devtools client connects (cloudflare/workers-sdk#14191):
 * memory that grows with every row read, in wrangler's proxy workerd, not in the Worker.
 */
export async function workerHeap(inspectorPort, workerUrl, { quiet = false } = {}) {
  // Global from Node 22; on Node 20 undici's (miniflare's dependency), the same implementation.
  const WebSocket = globalThis.WebSocket ?? (await import('undici')).WebSocket;
  const targets = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json();
  const url = targets.find((t) => t.webSocketDebuggerUrl)?.webSocketDebuggerUrl;
  if (!url) throw new Error(`no devtools target on port ${inspectorPort}: ${JSON.stringify(targets)}`);
  // wrangler's devtools proxy accepts only devtools origins (127.0.0.1 among them); undici's WebSocket takes headers.
  const ws = new WebSocket(url, { headers: { origin: 'http://127.0.0.1' } });
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error(`devtools WebSocket ${url} failed`));
  });
  let id = 0;
  const waiting = new Map();
  let networkEvents = 0;
  ws.onmessage = (m) => {
    const msg = JSON.parse(String(m.data));
    if (msg.method?.startsWith('Network.')) networkEvents++;
    if (msg.id && waiting.has(msg.id)) {
      waiting.get(msg.id)(msg);
      waiting.delete(msg.id);
    }
  };
  const call = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const n = ++id;
      waiting.set(n, (msg) => (msg.error ? reject(new Error(`${method}: ${msg.error.message}`)) : resolve(msg.result)));
      ws.send(JSON.stringify({ id: n, method, params }));
    });
  // workerd answers a devtools call that needs the isolate (a GC, and anything sent after one) only
  // when the isolate is next entered: a request to the Worker (a 404) does that, so send one while waiting.
  const answered = async (promise) => {
    let settled = false;
    promise.then(() => (settled = true), () => (settled = true));
    while (!settled) await Promise.race([promise, new Promise((r) => setTimeout(r, 200)).then(() => fetch(`${workerUrl}/v1/`)).then((r) => r.arrayBuffer())]);
    return promise;
  };
  // Sent again now and then: the proxy enables Network again when it reconnects to the runtime.
  const quieten = () => call('Network.disable').catch(() => {});
  let timer;
  if (quiet) {
    await quieten();
    timer = setInterval(quieten, 10_000);
  }
  return {
    /** `nudge: false`: no request to the Worker (an idle isolate then answers once it is next entered). */
    async heap({ gc = false, nudge = true } = {}) {
      const wait = nudge ? answered : (p) => p;
      if (gc) await wait(call('HeapProfiler.collectGarbage'));
      const h = await wait(call('Runtime.getHeapUsage'));
      return { used: h.usedSize / 2 ** 20, total: h.totalSize / 2 ** 20 };
    },
    /** Network events the runtime sent since connecting (0 while the domain stays off). */
    networkEvents: () => networkEvents,
    close: () => {
      clearInterval(timer);
      ws.close();
    },
  };
}
