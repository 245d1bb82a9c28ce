import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Analytics } from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEV_READ_KEY } from './lib/journey';

// Segment's own Node client (analytics-node) pointed at the collector (`host`), as a site already
// instrumented with Segment would do. Between them, a relay that passes the first batch on but loses
// the collector's answer (the client sees a 503), so the client retries the batch exactly as it would
// after a network failure: the same messageIds must be stored once.
const collector = inject('collectorUrl');
const DEV_WRITE_KEY = 'demo-write-key';

interface Seen {
  messageIds: string[];
  retryCount: string | undefined;
  authorization: string | undefined;
  collectorAnswer: { status: number; body: Record<string, unknown> };
}

let relay: Server;
let relayUrl: string;
const seen: Seen[] = [];

beforeAll(async () => {
  relay = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const upstream = await fetch(`${collector}${req.url}`, {
      method: req.method,
      headers: { 'content-type': String(req.headers['content-type']), authorization: String(req.headers.authorization) },
      body,
    });
    const answer = { status: upstream.status, body: (await upstream.json()) as Record<string, unknown> };
    seen.push({
      messageIds: (JSON.parse(body) as { batch: { messageId: string }[] }).batch.map((m) => m.messageId),
      retryCount: req.headers['x-retry-count'] as string | undefined,
      authorization: req.headers.authorization,
      collectorAnswer: answer,
    });
    const lost = seen.length === 1; // the first answer never reaches the client
    res.writeHead(lost ? 503 : answer.status, { 'content-type': 'application/json' });
    res.end(lost ? '{"error":"relay lost the answer"}' : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => relay.close(() => resolve())));

type Event = { id: string; type: string; name: string | null; path: string | null; props: Record<string, unknown> | null };
async function readApi<T>(path: string): Promise<T> {
  const res = await fetch(`${collector}${path}`, { headers: { authorization: `Bearer ${DEV_READ_KEY}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

describe('@segment/analytics-node pointed at the collector', () => {
  it("lands its batch in the customer's journey with the anonymous device stitched in, and its retry stores nothing twice", async () => {
    const userId = `seg-node-${randomUUID()}`;
    const anonymousId = `anon-${randomUUID()}`;
    const failures: unknown[] = [];
    const analytics = new Analytics({ writeKey: DEV_WRITE_KEY, host: relayUrl, flushAt: 10, flushInterval: 60_000, maxRetries: 3 });
    analytics.on('error', (err) => failures.push(err));

    analytics.page({ anonymousId, name: 'Pricing', properties: { url: 'https://shop.example/pricing', title: 'Pricing' } });
    analytics.identify({ anonymousId, userId, traits: { plan: 'pro', name: 'Ada Lovelace' } });
    analytics.track({ userId, event: 'Order Completed', properties: { total: 42, currency: 'EUR' } });
    await analytics.closeAndFlush({ timeout: 30_000 });

    expect(failures).toEqual([]);
    // One batch, sent twice by the client: the retry carries the same messageIds and says it is one.
    expect(seen).toHaveLength(2);
    expect(seen[0].authorization).toBe(`Basic ${Buffer.from(`${DEV_WRITE_KEY}:`).toString('base64')}`);
    expect(seen[1].messageIds).toEqual(seen[0].messageIds);
    expect(seen[1].retryCount).toBe('1');
    // Three messages and the link of the device to the customer; the retry finds them all stored.
    expect(seen[0].collectorAnswer).toEqual({ status: 200, body: { success: true, accepted: 4, duplicates: 0, refused: [] } });
    expect(seen[1].collectorAnswer).toEqual({ status: 200, body: { success: true, accepted: 0, duplicates: 4, refused: [] } });

    const { events } = await readApi<{ events: Event[] }>(`/v1/sites/demo/customers/${userId}/journey`);
    expect(events.map((e) => `${e.type} ${e.type === 'pageview' ? e.path : (e.name ?? '')}`.trim())).toEqual(
      expect.arrayContaining(['pageview /pricing', 'identify', 'event Order Completed']),
    );
    expect(events.filter((e) => e.type !== 'identify')).toHaveLength(2);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.find((e) => e.type === 'event')!.props).toEqual({ total: 42, currency: 'EUR' });

    const { customer } = await readApi<{ customer: { traits: Record<string, unknown>; visitorIds: string[] } }>(`/v1/sites/demo/customers/${userId}`);
    expect(customer.traits).toEqual({ plan: 'pro', name: 'Ada Lovelace' });
    expect(customer.visitorIds).toEqual(expect.arrayContaining([anonymousId, `customer:${userId}`]));
  });
});
