// Stances at a date find their actors from the topic side (small topic sets) or by walking actors in name order (large
// ones), handing over to the topic side when a walk goes on too long: every way must give the same pages, and the
// counts must be those of the claims themselves.
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { parsePartialDate } from '../../src/domain/partial-date.js';
import { stanceWindow, type Stance } from '../../src/domain/stances.js';
import { createAnalysisRepository, type AnalysisOptions } from '../../src/repositories/analysis.js';
import type { TopicStancesQueryT } from '../../src/schemas/analysis.js';
import { fillSynthetic } from '../helpers/synthetic.js';

let db: Db;
let data: ReturnType<typeof fillSynthetic>;

beforeAll(() => {
  db = openDatabase(':memory:');
  data = fillSynthetic(db, { actors: 300, articles: 200, topics: 12, claims: 4000 }, 7);
  const sqlite = db.$client;
  const now = '2026-01-01T00:00:00.000Z';
  // Deleted claims and actors, name_key ties broken by id, and positions (live and deleted, some of actors without claims).
  sqlite.exec(`UPDATE claims SET deleted_at = '${now}' WHERE seq % 7 = 0`);
  sqlite.exec(`UPDATE actors SET deleted_at = '${now}' WHERE rowid % 11 = 0`);
  sqlite.exec(`UPDATE actors SET name_key = 'actor tie' WHERE rowid % 13 = 0`);
  const position = sqlite.prepare(`INSERT INTO positions (id, actor_id, topic_id, stance, valid_from, valid_from_precision, valid_from_lo, valid_from_hi,
    created_at, updated_at, deleted_at) VALUES (?, ?, ?, 'supports', ?, 'year', ?, ?, ?, ?, ?)`);
  data.actorIds.forEach((actor, i) => {
    if (i % 9 !== 0) return;
    const year = String(2000 + (i % 25));
    position.run(`pos_${String(i).padStart(26, '0')}`, actor, data.topicIds[i % data.topicIds.length], year, `${year}-01-01`, `${year}-12-31`,
      now, now, i % 27 === 0 ? now : null);
  });
});

/** Every page of a topic's stances, following the cursor. */
function allPages(options: AnalysisOptions, topicId: string, q: Omit<TopicStancesQueryT, 'cursor'>) {
  const repo = createAnalysisRepository(db, options);
  const pages = [];
  let cursor: string | undefined;
  do {
    const page = repo.topicStances(topicId, { ...q, cursor });
    pages.push(page);
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined && pages.length < 100);
  return pages;
}

const WAYS: [string, AnalysisOptions][] = [
  ['walk in name order', { topicSideMaxClaims: 0 }],
  ['walk handing over to the topic side at once', { topicSideMaxClaims: 0, walkActorsPerRow: 1 }],
  ['walk handing over after a few actors', { topicSideMaxClaims: 0, walkActorsPerRow: 3 }],
];
const QUERIES: Omit<TopicStancesQueryT, 'cursor'>[] = [
  { at: '2010-06-15', limit: 7 },
  { at: '2019', limit: 5, include_subtopics: true, window_days: 200 },
  { at: '2004-02', limit: 50, window_days: 0 },
];

describe('topic stances: actors from the topic side or by a walk in name order', () => {
  it.each(WAYS)('%s gives the pages the topic side gives', (_, options) => {
    for (const topicId of data.topicIds.slice(0, 8)) {
      for (const q of QUERIES) {
        const expected = allPages({ topicSideMaxClaims: Number.MAX_SAFE_INTEGER }, topicId, q);
        expect(expected.flatMap((p) => p.data).length).toBeGreaterThan(0);
        expect(allPages(options, topicId, q), `${topicId} ${JSON.stringify(q)}`).toEqual(expected);
      }
    }
  });

  it('counts each live claim on the topic set once per stance, in the window or undated', () => {
    const sqlite = db.$client;
    const topicId = data.topicIds[1] as string;
    const q = { at: '2015-03', limit: 200, include_subtopics: true, window_days: 90 };
    const set = sqlite.prepare(`WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT t.id FROM topics t JOIN sub ON t.parent_id = sub.id WHERE t.deleted_at IS NULL)
      SELECT id FROM sub`).pluck().all(topicId) as string[];
    const window = stanceWindow(parsePartialDate(q.at) as NonNullable<ReturnType<typeof parsePartialDate>>, q.window_days);
    const rows = sqlite.prepare(`SELECT c.id, c.actor_id, c.said_on_lo AS lo, c.said_on_hi AS hi, ct.topic_id, ct.stance FROM claims c
      JOIN claim_topics ct ON ct.claim_id = c.id WHERE c.deleted_at IS NULL`).all() as
      { id: string; actor_id: string; lo: string | null; hi: string | null; topic_id: string; stance: Stance }[];
    const expected = new Map<string, { claims: Set<string>; undated: Set<string> }>();
    for (const r of rows) {
      if (!set.includes(r.topic_id)) continue;
      const e = expected.get(r.actor_id) ?? { claims: new Set(), undated: new Set() };
      expected.set(r.actor_id, e);
      if (r.lo === null) e.undated.add(`${r.stance} ${r.id}`);
      else if (r.hi !== null && r.hi >= window.from && r.lo <= window.to) e.claims.add(`${r.stance} ${r.id}`);
    }
    const tally = (keys: Set<string> | undefined) => {
      const counts: Record<Stance, number> = { supports: 0, opposes: 0, neutral: 0, mixed: 0 };
      for (const key of keys ?? []) counts[key.split(' ')[0] as Stance] += 1;
      return counts;
    };
    // The actors shown: live ones with a live claim (read from claims, not from claim_topics' copies) or a live position
    // on the topic set, whatever their dates.
    const withPositions = sqlite.prepare(`SELECT p.actor_id FROM positions p WHERE p.deleted_at IS NULL AND p.topic_id IN (SELECT value FROM json_each(?))`)
      .pluck().all(JSON.stringify(set)) as string[];
    const live = new Set(sqlite.prepare('SELECT id FROM actors WHERE deleted_at IS NULL').pluck().all() as string[]);
    const shown = [...new Set([...rows.filter((r) => set.includes(r.topic_id)).map((r) => r.actor_id), ...withPositions])].filter((id) => live.has(id)).sort();
    expect(shown.length).toBeGreaterThan(10);
    for (const options of [{}, { topicSideMaxClaims: 0 }]) {
      const actors = allPages(options, topicId, q).flatMap((p) => p.data);
      expect(actors.map((a) => a.actor.id).sort()).toEqual(shown);
      expect(actors.some((a) => Object.values(a.claims).some((n) => n > 0))).toBe(true);
      for (const a of actors) {
        expect(a.claims, a.actor.name).toEqual(tally(expected.get(a.actor.id)?.claims));
        expect(a.undated_claims, a.actor.name).toEqual(tally(expected.get(a.actor.id)?.undated));
      }
    }
  });
});
