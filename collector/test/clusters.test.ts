import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventRow } from '../src/ingest/toEventRows';
import worker from '../src/index';
import type { ClusterFeature } from '../src/segments/clusterFeatures';
import { clusterPeople, type Clustering } from '../src/segments/clusterPeople';
import { NAME } from '../src/schema/vocabulary';
import { storeEvents } from '../src/store/events';
import { ORIGIN, pageview, postEvents, read, refusedFields, rowsDaysAgo, seedSite } from './helpers';
import { fetchWorker } from './worker';

const SITE = 'cluster-site';
const NOW = Date.now();
let keys: { read: string; write: string };

const ev = rowsDaysAgo(NOW);

beforeAll(async () => {
  keys = await seedSite(SITE);
  const rows: EventRow[] = [];
  // 10 happy regulars who buy: many recent pages, promoter answers, purchases.
  for (let i = 0; i < 10; i++) {
    for (let d = 0; d < 20; d++) rows.push(ev(`fan-${i}-visitor`, 'pageview', d * 0.5));
    rows.push(ev(`fan-${i}-visitor`, 'survey_answered', 1, { questionType: 'nps', value: 10 }));
    rows.push(ev(`fan-${i}-visitor`, 'purchase', 2, { value: 120 + i, currency: 'EUR', orderId: `o-${i}` }));
  }
  // 10 gone quiet: a couple of pages two months ago.
  for (let i = 0; i < 10; i++) for (let d = 0; d < 2; d++) rows.push(ev(`gone-${i}-visitor`, 'pageview', 60 + d));
  // 10 unhappy this week: detractor answers, failed chats, rage clicks.
  for (let i = 0; i < 10; i++) {
    rows.push(ev(`sad-${i}-visitor`, 'pageview', 1));
    rows.push(ev(`sad-${i}-visitor`, 'survey_answered', 1, { questionType: 'nps', value: 1 }));
    rows.push(ev(`sad-${i}-visitor`, 'survey_answered', 2, { questionType: 'nps', value: 0 }));
    rows.push(ev(`sad-${i}-visitor`, 'chat_ended', 1, { resolved: false, rating: 1 }));
    rows.push(ev(`sad-${i}-visitor`, 'event', 0, {}, NAME.rageClick));
  }
  for (let i = 0; i < rows.length; i += 100) await storeEvents(env.DB, SITE, 'server', rows.slice(i, i + 100), NOW);
});

/** Plain features over given numbers, for the pure clustering tests. */
const plainFeatures = (n: number): ClusterFeature[] =>
  Array.from({ length: n }, (_, j) => ({ key: `f${j}`, unit: 'x', high: `high f${j}`, low: `low f${j}`, transform: (x: number) => x, values: () => [] }));

/** Well-separated groups around `centres`, `per` people each, with a small deterministic jitter. */
function synthetic(centres: number[][], per: number, prefix = 'p') {
  const ids: string[] = [];
  const values: number[][] = [];
  centres.forEach((c, g) => {
    for (let i = 0; i < per; i++) {
      ids.push(`${prefix}-${g}-${String(i).padStart(3, '0')}`);
      values.push(c.map((x, j) => x + (((i * 7 + j * 3) % 5) - 2) * 0.1));
    }
  });
  return { ids, values };
}

/** Fisher–Yates with a fixed LCG, so the shuffle is the same on every run. */
function shuffled<T>(xs: T[], seed = 7): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const omit = (o: Record<string, number>, keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

const groupOf = (membership: Map<string, string>, prefix: string) => new Set([...membership].filter(([id]) => id.startsWith(prefix)).map(([, c]) => c));

describe('clusterPeople', () => {
  const centres = [
    [0, 0, 0],
    [10, 0, 5],
    [0, 10, -5],
    [10, 10, 10],
  ];

  it('recovers well-separated groups with the right number of groups', () => {
    const { ids, values } = synthetic(centres, 15);
    const { clustering, membership } = clusterPeople(ids, values, plainFeatures(3), null, NOW);
    expect(clustering.k).toBe(4);
    expect(clustering.silhouette).toBeGreaterThan(0.8);
    expect(clustering.groups.map((g) => g.size)).toEqual([15, 15, 15, 15]);
    const labels = centres.map((_, g) => groupOf(membership, `p-${g}-`));
    for (const l of labels) expect(l.size).toBe(1);
    expect(new Set(labels.map((l) => [...l][0])).size).toBe(4);
  });

  it('chooses two groups when the data has two', () => {
    const { ids, values } = synthetic([centres[0], centres[3]], 20);
    expect(clusterPeople(ids, values, plainFeatures(3), null, NOW).clustering.k).toBe(2);
  });

  it('keeps every person in their labelled group when recomputed on shuffled input with newcomers', () => {
    const first = synthetic(centres, 15);
    const a = clusterPeople(first.ids, first.values, plainFeatures(3), null, NOW);
    const more = synthetic(centres, 18);
    const order = shuffled(more.ids.map((_, i) => i));
    const b = clusterPeople(
      order.map((i) => more.ids[i]),
      order.map((i) => more.values[i].map((x) => x + 0.3)),
      plainFeatures(3),
      a.clustering,
      NOW + 86_400_000,
    );
    for (const id of first.ids) expect(b.membership.get(id), id).toBe(a.membership.get(id));
    expect(b.clustering.lastId).toBe(a.clustering.lastId);
  });

  it('gives a group that moved far away a fresh id and never reuses one', () => {
    const first = synthetic(centres.slice(0, 3), 15);
    const a = clusterPeople(first.ids, first.values, plainFeatures(3), null, NOW);
    const moved = synthetic([centres[0], centres[1], [-30, -30, 40]], 15);
    const b = clusterPeople(moved.ids, moved.values, plainFeatures(3), a.clustering, NOW);
    expect(b.membership.get('p-0-000')).toBe(a.membership.get('p-0-000'));
    expect(b.membership.get('p-1-000')).toBe(a.membership.get('p-1-000'));
    expect(b.membership.get('p-2-000')).toBe(`c${a.clustering.lastId + 1}`);
  });

  it('describes a group from its centre and says "typical" near the mean', () => {
    const { ids, values } = synthetic([[0, 0], [10, -10], [5, -5]], 10);
    const { clustering } = clusterPeople(ids, values, plainFeatures(2), null, NOW);
    const descriptions = clustering.groups.map((g) => g.description).sort();
    expect(descriptions).toEqual(['high f0, low f1', 'low f0, high f1', 'typical']);
  });
});

describe('clusters of a site', () => {
  let clustering: Clustering;

  it('finds the groups, describes them and stores who is in which', async () => {
    expect((await read(`/v1/sites/${SITE}/clusters`, keys.read)).status).toBe(404);
    const res = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/clusters/recompute`, { method: 'POST', headers: { authorization: `Bearer ${keys.write}` } });
    expect(res.status).toBe(200);
    clustering = await res.json<Clustering>();
    expect(clustering.people).toBe(30);
    expect(clustering.k).toBe(3);
    expect(clustering.groups.map((g) => g.size)).toEqual([10, 10, 10]);
    // No one here has a classified session: the channel mix is 0 for all and adds no word.
    expect(clustering.features.map((f) => f.key)).toEqual(['recencyDays', 'frequency', 'monetary', 'happyIndex', 'searchShare', 'emailSocialShare']);
    const fans = clustering.groups.find((g) => g.centre.frequency === 22)!;
    expect(fans.description).toBe('recent, frequent, high value, happy');
    expect(fans.centre.monetary).toBe(124.5);
    const sad = clustering.groups.find((g) => g.centre.frequency === 5)!;
    expect(sad.description).toContain('unhappy');
    const gone = clustering.groups.find((g) => g.centre.frequency === 2)!;
    expect(gone.description).toContain('lapsed');
    expect(await (await read(`/v1/sites/${SITE}/clusters`, keys.read)).json()).toEqual(clustering);

    const card = await (await read(`/v1/sites/${SITE}/visitors/fan-3-visitor/score`, keys.read)).json<{ cluster: { id: string; description: string } }>();
    expect(card.cluster).toEqual({ id: fans.id, description: fans.description });
  });

  it('keeps the labels on a recompute the next day', async () => {
    const res = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/clusters/recompute`, { method: 'POST', headers: { authorization: `Bearer ${keys.write}` } });
    const again = await res.json<Clustering>();
    expect(again.groups.map((g) => [g.id, g.description]).sort()).toEqual(clustering.groups.map((g) => [g.id, g.description]).sort());
  });

  it('keeps the labels of a clustering stored before the channel mix features existed', async () => {
    const stored = await env.DB.prepare('SELECT result FROM clusterings WHERE site = ?').bind(SITE).first<{ result: string }>();
    const before = JSON.parse(stored!.result) as Clustering;
    const channelKeys = ['searchShare', 'emailSocialShare'];
    const keep = before.features.map((f, j) => (channelKeys.includes(f.key) ? -1 : j)).filter((j) => j >= 0);
    const old = {
      ...before,
      features: keep.map((j) => before.features[j]),
      scale: keep.map((j) => before.scale[j]),
      groups: before.groups.map((g) => ({ ...g, centre: omit(g.centre, channelKeys), z: omit(g.z, channelKeys) })),
    };
    await env.DB.prepare('UPDATE clusterings SET result = ? WHERE site = ?').bind(JSON.stringify(old), SITE).run();
    const res = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/clusters/recompute`, { method: 'POST', headers: { authorization: `Bearer ${keys.write}` } });
    const again = await res.json<Clustering>();
    expect(again.features.map((f) => f.key)).toEqual(expect.arrayContaining(channelKeys));
    expect(again.groups.map((g) => [g.id, g.description]).sort()).toEqual(clustering.groups.map((g) => [g.id, g.description]).sort());
  });

  it('is a segment condition and an export column', async () => {
    const fans = clustering.groups.find((g) => g.centre.frequency === 22)!;
    const list = await (await read(`/v1/sites/${SITE}/visitors?segment=cluster:${fans.id}&limit=100`, keys.read)).json<{ visitors: { visitorId: string }[] }>();
    expect(list.visitors.map((v) => v.visitorId).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `fan-${i}-visitor`).sort());
    const saved = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/segments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.write}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bad cluster', rule: { all: [{ cluster: 'fans' }] } }),
    });
    expect(saved.status).toBe(400);
    expect(await saved.text()).toContain('cluster');

    const csv = await (await read(`/v1/sites/${SITE}/exports/visitors?format=csv`, keys.read)).text();
    const [header, ...lines] = csv.trim().split('\r\n');
    expect(header.split(',').at(-1)).toBe('cluster');
    const fanLine = lines.find((l) => l.startsWith('fan-0-visitor,'))!;
    expect(fanLine.split(',').at(-1)).toBe(fans.id);
  });

  it('reads a clustering stored in the old shape (no ids) as none until the next recompute', async () => {
    const old = { computedAt: NOW, people: 3, groups: [{ name: 'champions', size: 3, centroid: { recencyDays: 1, frequency: 9, engagement: 4, score: 80 } }] };
    const oldKeys = await seedSite('cluster-old-site');
    await env.DB.prepare('INSERT INTO clusterings (site, result, computed_at) VALUES (?, ?, ?)').bind('cluster-old-site', JSON.stringify(old), NOW).run();
    expect((await read('/v1/sites/cluster-old-site/clusters', oldKeys.read)).status).toBe(404);
  });

  it('is refreshed for every site by the cron trigger', async () => {
    await env.DB.prepare('DELETE FROM clusterings').run();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '17 3 * * *', scheduledTime: Date.now() }), env, ctx);
    await waitOnExecutionContext(ctx);
    const c = await (await read(`/v1/sites/${SITE}/clusters`, keys.read)).json<Clustering>();
    expect(c.people).toBe(30);
  });
});

describe('channel mix in the clusters', () => {
  const CHANNEL_SITE = 'cluster-channel-site';
  let channelKeys: { read: string; write: string };
  /** Where a session comes from: a search engine, a newsletter, typed in. */
  const ARRIVAL = {
    search: { url: 'https://shop.example/', props: { title: 'Shop', referrer: 'https://www.google.com/' } },
    email: { url: 'https://shop.example/?utm_source=newsletter&utm_medium=email&utm_campaign=weekly', props: { title: 'Shop' } },
    direct: { url: 'https://shop.example/', props: { title: 'Shop' } },
  };
  /**
   * Eight people per group, four sessions each, alike in everything but where their sessions come from
   * (same times, same counts): searchers 4 of 4 from search, subscribers 4 of 4 from email, regulars
   * direct (half of them 1 of 4 from search, so the data is not exactly three points).
   */
  const GROUPS: Record<string, (i: number) => (keyof typeof ARRIVAL)[]> = {
    searcher: () => ['search', 'search', 'search', 'search'],
    subscriber: () => ['email', 'email', 'email', 'email'],
    regular: (i) => (i % 2 ? ['direct', 'direct', 'direct', 'search'] : ['direct', 'direct', 'direct', 'direct']),
  };
  const recompute = async () => {
    const res = await fetchWorker(`${ORIGIN}/v1/sites/${CHANNEL_SITE}/clusters/recompute`, { method: 'POST', headers: { authorization: `Bearer ${channelKeys.write}` } });
    expect(res.status).toBe(200);
    return res.json<Clustering>();
  };

  beforeAll(async () => {
    channelKeys = await seedSite(CHANNEL_SITE);
    // Eight people per group, alike in everything but where their sessions come from (same times, same counts).
    const base = NOW - 3600_000;
    for (const [group, sessions] of Object.entries(GROUPS)) {
      for (let i = 0; i < 8; i++) {
        const visitor = `${group}-${i}-visitor`;
        const events = sessions(i).map((from, s) => pageview(CHANNEL_SITE, visitor, { sessionId: `${visitor}-s${s}`, ts: base + s * 60_000, ...ARRIVAL[from] } as never));
        expect(await refusedFields(await postEvents({ events }))).toEqual([]);
      }
    }
  });

  it('groups people by the share of their sessions from search and from email or social, and says so', async () => {
    const clustering = await recompute();
    expect(clustering.k).toBe(3);
    const by = (key: string, value: number) => clustering.groups.find((g) => g.centre[key] === value)!;
    const searchers = by('searchShare', 100);
    const subscribers = by('emailSocialShare', 100);
    expect(searchers.size).toBe(8);
    expect(subscribers.size).toBe(8);
    expect(searchers.description).toBe('found through search, seldom from email or social');
    expect(subscribers.description).toBe('seldom from search, reached by email or social');
    const regulars = clustering.groups.find((g) => g !== searchers && g !== subscribers)!;
    expect(regulars).toMatchObject({ size: 8, centre: { searchShare: 12.5, emailSocialShare: 0 }, description: 'seldom from search, seldom from email or social' });
    // Same labels on the next recompute.
    const again = await recompute();
    expect(again.groups.map((g) => [g.id, g.description, g.size]).sort()).toEqual(clustering.groups.map((g) => [g.id, g.description, g.size]).sort());
  });
});
