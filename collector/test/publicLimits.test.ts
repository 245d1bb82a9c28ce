import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Env as WorkerEnv } from '../src/env';
import app from '../src/index';
import { API_ROUTES } from '../src/openapi/apiRoutes';
import { createSite } from '../src/store/sites';
import { pageview, seedSite } from './helpers';

// Abuse bounds on the public routes, in workerd with the real Miniflare rate limiter
// (RATE_LIMIT_TEST: 2 requests a minute, testBindings.ts) standing in for RATE_LIMIT_CLIENT.

const SITE = 'limits-site';

beforeAll(async () => {
  await seedSite(SITE);
});

async function fetchApp(method: string, path: string, ip: string, bindings: Partial<WorkerEnv> = {}, body?: string, ua = 'Mozilla/5.0') {
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request(`https://collector.test${path}`, {
      method,
      headers: { 'cf-connecting-ip': ip, 'user-agent': ua, 'content-type': 'text/plain' },
      ...(body !== undefined ? { body } : {}),
    }),
    { ...env, ...bindings },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

/** Every public route: those the OpenAPI document declares without a key, and the mail pixel and click links. */
const PUBLIC = [
  ...API_ROUTES.filter((r) => r.auth === 'none').map((r) => ({ method: r.method.toUpperCase(), path: r.path })),
  { method: 'GET', path: '/o/:token' },
  { method: 'GET', path: '/c/:token' },
];

describe('the per-client rate limit (Workers binding) on every public route', () => {
  it.each(PUBLIC.map((r, i) => ({ ...r, i })))('$method $path answers 429 with Retry-After past the budget', async ({ method, path, i }) => {
    const url = path.replace(':site', SITE).replace(/:[A-Za-z]+/g, 'no-such-thing-1');
    const ip = `198.51.100.${i + 1}`;
    const body = method === 'POST' ? '{}' : undefined;
    const statuses: number[] = [];
    for (let n = 0; n < 3; n++) {
      const res = await fetchApp(method, url, ip, { RATE_LIMIT_CLIENT: env.RATE_LIMIT_TEST }, body, `agent-${n}`);
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect((await res.json<{ field: string }>()).field).toBe('client');
      } else await res.body?.cancel();
    }
    // Two within budget (whatever the route answers them), the third refused, though its user agent differs.
    expect(statuses.slice(0, 2)).not.toContain(429);
    expect(statuses[2]).toBe(429);
  });
});

describe('unknown sites', () => {
  /** The real D1, counting site lookups. */
  function countingSiteLookups(db: D1Database) {
    const counter = { lookups: 0 };
    const proxy = new Proxy(db, {
      get(target, prop) {
        if (prop === 'prepare') {
          return (sql: string) => {
            if (/FROM sites WHERE id/.test(sql)) counter.lookups++;
            return target.prepare(sql);
          };
        }
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return { db: proxy, counter };
  }

  it('are answered from a short negative cache: a flood naming one costs one D1 lookup', async () => {
    const { db, counter } = countingSiteLookups(env.DB);
    const batch = (seq: number) => JSON.stringify({ events: [pageview('made-up-site', 'visitor-made-up', { seq })] });
    const statuses: number[] = [];
    for (let n = 0; n < 5; n++) statuses.push((await fetchApp('POST', '/v1/events', '203.0.113.50', { DB: db }, batch(n))).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404]);
    expect(counter.lookups).toBe(1);
  });

  it('work at once once created (the negative entry is dropped)', async () => {
    const post = () => fetchApp('POST', '/v1/events', '203.0.113.51', {}, JSON.stringify({ events: [pageview('late-site', 'visitor-late')] }));
    expect((await post()).status).toBe(404);
    await createSite(env.DB, 'late-site');
    expect((await post()).status).toBe(200);
  });
});
