// The claims list: every filter of GET /v1/claims declared once, mapped to SQL, composed with AND,
// with keyset pagination over each sort order. Returns the ids of one page; claims.ts embeds them.
import { and, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { actorAliases, actors, articles, claimAddressees, claimObjects, claims, claimSources, claimTopics, topics } from '../db/schema.js';
import { parsePartialDate, type PartialDate } from '../domain/partial-date.js';
import { canonicalLanguage, fold } from '../domain/text.js';
import { invalid } from '../plugins/errors.js';
import type { CLAIM_SORTS, ClaimListQueryT } from '../schemas/claims.js';
import { decodeCursor, encodeCursor } from './pagination.js';

type Repeatable = 'actor_id' | 'topic_id' | 'article_id' | 'addressee_id' | 'object_id' | 'kind' | 'status' | 'stance';
/** The list query, where repeatable parameters may also be given as one value (sub-resources do). */
export type ClaimQuery = Omit<ClaimListQueryT, Repeatable> & {
  [K in Repeatable]?: NonNullable<ClaimListQueryT[K]> | NonNullable<ClaimListQueryT[K]>[number];
};

type Sort = (typeof CLAIM_SORTS)[number];
const many = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
const queryIssue = (pointer: string, message: string) => invalid([{ in: 'query', pointer, message }]);

function date(value: string, pointer: string): PartialDate {
  const d = parsePartialDate(value);
  if (!d) throw queryIssue(pointer, 'is not a real date');
  return d;
}

const exists = (from: SQL, where: SQL) => sql`EXISTS (SELECT 1 FROM ${from} WHERE ${where})`;
const sourceExists = (where: SQL) =>
  exists(sql`${claimSources} JOIN ${articles} ON ${articles.id} = ${claimSources.articleId}`, sql`${claimSources.claimId} = ${claims.id} AND ${where}`);

type Filters = { [K in keyof ClaimQuery]?: (value: NonNullable<ClaimQuery[K]>, q: ClaimQuery, db: Db) => SQL | undefined };

/** Every filter parameter and the SQL it stands for. Parameters read together are handled by one entry. */
const FILTERS: Filters = {
  actor_id: (v) => inArray(claims.actorId, many(v)),
  speaker: (v) => {
    const key = fold(v);
    return sql`${claims.actorId} IN (SELECT ${actors.id} FROM ${actors} WHERE ${actors.nameKey} = ${key} AND ${actors.deletedAt} IS NULL
      UNION SELECT ${actorAliases.actorId} FROM ${actorAliases} JOIN ${actors} ON ${actors.id} = ${actorAliases.actorId}
      WHERE ${actorAliases.aliasKey} = ${key} AND ${actors.deletedAt} IS NULL)`;
  },
  topic_id: (v, q, db) => {
    const ids = q.include_subtopics ? withSubtopics(db, many(v)) : many(v);
    const stances = q.stance === undefined ? undefined : inArray(claimTopics.stance, many(q.stance));
    return exists(sql`${claimTopics}`, and(sql`${claimTopics.claimId} = ${claims.id}`, inArray(claimTopics.topicId, ids), stances) as SQL);
  },
  // With topic_id the stance applies to those topics (above); alone, to any topic.
  stance: (v, q) => (q.topic_id !== undefined ? undefined
    : exists(sql`${claimTopics}`, sql`${claimTopics.claimId} = ${claims.id} AND ${inArray(claimTopics.stance, many(v))}`)),
  article_id: (v) => exists(sql`${claimSources}`, sql`${claimSources.claimId} = ${claims.id} AND ${inArray(claimSources.articleId, many(v))}`),
  outlet: (v) => sourceExists(sql`${articles.outlet} = ${v}`),
  kind: (v) => inArray(claims.kind, many(v)),
  language: (v) => sql`${claims.language} = ${canonicalLanguage(v)}`,
  status: (v) => inArray(claims.status, many(v)),
  addressee_id: (v) => exists(sql`${claimAddressees}`, sql`${claimAddressees.claimId} = ${claims.id} AND ${inArray(claimAddressees.actorId, many(v))}`),
  object_id: (v) => exists(sql`${claimObjects}`, sql`${claimObjects.claimId} = ${claims.id} AND ${inArray(claimObjects.actorId, many(v))}`),
  said_from: (v, q) => {
    const from = date(v, '/said_from');
    return q.date_match === 'within' ? sql`${claims.said_on_lo} >= ${from.lo}` : sql`${claims.said_on_hi} >= ${from.lo}`;
  },
  said_to: (v, q) => {
    const to = date(v, '/said_to');
    return q.date_match === 'within' ? sql`${claims.said_on_hi} <= ${to.hi}` : sql`${claims.said_on_lo} <= ${to.hi}`;
  },
  // One source must fall within both bounds, so the two are one condition.
  published_from: (v, q) => sourceExists(and(sql`${articles.publishedOn} >= ${v}`, q.published_to === undefined ? undefined : sql`${articles.publishedOn} <= ${q.published_to}`) as SQL),
  published_to: (v, q) => (q.published_from !== undefined ? undefined : sourceExists(sql`${articles.publishedOn} <= ${v}`)),
  q: (v, q) => (q.sort === 'relevance' || q.sort === undefined ? undefined : sql`${claims.seq} IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ${v})`),
};

/** The topics and all topics below them. */
function withSubtopics(db: Db, ids: string[]): string[] {
  return db.all<{ id: string }>(sql`
    WITH RECURSIVE down(id) AS (SELECT value FROM json_each(${JSON.stringify(ids)})
      UNION SELECT ${topics.id} FROM ${topics} JOIN down ON ${topics.parentId} = down.id WHERE ${topics.deletedAt} IS NULL)
    SELECT id FROM down`).map((r) => r.id);
}

/** Sort orders: the expression, its direction, and whether it can be null (nulls always last). */
const SORTS: Record<Exclude<Sort, 'relevance'>, { key: SQL; desc: boolean; nullable: boolean }> = {
  said_on: { key: sql`${claims.said_on_lo}`, desc: false, nullable: true },
  '-said_on': { key: sql`${claims.said_on_lo}`, desc: true, nullable: true },
  published_at: { key: sql`${claims.firstPublishedOn}`, desc: false, nullable: true },
  '-published_at': { key: sql`${claims.firstPublishedOn}`, desc: true, nullable: true },
  created_at: { key: sql`${claims.id}`, desc: false, nullable: false },
  '-created_at': { key: sql`${claims.id}`, desc: true, nullable: false },
};

/** Rows strictly after the cursor (value, id) in the given order, nulls last. */
function after(key: SQL, desc: boolean, value: string | number | null, id: string): SQL {
  const beyond = desc ? sql`<` : sql`>`;
  if (value === null) return sql`(${key} IS NULL AND ${claims.id} ${beyond} ${id})`;
  return sql`(${key} ${beyond} ${value} OR (${key} = ${value} AND ${claims.id} ${beyond} ${id}) OR ${key} IS NULL)`;
}

export interface ClaimPage {
  ids: string[];
  snippets: Map<string, string>;
  next_cursor: string | null;
}

export function listClaimIds(db: Db, q: ClaimQuery): ClaimPage {
  const limit = q.limit ?? 50;
  const sort: Sort = q.sort ?? (q.q !== undefined ? 'relevance' : 'created_at');
  if (sort === 'relevance' && q.q === undefined) throw queryIssue('/sort', 'relevance needs q');
  if (q.said_from && q.said_to && date(q.said_from, '/said_from').lo > date(q.said_to, '/said_to').hi) throw queryIssue('/said_to', 'is before said_from');
  if (q.published_from && q.published_to && q.published_from > q.published_to) throw queryIssue('/published_to', 'is before published_from');

  const conditions: SQL[] = [sql`${claims.deletedAt} IS NULL`];
  for (const [name, toSql] of Object.entries(FILTERS) as [keyof ClaimQuery, (v: unknown, q: ClaimQuery, db: Db) => SQL | undefined][]) {
    const value = q[name];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    const condition = toSql(value, { ...q, sort }, db);
    if (condition) conditions.push(condition);
  }

  const relevance = sort === 'relevance';
  const { key, desc, nullable } = relevance ? { key: sql`hits.score`, desc: false, nullable: false } : SORTS[sort];
  const cursor = decodeCursor(q.cursor, 2);
  if (cursor) conditions.push(after(key, desc, cursor[0] ?? null, String(cursor[1])));
  const direction = desc ? sql`DESC` : sql`ASC`;
  const from = relevance
    ? sql`(SELECT rowid AS seq, bm25(claims_fts) AS score FROM claims_fts WHERE claims_fts MATCH ${q.q}) AS hits JOIN ${claims} ON ${claims.seq} = hits.seq`
    : sql`${claims}`;
  const statement = sql`SELECT ${claims.id} AS id, ${claims.seq} AS seq, ${key} AS k FROM ${from}
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY ${nullable ? sql`${key} IS NULL, ` : sql``}${key} ${direction}, ${claims.id} ${direction}
    LIMIT ${limit + 1}`;

  const rows = fullText(() => db.all<{ id: string; seq: number; k: string | number | null }>(statement));
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const snippets = new Map<string, string>();
  if (q.q !== undefined && page.length > 0) {
    const seqs = new Map(page.map((r) => [r.seq, r.id]));
    for (const s of db.all<{ seq: number; snippet: string }>(sql`
      SELECT rowid AS seq, snippet(claims_fts, 0, '<mark>', '</mark>', '…', 24) AS snippet FROM claims_fts
      WHERE claims_fts MATCH ${q.q} AND rowid IN (SELECT value FROM json_each(${JSON.stringify([...seqs.keys()])}))`)) {
      snippets.set(seqs.get(s.seq) as string, s.snippet);
    }
  }
  return {
    ids: page.map((r) => r.id),
    snippets,
    next_cursor: rows.length > limit && last ? encodeCursor([last.k, last.id]) : null,
  };
}

/** Runs a statement with a MATCH; a malformed full-text query is the client's 400, not a 500. */
function fullText<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/fts5|no such column|unknown special query|unterminated string/i.test(message)) {
      throw queryIssue('/q', `is not a valid full-text query (${message.replace(/^fts5: /, '')}); quote words with "…" to search them literally`);
    }
    throw error;
  }
}
