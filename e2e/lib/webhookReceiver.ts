import { createServer } from 'node:http';

export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** When it arrived (ms, this process's clock). */
  at: number;
  /** The status the receiver answered. */
  status: number;
}

export interface WebhookReceiver {
  url: string;
  /** Every request, in arrival order, answered or refused. */
  requests: Received[];
  /** Requests to `path` the receiver accepted (answered 2xx). */
  accepted(path: string): Received[];
  /** While down, `path` answers 503 (the request still counts as arrived, as with a failing server). */
  setDown(path: string, down: boolean): void;
  close(): Promise<void>;
}

/** A real HTTP endpoint for webhook deliveries (Slack-, Zendesk- or plain JSON-shaped), on a free port. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: Received[] = [];
  const down = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const path = req.url!;
      const status = down.has(path) ? 503 : 200;
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
      requests.push({ path, headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now(), status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'down');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    requests,
    accepted: (path) => requests.filter((r) => r.path === path && r.status === 200),
    setDown: (path, value) => void (value ? down.add(path) : down.delete(path)),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
