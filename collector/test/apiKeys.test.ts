import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/lib/hash';
import { LIVE_KEYS_MAX } from '../src/store/keys';
import { ORIGIN, seedSite } from './helpers';
import { fetchWorker } from './worker';

const SITE = 'keys-shop';
const OTHER = 'keys-other';
let keys: { read: string; write: string };
let otherKeys: { read: string; write: string };

type Listed = { id: string; kind: string; label: string; createdAt: number; revokedAt: number | null; current: boolean };

function call(method: string, site: string, path: string, key: string, body?: unknown) {
  return fetchWorker(`${ORIGIN}/v1/sites/${site}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function create(site: string, key: string, body: unknown) {
  const res = await call('POST', site, '/keys', key, body);
  expect(res.status).toBe(201);
  return (await res.json()) as Listed & { key: string };
}

const list = async (site: string, key: string) => ((await (await call('GET', site, '/keys', key)).json()) as { keys: Listed[] }).keys;
const visitors = (site: string, key: string) => call('GET', site, '/visitors', key);
const recompute = (site: string, key: string) => call('POST', site, '/scores/recompute', key);

beforeAll(async () => {
  keys = await seedSite(SITE);
  otherKeys = await seedSite(OTHER);
});

describe('managing keys with a write key', () => {
  it('creates a read key that reads the site, shown once with its id and label', async () => {
    const created = await create(SITE, keys.write, { kind: 'read', label: '  analyst ' });
    expect(created).toMatchObject({ kind: 'read', label: 'analyst', revokedAt: null });
    expect(created.key).toMatch(/^ht_read_[A-Za-z0-9_-]{32}$/);
    expect((await visitors(SITE, created.key)).status).toBe(200);
    expect((await recompute(SITE, created.key)).status).toBe(401); // a read key cannot write
    const row = await env.DB.prepare('SELECT hash FROM api_keys WHERE id = ?').bind(created.id).first<{ hash: string }>();
    expect(row!.hash).toBe(await sha256Hex(created.key)); // only the hash is kept
  });

  it('creates a write key that can manage keys in turn', async () => {
    const created = await create(SITE, keys.write, { kind: 'write', label: 'deploy bot' });
    expect((await recompute(SITE, created.key)).status).toBe(200);
    expect((await visitors(SITE, created.key)).status).toBe(401); // a write key cannot read
    const listed = await list(SITE, created.key);
    expect(listed.find((k) => k.id === created.id)!.current).toBe(true);
  });

  it('lists every key with kind, label and dates, never a key or a hash', async () => {
    const created = await create(SITE, keys.write, { kind: 'read', label: 'listed' });
    const res = await call('GET', SITE, '/keys', keys.write);
    expect(res.status).toBe(200);
    const text = await res.text();
    const hash = await sha256Hex(created.key);
    expect(text).not.toContain(created.key);
    expect(text).not.toContain(hash.slice(0, 8));
    expect(text).not.toContain(keys.write);
    const listed = (JSON.parse(text) as { keys: (Listed & Record<string, unknown>)[] }).keys;
    expect(listed.find((k) => k.id === created.id)).toEqual({ id: created.id, kind: 'read', label: 'listed', createdAt: created.createdAt, revokedAt: null, current: false });
    expect(listed.filter((k) => k.current)).toHaveLength(1); // the caller's own key
    for (const k of listed) expect(Object.keys(k).sort()).toEqual(['createdAt', 'current', 'id', 'kind', 'label', 'revokedAt']);
  });

  it('revokes a key: it gets 401 from then on, stays listed as revoked, and cannot be revoked twice', async () => {
    const doomed = await create(SITE, keys.write, { kind: 'read', label: 'leaked' });
    expect((await visitors(SITE, doomed.key)).status).toBe(200);
    const res = await call('DELETE', SITE, `/keys/${doomed.id}`, keys.write);
    expect(res.status).toBe(200);
    const { key } = (await res.json()) as { key: Listed };
    expect(key).toMatchObject({ id: doomed.id, kind: 'read', label: 'leaked' });
    expect(key.revokedAt).toBeGreaterThan(0);
    const refused = await visitors(SITE, doomed.key);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ field: 'authorization' });
    expect((await list(SITE, keys.write)).find((k) => k.id === doomed.id)!.revokedAt).toBe(key.revokedAt);
    const again = await call('DELETE', SITE, `/keys/${doomed.id}`, keys.write);
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ field: 'id' });
  });

  it("refuses to revoke the site's last live write key (409), and allows it once another exists", async () => {
    const site = 'keys-single';
    const own = await seedSite(site);
    const [writeKey] = (await list(site, own.write)).filter((k) => k.kind === 'write');
    const refused = await call('DELETE', site, `/keys/${writeKey.id}`, own.write);
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as { error: string; field: string };
    expect(body.field).toBe('id');
    expect(body.error).toMatch(/last live write key/);
    expect((await recompute(site, own.write)).status).toBe(200); // still works

    const second = await create(site, own.write, { kind: 'write', label: 'successor' });
    expect((await call('DELETE', site, `/keys/${writeKey.id}`, own.write)).status).toBe(200); // a key may retire itself
    expect((await recompute(site, own.write)).status).toBe(401);
    expect((await recompute(site, second.key)).status).toBe(200);
    expect((await call('DELETE', site, `/keys/${second.id}`, second.key)).status).toBe(409);
  });

  it('answers 400 naming the field for a bad kind, label or body', async () => {
    for (const [body, field] of [
      [{ kind: 'admin' }, 'kind'],
      [{}, 'kind'],
      [{ kind: 'read', label: 'x'.repeat(101) }, 'label'],
      [{ kind: 'read', site: OTHER }, 'body'],
    ] as const) {
      const res = await call('POST', SITE, '/keys', keys.write, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { field: string }).field, JSON.stringify(body)).toBe(field);
    }
  });

  it(`refuses a new key at ${LIVE_KEYS_MAX} live keys (409)`, async () => {
    const site = 'keys-full';
    const own = await seedSite(site);
    for (let i = 2; i < LIVE_KEYS_MAX; i++) await create(site, own.write, { kind: 'read' });
    const full = await call('POST', site, '/keys', own.write, { kind: 'read' });
    expect(full.status).toBe(409);
    expect(await full.json()).toMatchObject({ field: 'kind' });
  });
});

describe("one site's key cannot manage another's keys", () => {
  it("site A's write key gets 404 for B's keys, as for a site that does not exist", async () => {
    const ofB = await list(OTHER, otherKeys.write);
    expect(ofB.length).toBeGreaterThan(0);
    for (const [method, path, body] of [
      ['GET', '/keys', undefined],
      ['POST', '/keys', { kind: 'write' }],
      ['DELETE', `/keys/${ofB[0].id}`, undefined],
    ] as const) {
      const res = await call(method, OTHER, path, keys.write, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(await res.json()).toEqual({ error: 'site not found' });
    }
    expect(await list(OTHER, otherKeys.write)).toEqual(ofB); // nothing created, nothing revoked
  });

  it("site A's write key cannot revoke B's key through A's path either (404 for the id)", async () => {
    const ofB = (await list(OTHER, otherKeys.write)).find((k) => k.kind === 'read')!;
    const res = await call('DELETE', SITE, `/keys/${ofB.id}`, keys.write);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ field: 'id' });
    expect((await visitors(OTHER, otherKeys.read)).status).toBe(200);
  });
});
