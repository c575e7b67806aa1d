// Query plans of GET /v1/claims: for each filter, combinations and several bound values, with and
// without ANALYZE statistics, SQLite must not scan the whole claims table, nor sort a large part of it.
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { claimPageStatements, type ClaimQuery } from '../../src/repositories/claim-query.js';
import { fillSynthetic } from '../helpers/synthetic.js';

type PlanRow = { id: number; parent: number; detail: string };

let plain: Db;
let analysed: Db;
let data: ReturnType<typeof fillSynthetic>;
const size = { actors: 400, articles: 3000, topics: 40, claims: 20_000 };

beforeAll(() => {
  plain = openDatabase(':memory:');
  data = fillSynthetic(plain, size);
  analysed = openDatabase(':memory:');
  fillSynthetic(analysed, size);
  analysed.$client.exec('ANALYZE');
});

/** What is wrong with a plan, if anything. */
function violations(rows: PlanRow[], narrowDates: boolean): string[] {
  const top = rows.filter((r) => r.parent === 0).map((r) => r.detail);
  const all = rows.map((r) => r.detail);
  const out: string[] = [];
  if (all.some((d) => /^SCAN claims$/.test(d) || /^SCAN claims (?!USING)/.test(d))) out.push('full table scan of claims');
  const sorts = top.some((d) => /USE TEMP B-TREE FOR .*ORDER BY/.test(d));
  if (sorts && top.some((d) => /^SCAN claims USING/.test(d))) out.push('a scan of a whole claims index, then a sort');
  if (sorts && !narrowDates && top.some((d) => /^SEARCH claims USING INDEX \w+ \(said_on_lo[<>]/.test(d))) out.push('a sort of a wide date range');
  return out;
}

const A = () => data.actorIds[0] as string; // the most prolific speaker (Zipf)
const RARE = () => data.actorIds[350] as string;
const T = () => data.topicIds[3] as string;
const SORTS = ['created_at', '-created_at', 'said_on', '-said_on', 'published_at'] as const;

const filters: [string, () => ClaimQuery, boolean][] = [
  ['no filter', () => ({}), false],
  ['busy actor', () => ({ actor_id: [A()] }), false],
  ['rare actor', () => ({ actor_id: [RARE()] }), false],
  ['two actors', () => ({ actor_id: [A(), RARE()] }), false],
  ['speaker', () => ({ speaker: 'actor 0' }), false],
  ['topic', () => ({ topic_id: [T()] }), false],
  ['topic with subtopics', () => ({ topic_id: [data.topicIds[0] as string], include_subtopics: true }), false],
  ['topic and stance', () => ({ topic_id: [T()], stance: ['opposes'] }), false],
  ['stance', () => ({ stance: ['supports'] }), false],
  ['article', () => ({ article_id: [data.articleIds[7] as string] }), false],
  ['outlet', () => ({ outlet: 'Outlet 3' }), false],
  ['kind', () => ({ kind: ['written_statement'] }), false],
  ['common kind', () => ({ kind: ['indirect_quote'] }), false],
  ['status', () => ({ status: ['disputed'] }), false],
  ['language', () => ({ language: 'es' }), false],
  ['addressee', () => ({ addressee_id: [A()] }), false],
  ['rating', () => ({ rating: ['false'] }), false],
  ['one day', () => ({ said_from: '2012-06-01', said_to: '2012-06-01' }), true],
  ['30 days', () => ({ said_from: '2012-06-01', said_to: '2012-06-30' }), true],
  ['a month', () => ({ said_from: '2019-03', said_to: '2019-03' }), true],
  ['a year', () => ({ said_from: '2019', said_to: '2019' }), false],
  ['twenty years', () => ({ said_from: '2001', said_to: '2021' }), false],
  ['open-ended from', () => ({ said_from: '2024-06' }), false],
  ['open-ended to', () => ({ said_to: '2001-01' }), false],
  ['published window', () => ({ published_from: '2010-01-01', published_to: '2010-01-31' }), false],
  ['full text', () => ({ q: 'nato' }), false],
  ['busy actor and topic', () => ({ actor_id: [A()], topic_id: [T()] }), false],
  ['busy actor in 30 days', () => ({ actor_id: [A()], said_from: '2012-06-01', said_to: '2012-06-30' }), true],
  ['busy actor over twenty years', () => ({ actor_id: [A()], said_from: '2001', said_to: '2021' }), false],
  ['topic in a year', () => ({ topic_id: [T()], said_from: '2019', said_to: '2019' }), false],
  ['kind, status and language', () => ({ kind: ['direct_quote'], status: ['unreviewed'], language: 'en' }), false],
  ['full text by an actor', () => ({ q: 'security', actor_id: [A()] }), false],
];

const cases = filters.flatMap(([label, query, narrow]) => SORTS.map((sort) => [`${label}, sort=${sort}`, query, sort, narrow] as const));

describe.each([['without statistics', () => plain], ['after ANALYZE', () => analysed]])('claim list plans %s', (_label, db) => {
  it.each(cases)('%s', (_name, query, sort, narrow) => {
    const q: ClaimQuery = { ...query(), sort };
    for (const cursor of [undefined, 'second page']) {
      const withCursor = cursor === undefined ? q : { ...q, cursor: Buffer.from(JSON.stringify([0, '2015-01-01', 'clm_00000000000000000000010000'])).toString('base64url') };
      for (const { statement } of claimPageStatements(db(), withCursor).phases) {
        const plan = db().$client.prepare<unknown[], PlanRow>(`EXPLAIN QUERY PLAN ${statement.sql}`).all(...statement.values);
        expect(violations(plan, narrow), plan.map((p) => p.detail).join('\n')).toEqual([]);
      }
    }
  });
});

describe('the rules can fail', () => {
  it('flag a full scan and an index scan followed by a sort', () => {
    expect(violations([{ id: 2, parent: 0, detail: 'SCAN claims' }], false)).toContain('full table scan of claims');
    expect(violations([{ id: 2, parent: 0, detail: 'SCAN claims USING INDEX claims_kind_idx' }, { id: 9, parent: 0, detail: 'USE TEMP B-TREE FOR ORDER BY' }], false))
      .toContain('a scan of a whole claims index, then a sort');
  });
});
