import { applyD1Migrations, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

// A deploy applies migrations before the new code goes live, so for a while the previous release runs
// on the new schema, and the data it wrote must survive every step. This file replays the history:
// from an empty database, migration by migration, filling every table with rows of the shape it had
// before each step, and checks that each step keeps every row and every value of every column.

type Column = { name: string; type: string; notnull: number; dflt_value: string | null; pk: number };
type ForeignKey = { table: string; from: string; to: string };

const migrations = env.TEST_MIGRATIONS;

/** Values a CHECK constraint allows, where a generated one would not do. */
const CHECKED: Record<string, (n: number) => unknown> = {
  'api_keys.kind': (n) => (n % 2 ? 'read' : 'write'),
  'webhook_secrets.helpdesk': (n) => (n % 2 ? 'zendesk' : 'freshdesk'),
  'identity_settings.mode': (n) => (n % 2 ? 'signed' : 'open'),
  'alert_subscriptions.trigger_kind': (n) => (n % 2 ? 'survey_answer' : 'segment'),
};

async function userTables(): Promise<string[]> {
  const { results } = await env.DB.prepare(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations' ORDER BY name`,
  ).all<{ name: string }>();
  return results.map((r) => r.name);
}

const columnsOf = async (table: string) => (await env.DB.prepare(`PRAGMA table_info("${table}")`).all<Column>()).results;
const foreignKeysOf = async (table: string) => (await env.DB.prepare(`PRAGMA foreign_key_list("${table}")`).all<ForeignKey>()).results;

/**
 * A value for row n of table.column: unique, and valid JSON for text (columns holding JSON are read
 * with json_extract by backfills). A foreign key takes the parent's value for the same n, so parents
 * are filled first.
 */
function valueFor(table: string, column: Column, n: number, foreignKeys: ForeignKey[]): unknown {
  const fk = foreignKeys.find((f) => f.from === column.name);
  if (fk) return valueFor(fk.table, { ...column, name: fk.to, type: column.type }, n, []);
  const checked = CHECKED[`${table}.${column.name}`];
  if (checked) return checked(n);
  const type = column.type.toUpperCase();
  if (type.includes('INT')) return 1_700_000_000_000 + n;
  if (type.includes('REAL') || type.includes('FLOA') || type.includes('DOUB')) return n + 0.5;
  if (type.includes('BLOB')) return new Uint8Array([n]);
  return JSON.stringify({ v: `${table}.${column.name}.${n}` });
}

/** Inserts rows 1..count into every table, parents before children. */
async function fillEveryTable(from: number, count: number) {
  const tables = await userTables();
  const parents = new Map(await Promise.all(tables.map(async (t) => [t, await foreignKeysOf(t)] as const)));
  const done = new Set<string>();
  while (done.size < tables.length) {
    const ready = tables.filter((t) => !done.has(t) && parents.get(t)!.every((fk) => fk.table === t || done.has(fk.table)));
    expect(ready.length, 'foreign keys form a cycle').toBeGreaterThan(0);
    const inserts: D1PreparedStatement[] = [];
    for (const table of ready) {
      const columns = await columnsOf(table);
      const sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c.name}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
      for (let n = from; n < from + count; n++) inserts.push(env.DB.prepare(sql).bind(...columns.map((c) => valueFor(table, c, n, parents.get(table)!))));
      done.add(table);
    }
    await env.DB.batch(inserts);
  }
}

async function snapshot() {
  const rows = new Map<string, Record<string, unknown>[]>();
  for (const table of await userTables()) rows.set(table, (await env.DB.prepare(`SELECT * FROM "${table}"`).all()).results);
  return rows;
}

/** Rows as sorted JSON of the given columns (some tables are WITHOUT ROWID: no order to rely on). */
const comparable = (rows: Record<string, unknown>[], columns: string[]) =>
  rows.map((row) => JSON.stringify(columns.map((c) => (c in row ? row[c] : '<column missing>')))).sort();

describe('upgrading a database of the previous release', () => {
  it('keeps every row and every value through each migration in order', async () => {
    // Start from nothing: the setup file applied every migration; drop all and replay them one by one.
    for (let left = await userTables(); left.length; left = await userTables()) {
      for (const table of left) await env.DB.prepare(`DROP TABLE "${table}"`).run().catch(() => {}); // children first, on a later pass
    }
    await env.DB.prepare('DROP TABLE IF EXISTS d1_migrations').run();

    for (let i = 0; i < migrations.length; i++) {
      if (i > 0) await fillEveryTable(i * 10, 2);
      const before = await snapshot();
      await applyD1Migrations(env.DB, migrations.slice(0, i + 1));
      const after = await snapshot();
      for (const [table, rows] of before) {
        expect(after.has(table), `${migrations[i].name} dropped table ${table}`).toBe(true);
        const columns = (await columnsOf(table)).map((c) => c.name);
        const old = Object.keys(rows[0] ?? {});
        for (const column of old) expect(columns, `${migrations[i].name} dropped ${table}.${column}`).toContain(column);
        expect(comparable(after.get(table)!, old), `${migrations[i].name} lost or changed rows of ${table}`).toEqual(comparable(rows, old));
      }
    }
    expect(await userTables()).toContain('events');
  }, 60_000);

  it('never drops or renames a table or column, and adds no NOT NULL column without a default', () => {
    // The rule that lets a deploy run migrations first: the code of the release before must still work.
    for (const { name, queries } of migrations) {
      for (const sql of queries) {
        const statement = sql.replace(/--.*$/gm, '');
        expect(statement, `${name}: ${statement}`).not.toMatch(/\bDROP\s+(TABLE|COLUMN)\b|\bRENAME\b/i);
        if (/\bADD\s+COLUMN\b/i.test(statement) && /\bNOT\s+NULL\b/i.test(statement)) {
          expect(statement, `${name}: a NOT NULL column needs a DEFAULT for the previous release's inserts`).toMatch(/\bDEFAULT\b/i);
        }
      }
    }
  });
});
