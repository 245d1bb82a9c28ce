import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../src/index';
import { ingestEvents } from '../src/ingest/ingestEvents';
import { CUSTOMER_COLUMN, EVENT_COLUMN, VISITOR_COLUMN } from '../src/store/personTables';
import { identify, ORIGIN, pageview, postEvents, seedSite } from './helpers';
import { fetchWorker } from './worker';

/**
 * Erasure and retention against the live schema: every table with a column that names a person (the
 * naming rule in store/personTables.ts) gets a row for the person, and must have none left after.
 * A table added later without erasure fails here, whoever adds it.
 */

interface Column {
  name: string;
  type: string;
  pk: number;
}
interface PersonTableInfo {
  table: string;
  columns: Column[];
  visitor: string[];
  customer: string[];
  event: string[];
}

async function personTables(): Promise<PersonTableInfo[]> {
  const { results: tables } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations' ORDER BY name",
  ).all<{ name: string }>();
  const out: PersonTableInfo[] = [];
  for (const { name } of tables) {
    const { results: columns } = await env.DB.prepare('SELECT name, type, pk FROM pragma_table_info(?)').bind(name).all<Column>();
    const pick = (re: RegExp) => columns.map((c) => c.name).filter((c) => re.test(c));
    const info = { table: name, columns, visitor: pick(VISITOR_COLUMN), customer: pick(CUSTOMER_COLUMN), event: pick(EVENT_COLUMN) };
    if (info.visitor.length || info.customer.length || info.event.length) out.push(info);
  }
  return out;
}

interface Person {
  site: string;
  visitorIds: string[];
  customerId: string | null;
  eventId: string;
}

let synthetic = 0;
/**
 * One row naming `person` in `t`: person columns get the person's ids, every other column a value of
 * its declared type (0 for numbers: the epoch, older than any retention).
 */
async function insertRow(t: PersonTableInfo, person: Person) {
  synthetic++;
  const value = (c: Column): unknown => {
    if (c.name === 'site') return person.site;
    if (t.visitor.includes(c.name)) return person.visitorIds[0];
    if (t.customer.includes(c.name)) return person.customerId ?? `someone-else-${synthetic}`;
    if (t.event.includes(c.name)) return person.eventId;
    if (/INT|REAL|NUM/i.test(c.type)) return c.pk ? synthetic : 0;
    return `synthetic-${synthetic}`;
  };
  const cols = t.columns.map((c) => `"${c.name}"`).join(', ');
  await env.DB.prepare(`INSERT OR IGNORE INTO "${t.table}" (${cols}) VALUES (${t.columns.map(() => '?').join(', ')})`)
    .bind(...t.columns.map(value))
    .run();
}

/** Rows of `t` that still name the person: by a visitor column, a customer column or an event id. */
async function rowsNaming(t: PersonTableInfo, person: Person): Promise<number> {
  const terms = [
    ...t.visitor.map((c) => `"${c}" IN (SELECT value FROM json_each(?2))`),
    ...(person.customerId ? t.customer.map((c) => `"${c}" = ?3`) : []),
    ...t.event.map((c) => `"${c}" = ?4`),
  ];
  if (!terms.length) return 0;
  const sql = `SELECT count(*) AS n FROM "${t.table}" WHERE site = ?1 AND (${terms.join(' OR ')})`;
  const binds = [person.site, JSON.stringify(person.visitorIds), person.customerId, person.eventId];
  // D1 wants exactly as many values as the highest ?N used.
  const row = await env.DB.prepare(sql)
    .bind(...binds.slice(0, Math.max(...[...sql.matchAll(/\?(\d)/g)].map((m) => Number(m[1])))))
    .first<{ n: number }>();
  return row!.n;
}

async function eventIdOf(site: string, visitorId: string) {
  const row = await env.DB.prepare('SELECT id FROM events WHERE site = ? AND visitor_id = ? LIMIT 1').bind(site, visitorId).first<{ id: string }>();
  return row!.id;
}

let tables: PersonTableInfo[];
beforeAll(async () => {
  tables = await personTables();
});

describe('personal data: every table with a person column', () => {
  it('is found in the live schema by column name (the tables known today included)', () => {
    const names = tables.map((t) => t.table);
    for (const known of ['events', 'visitors', 'customers', 'identities', 'score_state', 'segment_membership', 'newsletter_recipients', 'vital_samples']) {
      expect(names).toContain(known);
    }
    // The naming rule also asks for a site column, so every delete is per site.
    for (const t of tables) expect(t.columns.map((c) => c.name), t.table).toContain('site');
  });

  it('is cleared for a customer by DELETE /customers/:id: their devices, server-side events and rows', async () => {
    const SITE = 'person-tables-erase';
    const keys = await seedSite(SITE);
    await postEvents({ events: [pageview(SITE, 'device-of-pat'), identify(SITE, 'device-of-pat', 'pat', { plan: 'pro' })] });
    await ingestEvents(env.DB, { site: SITE, source: 'server', events: [{ ...pageview(SITE, 'customer:pat'), type: 'event', name: 'refund' } as never], receivedAt: Date.now() });
    const pat: Person = { site: SITE, visitorIds: ['device-of-pat', 'customer:pat'], customerId: 'pat', eventId: await eventIdOf(SITE, 'device-of-pat') };
    for (const t of tables) await insertRow(t, pat);
    for (const t of tables) await insertRow(t, { ...pat, visitorIds: ['customer:pat'] });
    for (const t of tables) expect(await rowsNaming(t, pat), t.table).toBeGreaterThan(0);

    const res = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/customers/pat`, { method: 'DELETE', headers: { authorization: `Bearer ${keys.write}` } });
    expect(res.status).toBe(200);
    for (const t of tables) expect(await rowsNaming(t, pat), `${t.table} still names the erased customer`).toBe(0);
  });

  it('is cleared for a visitor by DELETE /visitors/:id', async () => {
    const SITE = 'person-tables-erase-visitor';
    const keys = await seedSite(SITE);
    await postEvents({ events: [pageview(SITE, 'lone-visitor')] });
    const lone: Person = { site: SITE, visitorIds: ['lone-visitor'], customerId: null, eventId: await eventIdOf(SITE, 'lone-visitor') };
    const withVisitor = tables.filter((t) => t.visitor.length || t.event.length);
    for (const t of withVisitor) await insertRow(t, lone);
    for (const t of withVisitor) expect(await rowsNaming(t, lone), t.table).toBeGreaterThan(0);

    const res = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/visitors/lone-visitor`, { method: 'DELETE', headers: { authorization: `Bearer ${keys.write}` } });
    expect(res.status).toBe(200);
    for (const t of withVisitor) expect(await rowsNaming(t, lone), `${t.table} still names the erased visitor`).toBe(0);
  });

  it('is cleared by retention for people not seen within it, and kept for someone seen since', async () => {
    const SITE = 'person-tables-retention';
    const DAY = 86_400_000;
    const now = Date.now();
    await seedSite(SITE);
    await env.DB.prepare('UPDATE sites SET retention_days = 30 WHERE id = ?').bind(SITE).run();
    await ingestEvents(env.DB, {
      site: SITE,
      source: 'browser',
      events: [pageview(SITE, 'old-device'), identify(SITE, 'old-device', 'old-customer'), pageview(SITE, 'fresh-device')],
      receivedAt: now,
    });
    await ingestEvents(env.DB, { site: SITE, source: 'server', events: [{ ...pageview(SITE, 'customer:old-customer'), type: 'event', name: 'refund' } as never], receivedAt: now });
    // Everything of the old person happened 100 days ago (the ingest clamp keeps 7 days; set it back).
    const old = now - 100 * DAY;
    await env.DB.prepare("UPDATE events SET ts = ? WHERE site = ? AND visitor_id IN ('old-device', 'customer:old-customer')").bind(old, SITE).run();
    await env.DB.prepare("UPDATE visitors SET first_seen = ?, last_seen = ? WHERE site = ? AND visitor_id IN ('old-device', 'customer:old-customer')").bind(old, old, SITE).run();
    await env.DB.prepare("UPDATE customers SET first_seen = ?, last_seen = ? WHERE site = ? AND customer_id = 'old-customer'").bind(old, old, SITE).run();
    const gone: Person = { site: SITE, visitorIds: ['old-device', 'customer:old-customer'], customerId: 'old-customer', eventId: await eventIdOf(SITE, 'old-device') };
    for (const t of tables) await insertRow(t, gone);
    for (const t of tables) expect(await rowsNaming(t, gone), t.table).toBeGreaterThan(0);

    const ctx = createExecutionContext();
    await worker.scheduled!(createScheduledController({ scheduledTime: now, cron: '17 3 * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);

    for (const t of tables) expect(await rowsNaming(t, gone), `${t.table} still names someone past retention`).toBe(0);
    const fresh: Person = { site: SITE, visitorIds: ['fresh-device'], customerId: null, eventId: await eventIdOf(SITE, 'fresh-device') };
    for (const table of ['events', 'visitors']) expect(await rowsNaming(tables.find((t) => t.table === table)!, fresh), table).toBe(1);
  });
});
