// Date windows of GET /v1/claims against an oracle: every claim whose interval (a day, a month or a year) overlaps the
// window, or lies within it, paged in each sort order. said_from on the first of a year or a month, and within them,
// decides which claims said before it still reach it.
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { listClaimIds, type ClaimQuery } from '../../src/repositories/claim-query.js';
import { parsePartialDate } from '../../src/domain/partial-date.js';
import { fillSynthetic } from '../helpers/synthetic.js';

let db: Db;
let busy: string;

beforeAll(() => {
  db = openDatabase(':memory:');
  busy = fillSynthetic(db, { actors: 200, articles: 500, topics: 10, claims: 20_000 }).actorIds[0] as string;
  // Deleted claims never show, whichever term of the window would find them.
  db.$client.exec("UPDATE claims SET deleted_at = '2026-01-02T00:00:00.000Z' WHERE seq % 97 = 0");
});

const ORDER = {
  said_on: 'said_on_lo IS NULL, said_on_lo ASC, id ASC',
  '-said_on': 'said_on_lo IS NULL, said_on_lo DESC, id DESC',
  created_at: 'id ASC',
  '-created_at': 'id DESC',
  published_at: 'first_published_on IS NULL, first_published_on ASC, id ASC',
} as const;
type Sort = keyof typeof ORDER;

/** The ids the window should list, in order, by a scan of every claim. */
function oracle(q: { said_from?: string; said_to?: string; date_match?: 'overlaps' | 'within'; actor_id?: string; sort: Sort }): string[] {
  const from = q.said_from === undefined ? null : parsePartialDate(q.said_from);
  const to = q.said_to === undefined ? null : parsePartialDate(q.said_to);
  const within = q.date_match === 'within';
  const where = ['deleted_at IS NULL'];
  const params: string[] = [];
  if (from) { where.push(within ? 'said_on_lo >= ?' : 'said_on_hi >= ?'); params.push(from.lo); }
  if (to) { where.push(within ? 'said_on_hi <= ?' : 'said_on_lo <= ?'); params.push(to.hi); }
  if (q.actor_id) { where.push('actor_id = ?'); params.push(q.actor_id); }
  return db.$client.prepare(`SELECT id FROM claims WHERE ${where.join(' AND ')} ORDER BY ${ORDER[q.sort]}`).pluck().all(...params) as string[];
}

/** Up to `pages` pages of `limit`, following next_cursor. */
function walk(q: ClaimQuery, limit: number, pages: number): { ids: string[]; more: boolean } {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < pages; i++) {
    const page = listClaimIds(db, { ...q, limit, cursor });
    ids.push(...page.ids);
    if (page.next_cursor === null) return { ids, more: false };
    cursor = page.next_cursor;
  }
  return { ids, more: true };
}

const FROMS = ['2010-01-01', '2010-03-01', '2010-03-17', '2010-12-31', '2010-06', '2010', '2000-01-01'];
const SORTS: Sort[] = ['said_on', '-said_on', 'created_at', '-created_at', 'published_at'];

describe('claims in a date window match a scan of every claim', () => {
  it.each(FROMS.flatMap((from) => SORTS.map((sort) => [from, sort] as const)))('said_from=%s, 30 days, sort=%s, pages of 9', (from, sort) => {
    const lo = parsePartialDate(from)?.lo as string;
    const to = new Date(Date.parse(lo) + 29 * 86_400_000).toISOString().slice(0, 10);
    for (const date_match of ['overlaps', 'within'] as const) {
      const expected = oracle({ said_from: from, said_to: to, date_match, sort });
      expect(expected.length).toBeGreaterThan(20);
      const got = walk({ said_from: from, said_to: to, date_match, sort }, 9, 200);
      expect(got.more).toBe(false);
      expect(got.ids).toEqual(expected);
    }
  });

  it.each(FROMS.flatMap((from) => SORTS.map((sort) => [from, sort] as const)))('said_from=%s, open-ended, sort=%s: the first pages', (from, sort) => {
    const expected = oracle({ said_from: from, sort });
    const got = walk({ said_from: from, sort }, 25, 4);
    expect(got.ids).toEqual(expected.slice(0, 100));
  });

  it.each(['said_on', '-said_on'] as const)('with a speaker and said_to, sort=%s', (sort) => {
    for (const from of FROMS) {
      const expected = oracle({ said_from: from, said_to: '2012-06-30', actor_id: busy, sort });
      expect(expected.length).toBeGreaterThan(10);
      expect(walk({ said_from: from, said_to: '2012-06-30', actor_id: busy, sort }, 7, 500).ids).toEqual(expected);
    }
  });

  it('finds the month- and year-long claims said before said_from that reach it', () => {
    const ids = walk({ said_from: '2010-03-17', said_to: '2010-03-20', sort: 'said_on' }, 50, 20).ids;
    const rows = db.$client.prepare('SELECT said_on_precision AS p, said_on_lo AS lo FROM claims WHERE id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(ids)) as { p: string; lo: string }[];
    expect(rows.filter((r) => r.lo < '2010-03-17').map((r) => r.p)).toEqual(expect.arrayContaining(['month', 'year']));
  });
});
