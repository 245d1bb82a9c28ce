import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { identitySignature } from '../src/identity/identitySignature';
import { countRows, customEvent, identify, ORIGIN, pageview, postEvents, read, seedSite } from './helpers';
import { outcome } from './ingestOutcome';
import { fetchWorker } from './worker';

// Spoofing attempts against signed identify, as an attacker who knows the public site id would try.
const SITE = 'signed-shop';
const OTHER = 'signed-other';
let keys: { read: string; write: string };
let otherKeys: { read: string; write: string };

beforeAll(async () => {
  keys = await seedSite(SITE);
  otherKeys = await seedSite(OTHER);
});

function api(method: string, path: string, body?: unknown, key = keys.write, site = SITE) {
  return fetchWorker(`${ORIGIN}/v1/sites/${site}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function newSecret(graceHours?: number, site = SITE, key = keys.write) {
  const res = await api('POST', '/identity/secret', graceHours === undefined ? undefined : { graceHours }, key, site);
  expect(res.status).toBe(201);
  return res.json<{ secret: string; version: number; previousValidUntil: number | null; effectiveMode: string }>();
}

const signed = (visitor: string, customer: string, signature: string, traits?: Record<string, unknown>) => {
  const e = identify(SITE, visitor, customer, traits);
  return { ...e, props: { ...(e.props as object), signature } };
};

const customerOf = async (visitor: string) =>
  (await env.DB.prepare('SELECT customer_id FROM visitors WHERE site = ? AND visitor_id = ?').bind(SITE, visitor).first<{ customer_id: string | null }>())
    ?.customer_id ?? null;

const filtered = async (reason: string) => {
  const stats = await (await read(`/v1/sites/${SITE}/ingest-stats`, keys.read)).json<{ filtered: { reason: string; events: number }[] }>();
  return stats.filtered.filter((f) => f.reason === reason).reduce((n, f) => n + f.events, 0);
};

describe('identity secret and mode (write key)', () => {
  it('starts open without a secret; creating one switches the default to signed and never shows it again', async () => {
    expect(await (await api('GET', '/identity')).json()).toMatchObject({ identity: { mode: null, effectiveMode: 'open', hasSecret: false } });
    expect((await api('POST', '/identity/secret', undefined, keys.read)).status).toBe(401);
    expect((await api('POST', '/identity/secret', undefined, otherKeys.write)).status).toBe(404);

    const created = await newSecret();
    expect(created).toMatchObject({ version: 1, previousValidUntil: null, effectiveMode: 'signed' });
    expect(created.secret).toMatch(/^hts_[A-Za-z0-9_-]{43}$/);
    const status = await (await api('GET', '/identity')).text();
    expect(status).not.toContain(created.secret);
    expect(JSON.parse(status)).toMatchObject({ identity: { effectiveMode: 'signed', hasSecret: true, version: 1 } });
    // Stored encrypted: the row does not hold the secret.
    const row = await env.DB.prepare('SELECT secret FROM identity_settings WHERE site = ?').bind(SITE).first<{ secret: string }>();
    expect(row!.secret).not.toContain(created.secret.slice(4));
  });

  it('refuses a bad mode or grace with 400 naming the field', async () => {
    const mode = await api('PUT', '/identity', { mode: 'loose' });
    expect(mode.status).toBe(400);
    expect((await mode.json<{ field: string }>()).field).toBe('mode');
    const grace = await api('POST', '/identity/secret', { graceHours: 1000 });
    expect(grace.status).toBe(400);
    expect((await grace.json<{ field: string }>()).field).toBe('graceHours');
  });
});

describe('signed mode: spoofing attempts', () => {
  let secret: string;
  beforeAll(async () => {
    secret = (await newSecret()).secret;
    expect((await api('PUT', '/identity', { mode: 'signed' })).status).toBe(200);
  });

  it('stores a correctly signed identify and links the visitor', async () => {
    const res = await postEvents({ events: [pageview(SITE, 'honest-visitor'), signed('honest-visitor', 'cust-1', await identitySignature(secret, 'cust-1'), { plan: 'pro' })] });
    expect(await outcome(res)).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await customerOf('honest-visitor')).toBe('cust-1');
    // The signature is a credential for that customer id: not stored with the event.
    expect(await countRows('events', "site = ? AND type = 'identify' AND props LIKE '%signature%'", SITE)).toBe(0);
  });

  it('refuses an unsigned identify, keeps the visitor anonymous, stores the rest of the batch and counts it', async () => {
    const before = await filtered('identify_unsigned');
    const res = await postEvents({
      events: [pageview(SITE, 'attacker-1'), identify(SITE, 'attacker-1', 'cust-1', { plan: 'free' }), customEvent(SITE, 'attacker-1')],
    });
    const body = await outcome(res);
    expect(body).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(body.refused).toEqual([{ index: 1, field: 'events[1].props.signature', message: expect.stringContaining('only signed identifies') }]);
    expect(await customerOf('attacker-1')).toBeNull();
    expect(await countRows('identities', 'site = ? AND visitor_id = ?', SITE, 'attacker-1')).toBe(0);
    expect(await countRows('events', 'site = ? AND visitor_id = ?', SITE, 'attacker-1')).toBe(2);
    expect(await filtered('identify_unsigned')).toBe(before + 1);
    const customer = await (await read(`/v1/sites/${SITE}/customers/cust-1`, keys.read)).json<{ customer: { traits: object } }>();
    expect(customer.customer.traits).toEqual({ plan: 'pro' });
  });

  it.each([
    ['a made-up signature', async () => 'ab'.repeat(32)],
    ['the signature of another customer id', async (s: string) => identitySignature(s, 'cust-2')],
    ['a signature made with another site’s secret', async () => identitySignature((await newSecret(24, OTHER, otherKeys.write)).secret, 'cust-1')],
    ['a signature over the id with different case', async (s: string) => identitySignature(s, 'CUST-1')],
  ])('refuses %s and counts it as a bad signature', async (_label, forge) => {
    const visitor = `forger-${Math.random().toString(36).slice(2, 10)}`;
    const before = await filtered('identify_bad_signature');
    const res = await postEvents({ events: [signed(visitor, 'cust-1', await forge(secret))] });
    const body = await outcome(res);
    expect(body).toMatchObject({ accepted: 0 });
    expect(body.refused).toEqual([expect.objectContaining({ index: 0, field: 'events[0].props.signature' })]);
    expect(await customerOf(visitor)).toBeNull();
    expect(await filtered('identify_bad_signature')).toBe(before + 1);
  });

  it('after a rotation the old secret verifies during its grace, and not at all with graceHours 0', async () => {
    const old = secret;
    const rotated = await newSecret(24);
    expect(rotated.version).toBeGreaterThan(1);
    expect(rotated.previousValidUntil).toBeGreaterThan(Date.now());
    const graced = await outcome(await postEvents({ events: [signed('grace-visitor', 'cust-3', await identitySignature(old, 'cust-3'))] }));
    expect(graced).toMatchObject({ accepted: 1 });
    const fresh = await outcome(await postEvents({ events: [signed('fresh-visitor', 'cust-3', await identitySignature(rotated.secret, 'cust-3'))] }));
    expect(fresh).toMatchObject({ accepted: 1 });

    // A leak: rotate with no grace; the leaked secret is refused at once.
    const leaked = rotated.secret;
    secret = (await newSecret(0)).secret;
    const replay = await outcome(await postEvents({ events: [signed('leak-visitor', 'cust-3', await identitySignature(leaked, 'cust-3'))] }));
    expect(replay).toMatchObject({ accepted: 0 });
    expect(await customerOf('leak-visitor')).toBeNull();
  });
});

describe('open mode (spoofable, documented)', () => {
  it('accepts unsigned identifies but still refuses a wrong signature', async () => {
    expect(await (await api('PUT', '/identity', { mode: 'open' })).json()).toMatchObject({ identity: { effectiveMode: 'open', hasSecret: true } });
    const res = await postEvents({ events: [identify(SITE, 'open-visitor', 'cust-4'), signed('open-forger', 'cust-4', 'cd'.repeat(32))] });
    const body = await outcome(res);
    expect(body).toMatchObject({ accepted: 1 });
    expect(body.refused).toEqual([expect.objectContaining({ index: 1 })]);
    expect(await customerOf('open-visitor')).toBe('cust-4');
    expect(await customerOf('open-forger')).toBeNull();
  });
});
