import { createExecutionContext, env } from 'cloudflare:test';
import collector from '../src/index';

/**
 * The collector's own fetch handler, called in the test's isolate with the real bindings (D1, queues, rate
 * limiters) and a fresh ExecutionContext per request, as workerd calls it. Tests use this rather than
 * `SELF.fetch`: SELF goes through the pool's runner object, and its cost grows with every request the
 * isolate has made (measured: 40 requests took 0.1 s at first and 4.9 s after ~2,000), which ruled out
 * running all the collector's test files in one isolate. Background work (`ctx.waitUntil`) runs on as
 * deployed; its failures are logged, as the runtime logs them.
 */
export async function fetchWorker(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const waitUntil = ctx.waitUntil.bind(ctx);
  ctx.waitUntil = (promise) => waitUntil(Promise.resolve(promise).catch((err) => console.error('waitUntil failed', err)));
  return collector.fetch(new Request(input, init), env, ctx);
}
