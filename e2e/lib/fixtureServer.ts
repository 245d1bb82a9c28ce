import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';

export interface FixtureServer {
  /** Origin of the "customer site" serving e2e/fixtures/<name>.html at /<name>. */
  url: string;
  /** Every POST body that reached /v1/events through the proxy (parsed). */
  batches: { events: { id: string; visitorId: string; name?: string; type: string }[]; dropped?: number }[];
  /** Requests the proxy could not forward because the collector did not answer (its port closed). */
  unforwarded: number;
  /** Collector reachable or not: while down, the proxy drops connections (a network error for the page). */
  setCollectorUp(up: boolean): void;
  close(): Promise<void>;
}

/**
 * A customer's site on its own origin, plus a proxy in front of the collector at /collector, which
 * the fixtures use as `data-api`. The proxy can take the collector "down" (connections dropped, as
 * when a network or the collector fails) and back up, and it records what arrived.
 */
export async function startFixtureServer(collector: string): Promise<FixtureServer> {
  let up = true;
  let unforwarded = 0;
  const batches: FixtureServer['batches'] = [];
  const server = createServer((req, res) => {
    if (req.url!.startsWith('/collector/')) return proxy(req, res);
    const name = req.url!.slice(1).split('?')[0].replace(/[^a-z0-9-]/g, '');
    let html: string;
    try {
      html = readFileSync(path.join(__dirname, '../fixtures', `${name}.html`), 'utf8');
    } catch {
      res.writeHead(404).end('no fixture');
      return;
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(html.replaceAll('%COLLECTOR%', collector).replaceAll('%API%', `${url}/collector`));
  });

  function proxy(req: IncomingMessage, res: ServerResponse) {
    const target = new URL(req.url!.slice('/collector'.length), collector);
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (!up && target.pathname === '/v1/events') return req.socket.destroy();
      const body = Buffer.concat(chunks);
      const forward = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (upstream) => {
        if (target.pathname === '/v1/events' && req.method === 'POST' && upstream.statusCode === 200) {
          batches.push(JSON.parse(body.toString('utf8')));
        }
        res.writeHead(upstream.statusCode!, upstream.headers);
        upstream.pipe(res);
      });
      forward.on('error', () => {
        unforwarded++;
        req.socket.destroy();
      });
      forward.end(body);
    });
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://localhost:${(server.address() as { port: number }).port}`;
  return {
    url,
    batches,
    get unforwarded() {
      return unforwarded;
    },
    setCollectorUp: (value) => (up = value),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
