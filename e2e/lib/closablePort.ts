import { createServer, connect, type Server, type Socket } from 'node:net';

export interface ClosablePort {
  /** http://127.0.0.1:<port>, forwarding to the target. */
  url: string;
  /** Stops listening and cuts open connections: the port refuses, as when the collector's process stops. */
  close(): Promise<void>;
  /** Listens on the same port again: the collector is back where pages expect it. */
  reopen(): Promise<void>;
}

/**
 * A TCP forwarder in front of a running collector whose port can be closed and reopened. To a browser it
 * is the collector's process stopping and starting again (connection refused in between), without the
 * half-minute of restarting `wrangler dev`.
 */
export async function startClosablePort(target: string): Promise<ClosablePort> {
  const { hostname, port: targetPort } = new URL(target);
  const sockets = new Set<Socket>();
  let server: Server;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(Number(targetPort), hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => (s === client ? upstream : client).destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    });
  const port = await listen(0);
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
    reopen: async () => {
      await listen(port);
    },
  };
}
