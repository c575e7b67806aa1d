// valueList: the parameters of an IN list, an empty one included (sql-template-tag's join refuses it).
import Database from 'better-sqlite3';
import sql from 'sql-template-tag';
import { describe, expect, it } from 'vitest';
import { valueList } from '../../src/db/sql.js';

describe('valueList', () => {
  const db = new Database(':memory:');
  const matching = (values: unknown[]) => {
    const q = sql`SELECT value FROM json_each('[1, 2, 3]') WHERE value IN ${valueList(values)} ORDER BY value`;
    return db.prepare(q.sql).pluck().all(...q.values);
  };

  it('binds each value as a parameter', () => {
    expect(sql`x IN ${valueList([1, 'two'])}`).toMatchObject({ sql: 'x IN (?, ?)', values: [1, 'two'] });
    expect(matching([3, 1, 7])).toEqual([1, 3]);
  });

  it('matches nothing for no values', () => {
    expect(matching([])).toEqual([]);
  });
});
