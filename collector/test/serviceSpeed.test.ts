import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventRow } from '../src/ingest/toEventRows';
import { bucketStart } from '../src/service/distribution';
import type { ServiceSpeed } from '../src/service/serviceSpeed';
import { storeEvents } from '../src/store/events';
import { read, rowsDaysAgo, seedSite } from './helpers';

const SITE = 'speed-site';
const NOW = Date.now();
const DAY = 86_400_000;
const MIN = 60_000;
const HOUR = 3_600_000;
const ev = rowsDaysAgo(NOW);
let keys: { read: string; write: string };

/** A row `minutes` after `daysAgo`. */
const at = (row: EventRow, minutes: number): EventRow => ({ ...row, ts: row.ts + minutes * MIN, client_ts: row.client_ts + minutes * MIN });

/**
 * Ten chats, one per visitor: the agent's first reply comes 1…5 minutes after the visitor's first
 * message in five chats 10 days ago, and 6…10 minutes in five chats 2 days ago (a bot greeting before
 * the visitor spoke does not count). Five tickets resolved yesterday after 1, 2, 3, 4 hours
 * (`resolutionMs`) and 5 hours (no `resolutionMs`: from its ticket_opened). Quantiles interpolate
 * linearly between ranks: p90 of 1…10 is 9.1, of 1…5 is 4.6.
 */
beforeAll(async () => {
  keys = await seedSite(SITE);
  const rows: EventRow[] = [];
  for (let i = 1; i <= 10; i++) {
    const v = `chatter-${i}`;
    const days = i <= 5 ? 10 : 2;
    rows.push(ev(v, 'chat_started', days, { channel: 'web' }));
    rows.push(at(ev(v, 'chat_message', days, { from: 'bot' }), 0.1));
    rows.push(at(ev(v, 'chat_message', days, { from: 'visitor' }), 0.5));
    rows.push(at(ev(v, 'chat_message', days, { from: 'agent' }), 0.5 + i));
    rows.push(at(ev(v, 'chat_ended', days, { resolved: true }), 20));
  }
  for (let h = 1; h <= 4; h++) rows.push(ev(`customer:t${h}`, 'ticket_resolved', 1, { helpdesk: 'zendesk', ticketId: `T${h}`, resolutionMs: h * HOUR }));
  rows.push(at(ev('customer:t5', 'ticket_opened', 1, { helpdesk: 'zendesk', ticketId: 'T5' }), -300));
  rows.push(ev('customer:t5', 'ticket_resolved', 1, { helpdesk: 'zendesk', ticketId: 'T5' }));
  await storeEvents(env.DB, SITE, 'server', rows, NOW);
});

describe('GET /v1/sites/:site/service/speed', () => {
  it('gives p50 and p90 of chat first-response and ticket resolution times, overall and per day', async () => {
    const res = await read(`/v1/sites/${SITE}/service/speed?days=30&bucket=day`, keys.read);
    expect(res.status).toBe(200);
    const s = await res.json<ServiceSpeed>();
    expect(s.chatFirstResponse.overall).toEqual({ n: 10, p50: 5.5 * MIN, p90: 9.1 * MIN });
    const day = (daysAgo: number) => s.chatFirstResponse.buckets.find((b) => b.start === bucketStart(NOW - daysAgo * DAY, 'day'))!;
    expect(day(10)).toMatchObject({ n: 5, p50: 3 * MIN, p90: 4.6 * MIN });
    expect(day(2)).toMatchObject({ n: 5, p50: 8 * MIN, p90: 9.6 * MIN });
    expect(day(5)).toMatchObject({ n: 0, p50: null, p90: null });
    expect(s.chatFirstResponse.buckets).toHaveLength(31);
    expect(s.ticketResolution.overall).toEqual({ n: 5, p50: 3 * HOUR, p90: 16_560_000 });
  });

  it('groups by ISO week, and leaves out what happened before the window', async () => {
    const s = await (await read(`/v1/sites/${SITE}/service/speed?days=5`, keys.read)).json<ServiceSpeed>();
    expect(s.bucket).toBe('week');
    expect(s.chatFirstResponse.overall.n).toBe(5);
    for (const b of s.chatFirstResponse.buckets) expect(new Date(b.start).getUTCDay()).toBe(1);
    expect(s.chatFirstResponse.buckets.reduce((n, b) => n + b.n, 0)).toBe(5);
  });

  it('refuses an unknown bucket, naming the field', async () => {
    const res = await read(`/v1/sites/${SITE}/service/speed?bucket=month`, keys.read);
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toMatch(/^bucket/);
  });
});
