// The claims list: every filter of GET /v1/claims declared once, mapped to SQL, composed with AND,
// with keyset pagination over each sort order. Returns the ids of one page; claims.ts embeds them.
// The SQL is composed with sql-template-tag, whose fragments are text and values from the start: a page's statement
// costs about a microsecond to build, where Drizzle's query building and rendering cost about 50 (bench/README.md).
import sql, { empty, join, raw, type Sql } from 'sql-template-tag';
import type { Db } from '../db/client.js';
import { rowsOf, valueList as list } from '../db/sql.js';
import { parsePartialDate, type PartialDate } from '../domain/partial-date.js';
import { canonicalLanguage, fold } from '../domain/text.js';
import { invalid } from '../plugins/errors.js';
import type { CLAIM_SORTS, ClaimListQueryT } from '../schemas/claims.js';
import { decodeCursor, encodeCursor } from './pagination.js';

type Repeatable = 'actor_id' | 'topic_id' | 'article_id' | 'addressee_id' | 'object_id' | 'kind' | 'status' | 'stance' | 'rating';
/** The list query, where repeatable parameters may also be given as one value (sub-resources do). */
export type ClaimQuery = Omit<ClaimListQueryT, Repeatable> & {
  [K in Repeatable]?: NonNullable<ClaimListQueryT[K]> | NonNullable<ClaimListQueryT[K]>[number];
};

type Sort = (typeof CLAIM_SORTS)[number];
const many = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
/** column = value for one value (so an index on (column, sort key) serves the order), IN for several. */
function oneOf<T extends string>(column: string, values: T | T[]): Sql {
  const all = many(values);
  return all.length === 1 ? sql`${raw(column)} = ${all[0]}` : sql`${raw(column)} IN ${list(all)}`;
}
const queryIssue = (pointer: string, message: string) => invalid([{ in: 'query', pointer, message }]);

function date(value: string, pointer: string): PartialDate {
  const d = parsePartialDate(value);
  if (!d) throw queryIssue(pointer, 'is not a real date');
  return d;
}

/** claims whose id is among those a child table lists: the planner may start from the child's index. */
const idIn = (select: Sql) => sql`claims.id IN (${select})`;
const viaSources = (where: Sql) => idIn(sql`SELECT s.claim_id FROM claim_sources s JOIN articles a ON a.id = s.article_id WHERE ${where}`);

/**
 * The claims whose interval reaches `from` or beyond (date_match=overlap), as two disjoint terms: those said from `from`
 * on, and those said before it that still reach it. A claim's interval is a day, a month or a year (partial-date.ts), so
 * the second are claims whose said_on_lo is the first day of from's month or of its year: two index seeks, rather than
 * a scan of the year before `from`. `lo` is said_on_lo as the sort lets the index see it (saidOnLo).
 */
function reachingFrom(from: PartialDate, lo: Sql): { later: Sql; earlier: Sql | null } {
  const starts = [...new Set([`${from.lo.slice(0, 4)}-01-01`, `${from.lo.slice(0, 7)}-01`])].filter((start) => start < from.lo);
  return {
    later: sql`${lo} >= ${from.lo}`,
    earlier: starts.length === 0 ? null : sql`${lo} IN ${list(starts)} AND claims.said_on_hi >= ${from.lo}`,
  };
}

/** Windows up to this many days are read from the said_on index and sorted; wider ones are not (see saidOnLo). */
const NARROW_WINDOW_DAYS = 62;

/**
 * said_on_lo as a filter term. Sorted by something other than said_on, a narrow window is best read
 * from the said_on index and sorted, but a wide or open-ended one is best found by walking the
 * sort order: the unary + keeps SQLite from choosing the said_on index then, whatever its statistics say.
 */
const SAID_ON_LO = raw('claims.said_on_lo');
function saidOnLo(q: ClaimQuery): Sql {
  if (q.sort === 'said_on' || q.sort === '-said_on') return SAID_ON_LO;
  const from = q.said_from === undefined ? null : parsePartialDate(q.said_from);
  const to = q.said_to === undefined ? null : parsePartialDate(q.said_to);
  const narrow = from !== null && to !== null && (Date.parse(to.hi) - Date.parse(from.lo)) / 86_400_000 < NARROW_WINDOW_DAYS;
  return narrow ? SAID_ON_LO : raw('+claims.said_on_lo');
}

/**
 * The live actors a speaker name or alias (folded) names, an actor twice if both do (UNION ALL: no sort to remove
 * duplicates). Fixed text: prepared once per connection (db/client.ts).
 */
const SPEAKER_IDS = `SELECT id FROM actors WHERE name_key = ? AND deleted_at IS NULL
  UNION ALL SELECT l.actor_id FROM actor_aliases l JOIN actors a ON a.id = l.actor_id WHERE l.alias_key = ? AND a.deleted_at IS NULL`;

type Filters = { [K in keyof ClaimQuery]?: (value: NonNullable<ClaimQuery[K]>, q: ClaimQuery, db: Db) => Sql | undefined };

/** Every filter parameter and the SQL it stands for. Parameters read together are handled by one entry. */
const FILTERS: Filters = {
  actor_id: (v) => oneOf('claims.actor_id', v),
  // Resolved to actor ids first, so the query can walk the (actor_id, sort key) index of one actor.
  speaker: (v, _q, db) => {
    const key = fold(v);
    const ids = [...new Set(db.$client.prepare<[string, string], string>(SPEAKER_IDS).pluck().all(key, key))];
    return ids.length === 0 ? raw('0') : oneOf('claims.actor_id', ids);
  },
  topic_id: (v, q, db) => {
    const ids = q.include_subtopics ? withSubtopics(db, many(v)) : many(v);
    const stances = q.stance === undefined ? empty : sql` AND stance IN ${list(many(q.stance))}`;
    return idIn(sql`SELECT claim_id FROM claim_topics WHERE topic_id IN ${list(ids)}${stances}`);
  },
  // With topic_id the stance applies to those topics (above); alone, to any topic.
  stance: (v, q) => (q.topic_id !== undefined ? undefined
    : idIn(sql`SELECT claim_id FROM claim_topics WHERE stance IN ${list(many(v))}`)),
  article_id: (v) => idIn(sql`SELECT claim_id FROM claim_sources WHERE article_id IN ${list(many(v))}`),
  outlet: (v) => viaSources(sql`a.outlet = ${v}`),
  kind: (v) => oneOf('claims.kind', v),
  language: (v) => sql`claims.language = ${canonicalLanguage(v)}`,
  status: (v) => oneOf('claims.status', v),
  addressee_id: (v) => idIn(sql`SELECT claim_id FROM claim_addressees WHERE actor_id IN ${list(many(v))}`),
  object_id: (v) => idIn(sql`SELECT claim_id FROM claim_objects WHERE actor_id IN ${list(many(v))}`),
  // Verdicts are compared folded, so rating=false finds "False" and "FALSE".
  rating: (v) => idIn(sql`SELECT claim_id FROM fact_checks WHERE rating_key IN ${list([...new Set(many(v).map(fold))])}`),
  // Sorted by said_on, the two terms of an overlap are read apart instead (see claimPageStatements).
  said_from: (v, q) => {
    const { later, earlier } = reachingFrom(date(v, '/said_from'), saidOnLo(q));
    return q.date_match === 'within' || earlier === null ? later : sql`(${later} OR (${earlier}))`;
  },
  said_to: (v, q) => {
    const to = date(v, '/said_to');
    return q.date_match === 'within' ? sql`claims.said_on_hi <= ${to.hi}` : sql`${saidOnLo(q)} <= ${to.hi}`;
  },
  // One source must fall within both bounds, so the two are one condition.
  published_from: (v, q) => viaSources(sql`a.published_on >= ${v}${q.published_to === undefined ? empty : sql` AND a.published_on <= ${q.published_to}`}`),
  published_to: (v, q) => (q.published_from !== undefined ? undefined : viaSources(sql`a.published_on <= ${v}`)),
  q: (v, q) => (q.sort === 'relevance' || q.sort === undefined ? undefined : sql`claims.seq IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ${v})`),
};

/** The topics (a JSON array of ids) and all live topics below them. */
const SUBTOPICS = `WITH RECURSIVE down(id) AS (SELECT value FROM json_each(?)
  UNION SELECT t.id FROM topics t JOIN down ON t.parent_id = down.id WHERE t.deleted_at IS NULL)
  SELECT id FROM down`;
/** The topics and all topics below them. */
function withSubtopics(db: Db, ids: string[]): string[] {
  return db.$client.prepare<[string], string>(SUBTOPICS).pluck().all(JSON.stringify(ids));
}

/**
 * sort=relevance ranks at most this many matches: the newest ones that pass the filters. A word found in tens of
 * thousands of claims then costs a few milliseconds rather than tens, and a page never ranks the whole index.
 */
export const RELEVANCE_CANDIDATES = 2000;

/**
 * A relevance page of a search with no filter but liveness, as the general statement ranks it (the newest
 * RELEVANCE_CANDIDATES live matches, by score then id), but ranked from the full-text index alone: a deleted claim is
 * found in claims_deleted_idx, which holds only those, and only the rows of the page and any that tie its last score
 * are joined to claims for their ids. Joining every candidate was a third of a topical search's time at a million claims.
 */
function rankedFromIndex(match: string, from: Position, limit: number): Sql {
  const idOf = sql`(SELECT claims.id FROM claims WHERE claims.seq = hits.seq)`;
  const resume = from === null ? empty : sql`WHERE hits.score > ${from.k} OR (hits.score = ${from.k} AND ${idOf} > ${from.id})`;
  return sql`WITH hits AS MATERIALIZED (
      SELECT rowid AS seq, bm25(claims_fts) AS score FROM claims_fts
      WHERE claims_fts MATCH ${match} AND NOT EXISTS (
        SELECT 1 FROM claims INDEXED BY claims_deleted_idx WHERE claims.seq = claims_fts.rowid AND claims.deleted_at IS NOT NULL)
      ORDER BY rowid DESC LIMIT ${RELEVANCE_CANDIDATES}),
    rest AS MATERIALIZED (SELECT hits.seq, hits.score FROM hits ${resume}),
    edge AS (SELECT score FROM rest ORDER BY score LIMIT 1 OFFSET ${limit})
    SELECT claims.id AS id, rest.seq AS seq, rest.score AS k FROM rest JOIN claims ON claims.seq = rest.seq
    WHERE NOT EXISTS (SELECT 1 FROM edge) OR rest.score <= (SELECT score FROM edge)
    ORDER BY rest.score ASC, claims.id ASC LIMIT ${limit + 1}`;
}

/** Sort orders: the expression and its direction; a nullable key puts undated claims last. */
const SORTS: Record<Exclude<Sort, 'relevance'>, { key: Sql; desc: boolean; nullable: boolean }> = {
  said_on: { key: SAID_ON_LO, desc: false, nullable: true },
  '-said_on': { key: SAID_ON_LO, desc: true, nullable: true },
  published_at: { key: raw('claims.first_published_on'), desc: false, nullable: true },
  '-published_at': { key: raw('claims.first_published_on'), desc: true, nullable: true },
  created_at: { key: raw('claims.id'), desc: false, nullable: false },
  '-created_at': { key: raw('claims.id'), desc: true, nullable: false },
};

export interface ClaimPage {
  ids: string[];
  /** The claims' integer keys (claims.seq), in the order of ids. */
  seqs: number[];
  snippets: Map<string, string>;
  next_cursor: string | null;
}

type Row = { id: string; seq: number; k: string | number | null };
/** Where a page resumes: the phase (0: rows with a sort key, 1: rows without, ordered by id), then the last key and id. */
type Position = { phase: 0 | 1; k: string | number | null; id: string } | null;

/**
 * The statements that fetch one page: a nullable sort key is paged in two phases, rows with a
 * key first, so each phase can walk an index in order instead of sorting the whole table.
 */
export function claimPageStatements(db: Db, q: ClaimQuery): { phases: { phase: 0 | 1; statement: Sql }[]; limit: number } {
  const limit = q.limit ?? 50;
  const sort: Sort = q.sort ?? (q.q !== undefined ? 'relevance' : 'created_at');
  if (sort === 'relevance' && q.q === undefined) throw queryIssue('/sort', 'relevance needs q');
  if (q.said_from && q.said_to && date(q.said_from, '/said_from').lo > date(q.said_to, '/said_to').hi) throw queryIssue('/said_to', 'is before said_from');
  if (q.published_from && q.published_to && q.published_from > q.published_to) throw queryIssue('/published_to', 'is before published_from');

  const conditions: Sql[] = [raw('claims.deleted_at IS NULL')];
  let saidFrom: Sql | undefined;
  for (const [name, toSql] of Object.entries(FILTERS) as [keyof ClaimQuery, (v: unknown, q: ClaimQuery, db: Db) => Sql | undefined][]) {
    const value = q[name];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    const condition = toSql(value, { ...q, sort }, db);
    if (name === 'said_from') saidFrom = condition;
    if (condition) conditions.push(condition);
  }
  /** The conditions but said_from's, for reading the two terms of an overlap apart. */
  const besidesFrom = conditions.filter((c) => c !== saidFrom);

  const cursor = decodeCursor(q.cursor, 3);
  const from: Position = cursor === null ? null : { phase: cursor[0] === 1 ? 1 : 0, k: cursor[1] ?? null, id: String(cursor[2]) };
  const phases: { phase: 0 | 1; statement: Sql }[] = [];
  if (sort === 'relevance' && conditions.length === 1) {
    phases.push({ phase: 0, statement: rankedFromIndex(q.q as string, from, limit) });
    return { phases, limit };
  }
  if (sort === 'relevance') {
    // The newest RELEVANCE_CANDIDATES matches that pass every filter, walked down the index in rowid order, then
    // ranked: bm25 and the join cost at most that many rows, whatever the number of matches.
    const candidates = sql`SELECT claims.id AS id, claims.seq AS seq, bm25(claims_fts) AS score
      FROM claims_fts JOIN claims ON claims.seq = claims_fts.rowid
      WHERE claims_fts MATCH ${q.q} AND ${join(conditions, ' AND ')} ORDER BY claims_fts.rowid DESC LIMIT ${RELEVANCE_CANDIDATES}`;
    const resume = from === null ? empty : sql`WHERE hits.score > ${from.k} OR (hits.score = ${from.k} AND hits.id > ${from.id})`;
    phases.push({ phase: 0, statement: sql`SELECT hits.id AS id, hits.seq AS seq, hits.score AS k FROM (${candidates}) AS hits ${resume}
      ORDER BY hits.score ASC, hits.id ASC LIMIT ${limit + 1}` });
    return { phases, limit };
  }

  const { key, desc, nullable } = SORTS[sort];
  const beyond = raw(desc ? '<' : '>');
  const direction = raw(desc ? 'DESC' : 'ASC');
  const select = (where: Sql[], order: Sql) => sql`SELECT claims.id AS id, claims.seq AS seq, ${key} AS k FROM claims
    WHERE ${join(where, ' AND ')} ORDER BY ${order} LIMIT ${limit + 1}`;

  if (from === null || from.phase === 0) {
    const resume = from === null ? [] : [sql`(${key} ${beyond} ${from.k} OR (${key} = ${from.k} AND claims.id ${beyond} ${from.id}))`];
    const keyed = nullable ? [sql`${key} IS NOT NULL`] : [];
    const order = sql`${key} ${direction}, claims.id ${direction}`;
    // Sorted by said_on, an overlap with said_from is read as its two terms, each in index order and cut at one page,
    // then merged: walking the index from the year before said_from would pass every claim of that year.
    const terms = (sort === 'said_on' || sort === '-said_on') && q.said_from !== undefined && q.date_match !== 'within'
      ? reachingFrom(date(q.said_from, '/said_from'), SAID_ON_LO) : null;
    phases.push({
      phase: 0,
      statement: terms?.earlier == null ? select([...conditions, ...keyed, ...resume], order)
        : sql`SELECT * FROM (${select([...besidesFrom, terms.later, ...resume], order)})
          UNION ALL SELECT * FROM (${select([...besidesFrom, terms.earlier, ...resume], order)})
          ORDER BY k ${direction}, id ${direction} LIMIT ${limit + 1}`,
    });
  }
  if (nullable) {
    const resume = from?.phase === 1 ? [sql`claims.id ${beyond} ${from.id}`] : [];
    phases.push({ phase: 1, statement: select([...conditions, sql`${key} IS NULL`, ...resume], sql`claims.id ${direction}`) });
  }
  return { phases, limit };
}

/** The highlighted passage of each claim of a page (rowids as a JSON array) that matches a full-text query. */
const SNIPPETS = `SELECT rowid AS seq, snippet(claims_fts, 0, '<mark>', '</mark>', '…', 24) AS snippet FROM claims_fts
  WHERE claims_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))`;

export function listClaimIds(db: Db, q: ClaimQuery): ClaimPage {
  const { phases, limit } = claimPageStatements(db, q);
  const rows: (Row & { phase: 0 | 1 })[] = [];
  for (const { phase, statement } of phases) {
    if (rows.length > limit) break;
    rows.push(...fullText(() => rowsOf<Row>(db, statement)).map((r) => ({ ...r, phase })));
  }
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const snippets = new Map<string, string>();
  if (q.q !== undefined && page.length > 0) {
    const seqs = new Map(page.map((r) => [r.seq, r.id]));
    for (const s of db.$client.prepare<[string, string], { seq: number; snippet: string }>(SNIPPETS).all(q.q, JSON.stringify([...seqs.keys()]))) {
      snippets.set(seqs.get(s.seq) as string, s.snippet);
    }
  }
  return {
    ids: page.map((r) => r.id),
    seqs: page.map((r) => r.seq),
    snippets,
    next_cursor: rows.length > limit && last ? encodeCursor([last.phase, last.k, last.id]) : null,
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
