import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { cacheStatements } from '../../src/ledger/cache-statements.js';

describe('cacheStatements', () => {
  it('compiles each SQL text once', async () => {
    const database = new Database(':memory:');
    const prepared: string[] = [];
    const prepare = database.prepare.bind(database);
    database.prepare = ((text: string) => {
      prepared.push(text);
      return prepare(text);
    }) as typeof database.prepare;
    const db = new Kysely<{ t: { n: number } }>({
      dialect: new SqliteDialect({ database: cacheStatements(database) }),
    });
    await sql`create table t (n integer)`.execute(db);
    for (let n = 0; n < 5; n += 1) await db.insertInto('t').values({ n }).execute();
    const inserts = prepared.filter((text) => text.startsWith('insert'));
    expect(inserts).toHaveLength(1);

    const all = () => db.selectFrom('t').select('n').orderBy('n');
    expect((await all().execute()).map((r) => r.n)).toEqual([0, 1, 2, 3, 4]);
    const before = prepared.length;
    expect((await all().execute()).map((r) => r.n)).toEqual([0, 1, 2, 3, 4]);
    expect(prepared.length).toBe(before);
    await db.destroy();
  });

  it('gives a statement of its own while the cached one is still iterating', () => {
    const database = new Database(':memory:');
    database.exec('create table t (n integer); insert into t values (1), (2)');
    const cached = cacheStatements(database);
    const text = 'select n from t order by n';
    const first = cached.prepare(text);
    const rows = first.iterate([]);
    expect(rows.next().value).toEqual({ n: 1 });
    const second = cached.prepare(text);
    expect(second).not.toBe(first);
    expect(second.all([])).toEqual([{ n: 1 }, { n: 2 }]);
    expect(rows.next().value).toEqual({ n: 2 });
    expect(rows.next().done).toBe(true);
    expect(cached.prepare(text)).toBe(first);
    database.close();
  });
});
