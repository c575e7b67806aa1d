// Relevance ranking of a full-text search is bounded: it ranks the newest RELEVANCE_CANDIDATES matches, whatever the count.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { claimPageStatements, listClaimIds, RELEVANCE_CANDIDATES } from '../../src/repositories/claim-query.js';
import { fillSynthetic } from '../helpers/synthetic.js';

let db: Db;
let data: ReturnType<typeof fillSynthetic>;

beforeAll(() => {
  db = openDatabase(':memory:');
  data = fillSynthetic(db, { actors: 200, articles: 1000, topics: 20, claims: 6000 });
});

/** Every id a relevance search pages through, 500 at a time. */
function allPages(q: Parameters<typeof listClaimIds>[1]): string[] {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = listClaimIds(db, { ...q, limit: 500, cursor });
    ids.push(...page.ids);
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
  return ids;
}

const newest = (where: string, n: number) =>
  db.all<{ id: string }>(sql.raw(`SELECT id FROM claims WHERE seq IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'nato') ${where} ORDER BY seq DESC LIMIT ${n}`)).map((r) => r.id);

describe('sort=relevance', () => {
  it('ranks the newest matches only, when there are more than it ranks', () => {
    const matches = db.all<{ n: number }>(sql`SELECT count(*) AS n FROM claims_fts WHERE claims_fts MATCH 'nato'`)[0]?.n ?? 0;
    expect(matches).toBeGreaterThan(RELEVANCE_CANDIDATES);
    const ids = allPages({ q: 'nato' });
    expect(ids).toHaveLength(RELEVANCE_CANDIDATES);
    expect(new Set(ids)).toEqual(new Set(newest('', RELEVANCE_CANDIDATES)));
  });

  it('applies the other filters before the cut, so a filtered search still finds its older matches', () => {
    const actor = data.actorIds[0] as string;
    const ids = allPages({ q: 'nato', actor_id: [actor] });
    expect(new Set(ids)).toEqual(new Set(newest(`AND actor_id = '${actor}'`, RELEVANCE_CANDIDATES)));
  });

  it('reads the candidates in index order rather than sorting every match', () => {
    const { phases } = claimPageStatements(db, { q: 'nato', sort: 'relevance' });
    const plan = phases.flatMap(({ statement }) => db.$client.prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${statement.sql}`).all(...statement.values).map((r) => r.detail));
    // One sort: of the candidates by score. The match itself is walked by rowid, descending (FTS5 index flags 64 | 128).
    expect(plan.filter((d) => /TEMP B-TREE/.test(d))).toHaveLength(1);
    expect(plan.some((d) => /SCAN claims_fts VIRTUAL TABLE INDEX 192:/.test(d))).toBe(true);
  });
});
