// Relevance ranking of a full-text search is bounded: it ranks the newest RELEVANCE_CANDIDATES matches, whatever the count.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { claimPageStatements, listClaimIds, RELEVANCE_CANDIDATES } from '../../src/repositories/claim-query.js';
import { CLAIM_STATUSES } from '../../src/db/schema.js';
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

  it('ranks a search with no other filter from the index alone as the general statement does: deleted claims out, ties by id, across pages', () => {
    const deleted = db.$client.prepare("UPDATE claims SET deleted_at = '2026-01-02T00:00:00.000Z' WHERE seq % 7 = 0 AND deleted_at IS NULL RETURNING id").pluck().all() as string[];
    try {
      // Every status: a filter that keeps every claim but makes the statement join claims for each candidate.
      const everyStatus = { status: [...CLAIM_STATUSES] };
      for (const word of ['nato', 'treaty', 'border OR gas', '"energy talks"']) {
        for (const limit of [1, 7, 500]) {
          const pages = (q: Parameters<typeof listClaimIds>[1]) => {
            const seen: { ids: string[]; snippets: string[] }[] = [];
            let cursor: string | undefined;
            for (let i = 0; i < 4; i++) {
              const page = listClaimIds(db, { ...q, limit, cursor });
              seen.push({ ids: page.ids, snippets: page.ids.map((id) => page.snippets.get(id) ?? '') });
              if (page.next_cursor === null) break;
              cursor = page.next_cursor;
            }
            return seen;
          };
          const fromIndex = pages({ q: word });
          expect(fromIndex.flatMap((p) => p.ids).some((id) => deleted.includes(id))).toBe(false);
          expect(fromIndex.flatMap((p) => p.ids).length).toBeGreaterThan(0);
          expect(fromIndex).toEqual(pages({ q: word, ...everyStatus }));
        }
      }
      // The synthetic claims draw their words from fifteen, so many scores tie: the pages above walked through ties.
      const scores = db.$client.prepare("SELECT bm25(claims_fts) FROM claims_fts WHERE claims_fts MATCH 'nato'").pluck().all() as number[];
      expect(new Set(scores).size).toBeLessThan(scores.length / 2);
    } finally {
      db.$client.prepare('UPDATE claims SET deleted_at = NULL WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(deleted));
    }
  });

  const planOf = (q: Parameters<typeof claimPageStatements>[1]) => claimPageStatements(db, { ...q, sort: 'relevance' }).phases
    .flatMap(({ statement }) => db.$client.prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${statement.sql}`).all(...statement.values).map((r) => r.detail));

  it('reads the candidates in index order rather than sorting every match', () => {
    const plan = planOf({ q: 'nato', actor_id: [data.actorIds[0] as string] });
    // One sort: of the candidates by score. The match itself is walked by rowid, descending (FTS5 index flags 64 | 128).
    expect(plan.filter((d) => /TEMP B-TREE/.test(d))).toHaveLength(1);
    expect(plan.some((d) => /SCAN claims_fts VIRTUAL TABLE INDEX 192:/.test(d))).toBe(true);
  });

  it('with no other filter, reads claims only for deleted ones (their own index) and for the rows of the page', () => {
    const plan = planOf({ q: 'nato' });
    expect(plan.some((d) => /SCAN claims_fts VIRTUAL TABLE INDEX 192:/.test(d))).toBe(true);
    expect(plan.filter((d) => /claims USING/.test(d))).toEqual([
      expect.stringMatching(/claims_deleted_idx/), expect.stringMatching(/^SEARCH claims USING INTEGER PRIMARY KEY/),
    ]);
  });
});
