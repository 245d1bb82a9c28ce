import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { find, type Engine } from './engine';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * WebKitGTK (Debian's webkit2gtk-driver): `WebKitWebDriver` speaks classic WebDriver over HTTP and
 * starts MiniBrowser in automation mode, which needs a display (run under `xvfb-run`). A few plain
 * HTTP calls are all the scenarios need. Each session gets a fresh ephemeral profile: a new visitor.
 */
export async function launchWebKit(): Promise<Engine> {
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) throw new Error('WebKit needs a display: run it under xvfb-run (npm run test:webkit)');
  const port = await freePort();
  const driver = spawn(process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver', [`--port=${port}`], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;

  async function call(method: string, route: string, body?: unknown) {
    const init = { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) };
    // No WebDriver call of these scenarios takes long; one that hangs fails the test instead of the hook.
    const res = await fetch(base + route, { ...init, signal: AbortSignal.timeout(30_000) });
    const json = (await res.json()) as { value: any };
    if (!res.ok) throw new Error(`WebDriver ${method} ${route}: ${JSON.stringify(json.value)}`);
    return json.value;
  }

  async function startSession(): Promise<string> {
    const deadline = Date.now() + 15_000;
    while (!(await call('GET', '/status').then((s) => s.ready, () => false))) {
      if (Date.now() > deadline) throw new Error('WebKitWebDriver did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const options = { binary: process.env.WEBKIT_BROWSER_PATH ?? MINIBROWSER, args: ['--automation'] };
    return (await call('POST', '/session', { capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': options } } })).sessionId;
  }
  // A failed start (no display: run under xvfb-run) must not leave the driver running.
  const sessionId = await startSession().catch((err) => {
    driver.kill();
    throw err;
  });
  const session = (route: string, body?: unknown) => call(body === undefined ? 'GET' : 'POST', `/session/${sessionId}${route}`, body);

  // Async script: the result of the function, awaited in the page, handed back through the callback.
  const evaluate = async (fn: Function, ...args: unknown[]) => {
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => (${fn}).apply(null, [].slice.call(arguments, 0, -1)))
        .then((value) => done({ value }), (e) => done({ error: String(e && e.stack || e) }));`;
    const out = await session('/execute/async', { script, args });
    if (out.error) throw new Error(out.error);
    return out.value;
  };
  const element = async (selector: string, text?: string) => {
    const el = await session('/execute/sync', { script: `return (${find})(arguments[0], arguments[1])`, args: [selector, text ?? null] });
    if (!el) throw new Error(`no element ${selector}${text ? ` "${text}"` : ''}`);
    return el[ELEMENT] as string;
  };
  return {
    name: 'webkit',
    // Classic WebDriver has no event for uncaught page errors.
    pageErrors: null,
    page: {
      goto: async (url) => void (await session('/url', { url })),
      evaluate: evaluate as Engine['page']['evaluate'],
      click: async (selector, text) => void (await session(`/element/${await element(selector, text)}/click`, {})),
      type: async (selector, text) => void (await session(`/element/${await element(selector)}/value`, { text })),
    },
    async close() {
      await call('DELETE', `/session/${sessionId}`).catch(() => {});
      driver.kill();
    },
  };
}
