// The D1 binding's surface (prepare/bind/first/all/run/raw, batch) over a better-sqlite3 database, so
// the collector's own store code can write a local D1 file from Node (bench:dashboard's bulk seed).
// Only for the benchmarks: synchronous underneath, one transaction per batch() as D1 does.

/**
 * D1 numbers parameters (`?1`, or plain `?` in order); better-sqlite3 reads `?NNN` as named. Both are
 * rewritten to `@pN` and bound by name. Statements are prepared once per SQL text.
 */
function translate(sql) {
  let n = 0;
  return /\?\d/.test(sql) ? sql.replace(/\?(\d+)/g, '@p$1') : sql.replace(/\?/g, () => `@p${++n}`);
}

export function d1OverSqlite(db) {
  const cache = new Map();
  const prepared = (sql) => {
    let stmt = cache.get(sql);
    if (!stmt) cache.set(sql, (stmt = db.prepare(translate(sql))));
    return stmt;
  };
  const params = (args) => Object.fromEntries(args.map((v, i) => [`p${i + 1}`, typeof v === 'boolean' ? Number(v) : v ?? null]));
  const changes = db.prepare('SELECT changes() AS c, last_insert_rowid() AS r');

  function execute(sql, args) {
    const stmt = prepared(sql);
    const p = params(args);
    // A statement that binds fewer parameters than it names is a bug in the caller, as in D1.
    if (stmt.reader) {
      const results = stmt.all(p);
      const { c, r } = changes.get();
      return { results, success: true, meta: { changes: /^\s*(insert|update|delete)/i.test(sql) ? c : 0, last_row_id: r } };
    }
    const info = stmt.run(p);
    return { results: [], success: true, meta: { changes: info.changes, last_row_id: Number(info.lastInsertRowid) } };
  }

  function statement(sql, args = []) {
    return {
      sql,
      args,
      bind: (...values) => statement(sql, values),
      run: async () => execute(sql, args),
      all: async () => execute(sql, args),
      first: async (column) => {
        const row = execute(sql, args).results[0];
        return row === undefined ? null : column === undefined ? row : row[column];
      },
      raw: async () => {
        const stmt = prepared(sql);
        if (!stmt.reader) return execute(sql, args), [];
        try {
          return stmt.raw(true).all(params(args));
        } finally {
          stmt.raw(false);
        }
      },
    };
  }

  const batch = db.transaction((stmts) => stmts.map((s) => execute(s.sql, s.args)));
  return {
    prepare: (sql) => statement(sql),
    batch: async (stmts) => batch(stmts),
    exec: async (sql) => (db.exec(sql), { count: 1, duration: 0 }),
  };
}
