import { beforeAll, describe, expect, it } from 'vitest';
import type { HoptrailEvent } from '../src/schema/event';
import { customEvent, identify, ORIGIN, pageview, postEvents, read, refusedFields, seedSite } from './helpers';
import { fetchWorker } from './worker';

const SITE = 'goal-shop';
const S = 1000;
let keys: { read: string; write: string };
/** The seeded history starts here (inside the 7 days the public API keeps as sent). */
const T0 = Date.now() - 3 * 86_400_000;

function write(method: string, path: string, body?: unknown) {
  return fetchWorker(`${ORIGIN}/v1/sites/${SITE}${path}`, {
    method,
    headers: { authorization: `Bearer ${keys.write}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const page = (visitor: string, path: string, at: number) =>
  pageview(SITE, visitor, { ts: T0 + at, url: `https://shop.example${path}`, sessionId: `s-${visitor}` });
const track = (visitor: string, name: string, props: Record<string, unknown>, at: number) =>
  customEvent(SITE, visitor, { name, props, ts: T0 + at, sessionId: `s-${visitor}` } as Partial<HoptrailEvent>);
const buy = (visitor: string, orderId: string, value: number, at: number) =>
  customEvent(SITE, visitor, { type: 'purchase', name: undefined, props: { value, currency: 'EUR', orderId }, ts: T0 + at, sessionId: `s-${visitor}` } as Partial<HoptrailEvent>);

/**
 * The funnel /pricing → signup { plan: 'pro' } → purchase within 10 minutes, with known answers:
 *   visitor-a   all three: +10 s, +60 s
 *   visitor-b   all three: +20 s, +120 s (also a second purchase of the same order, which adds nothing)
 *   visitor-c   pricing, signup +30 s, then nothing
 *   visitor-d   pricing only
 *   visitor-e   signup and purchase but never /pricing: never enters
 *   visitor-f   pricing, signup 11 minutes later: outside the window
 *   visitor-g   signup with plan "free": not the step; then nothing
 *   customer c-h on two devices: /pricing on one, signup (+40 s) and purchase (+100 s) on the other
 * Entered 7 (a, b, c, d, f, g, h); step 2: 4 (a, b, c, h), median of 10, 20, 30, 40 s = 25 s;
 * step 3: 3 (a, b, h), median of 60, 100, 120 s = 100 s.
 */
async function seedHistory() {
  const events = [
    page('visitor-a', '/pricing', 0), track('visitor-a', 'signup', { plan: 'pro' }, 10 * S), buy('visitor-a', 'O-A', 100, 70 * S),
    page('visitor-b', '/pricing', 0), track('visitor-b', 'signup', { plan: 'pro', trial: true }, 20 * S), buy('visitor-b', 'O-B', 50, 140 * S), buy('visitor-b', 'O-B', 50, 150 * S),
    page('visitor-c', '/pricing', 0), track('visitor-c', 'signup', { plan: 'pro' }, 30 * S),
    page('visitor-d', '/pricing', 0), page('visitor-d', '/blog/why-us', 5 * S),
    track('visitor-e', 'signup', { plan: 'pro' }, 0), buy('visitor-e', 'O-E', 10, 5 * S),
    page('visitor-f', '/pricing', 0), track('visitor-f', 'signup', { plan: 'pro' }, 11 * 60 * S),
    page('visitor-g', '/pricing', 0), track('visitor-g', 'signup', { plan: 'free' }, 5 * S),
    identify(SITE, 'visitor-h-phone', 'c-h', undefined, { ts: T0 - S, sessionId: 's-h-phone' }),
    identify(SITE, 'visitor-h-laptop', 'c-h', undefined, { ts: T0 - S, sessionId: 's-h-laptop' }),
    page('visitor-h-phone', '/pricing', 0), track('visitor-h-laptop', 'signup', { plan: 'pro' }, 40 * S), buy('visitor-h-laptop', 'O-H', 70, 140 * S),
  ];
  expect(await refusedFields(await postEvents({ events }))).toEqual([]);
}

const FUNNEL = {
  name: 'Pricing to purchase',
  windowMs: 10 * 60 * S,
  steps: [
    { name: 'Saw pricing', matcher: { kind: 'page', path: '/pricing' } },
    { name: 'Signed up for pro', matcher: { kind: 'event', name: 'signup', props: { plan: 'pro' } } },
    { name: 'Bought', matcher: { kind: 'purchase' } },
  ],
};
const range = `from=${T0 - 60 * S}&to=${T0 + 3600 * S}`;

beforeAll(async () => {
  keys = await seedSite(SITE);
  await seedHistory();
});

describe('goals', () => {
  it('creates, lists, replaces and deletes goals with the write key', async () => {
    const created = await write('POST', '/goals', { name: 'Temp', matcher: { kind: 'page', path: '/tmp/*' } });
    expect(created.status).toBe(201);
    const { goal } = await created.json<{ goal: { id: string } }>();
    const put = await write('PUT', `/goals/${goal.id}`, { name: 'Renamed', matcher: { kind: 'purchase' } });
    expect(await put.json()).toMatchObject({ goal: { id: goal.id, name: 'Renamed', matcher: { kind: 'purchase' } } });
    const list = await (await read(`/v1/sites/${SITE}/goals`, keys.read)).json<{ goals: { id: string; name: string }[] }>();
    expect(list.goals.find((g) => g.id === goal.id)?.name).toBe('Renamed');
    expect((await write('DELETE', `/goals/${goal.id}`)).status).toBe(204);
    expect((await write('DELETE', `/goals/${goal.id}`)).status).toBe(404);
    expect((await write('PUT', `/goals/${goal.id}`, { name: 'x', matcher: { kind: 'purchase' } })).status).toBe(404);
  });

  it.each([
    [{ name: 'x', matcher: { kind: 'page', path: 'pricing' } }, 'matcher.path'],
    [{ name: 'x', matcher: { kind: 'page', path: '/a?b' } }, 'matcher.path'],
    [{ name: 'x', matcher: { kind: 'event' } }, 'matcher.name'],
    [{ name: 'x', matcher: { kind: 'event', name: 'signup', props: { 'a.b': 1 } } }, 'matcher.props.a.b'],
    [{ name: 'x', matcher: { kind: 'refund' } }, 'matcher.kind'],
    [{ name: '', matcher: { kind: 'purchase' } }, 'name'],
  ])('refuses a bad goal with 400 naming the field (%j)', async (body, field) => {
    const res = await write('POST', '/goals', body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ field, error: expect.stringContaining(field) });
  });

  it('reports conversions and converting people for each kind of goal', async () => {
    const goals = [
      { name: 'Pricing', matcher: { kind: 'page', path: '/pricing' } },
      { name: 'Blog', matcher: { kind: 'page', path: '/blog/*' } },
      { name: 'Pro signup', matcher: { kind: 'event', name: 'signup', props: { plan: 'pro' } } },
      { name: 'Pro trial', matcher: { kind: 'event', name: 'signup', props: { plan: 'pro', trial: true } } },
      { name: 'Any signup', matcher: { kind: 'event', name: 'signup' } },
      { name: 'Purchase', matcher: { kind: 'purchase' } },
    ];
    for (const g of goals) expect((await write('POST', '/goals', g)).status).toBe(201);
    const res = await read(`/v1/sites/${SITE}/goals/report?${range}`, keys.read);
    expect(res.status).toBe(200);
    const report = await res.json<{ goals: { name: string; conversions: number; people: number }[] }>();
    const counts = Object.fromEntries(report.goals.map((g) => [g.name, [g.conversions, g.people]]));
    expect(counts).toEqual({
      Pricing: [7, 7],
      Blog: [1, 1],
      // a, b, c, e, f and h's laptop (g's plan is free).
      'Pro signup': [6, 6],
      'Pro trial': [1, 1],
      'Any signup': [7, 7],
      // O-A, O-B (its repeat is not a second conversion), O-E, O-H.
      Purchase: [4, 4],
    });
    // Outside the range, nothing.
    const before = await read(`/v1/sites/${SITE}/goals/report?from=${T0 - 7200 * S}&to=${T0 - 3600 * S}`, keys.read);
    expect((await before.json<{ goals: { conversions: number }[] }>()).goals.every((g) => g.conversions === 0)).toBe(true);
  });

  it('refuses a report range whose start is after its end, naming from', async () => {
    const res = await read(`/v1/sites/${SITE}/goals/report?from=${T0}&to=${T0 - 1}`, keys.read);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ field: 'from' });
  });
});

describe('funnels', () => {
  let funnelId: string;
  beforeAll(async () => {
    const res = await write('POST', '/funnels', FUNNEL);
    expect(res.status).toBe(201);
    funnelId = (await res.json<{ funnel: { id: string } }>()).funnel.id;
  });

  it('reports people, conversion, drop-off and median time per step, across a customer\'s devices', async () => {
    const res = await read(`/v1/sites/${SITE}/funnels/${funnelId}/report?${range}`, keys.read);
    expect(res.status).toBe(200);
    const report = await res.json<any>();
    expect(report.entered).toBe(7);
    expect(report.steps).toEqual([
      { name: 'Saw pricing', people: 7, fromPrevious: 1, fromStart: 1, dropOff: 0, medianMsFromPrevious: null },
      { name: 'Signed up for pro', people: 4, fromPrevious: 4 / 7, fromStart: 4 / 7, dropOff: 3, medianMsFromPrevious: 25 * S },
      { name: 'Bought', people: 3, fromPrevious: 3 / 4, fromStart: 3 / 7, dropOff: 1, medianMsFromPrevious: 100 * S },
    ]);
  });

  it('splits by a saved segment into its members and the rest', async () => {
    const seg = await write('POST', '/segments', { name: 'Buyers', rule: { all: [{ did: { type: 'purchase', withinDays: 30 } }] } });
    expect(seg.status).toBe(201);
    const { segment } = await seg.json<{ segment: { id: string } }>();
    const res = await read(`/v1/sites/${SITE}/funnels/${funnelId}/report?${range}&segment=${segment.id}`, keys.read);
    expect(res.status).toBe(200);
    const { split } = await res.json<any>();
    expect(split).toMatchObject({ by: 'segment', segment: segment.id });
    const groups = Object.fromEntries(split.groups.map((g: any) => [g.group, g.steps.map((s: any) => s.people)]));
    // Buyers who entered: a, b, h (e bought but never entered); the rest: c, d, f, g.
    expect(groups).toEqual({ 'in segment': [3, 3, 3], 'not in segment': [4, 1, 0] });
  });

  it('refuses an unknown segment naming segment, and answers 404 for an unknown funnel', async () => {
    const bad = await read(`/v1/sites/${SITE}/funnels/${funnelId}/report?segment=nope`, keys.read);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: 'segment' });
    expect((await read(`/v1/sites/${SITE}/funnels/fnl_missing/report`, keys.read)).status).toBe(404);
  });

  it('refuses a funnel of one step, naming steps', async () => {
    const res = await write('POST', '/funnels', { ...FUNNEL, steps: FUNNEL.steps.slice(0, 1) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ field: 'steps' });
  });
});
