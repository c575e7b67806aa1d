// Analysis: the SQL behind timelines, stances at a date, stance changes and contradictions.
// Each read takes a fixed number of queries; claims are embedded as their stored documents (the claims repository's
// documentsOf and byIds).
import { eq, inArray } from 'drizzle-orm';
import sql, { empty, join, raw, type Sql } from 'sql-template-tag';
import { rowOf, rowsOf, valueList as list } from '../db/sql.js';
import type { Db } from '../db/client.js';
import { actorRoles, actors, topics } from '../db/schema.js';
import { parsePartialDate, type PartialDate } from '../domain/partial-date.js';
import {
  positionInForce, stanceChangesByTopic, stanceWindow, tallyStances, TIMELINE_EVENT_TYPES, zeroCounts,
  type Stance, type TimelineEventType,
} from '../domain/stances.js';
import { invalid, unprocessable } from '../plugins/errors.js';
import type {
  ContradictionsQueryT, ContradictionT, StanceChangesQueryT, StanceChangeT, TimelineEventT, TimelineQueryT, TopicStancesQueryT,
  TopicStanceT,
} from '../schemas/analysis.js';
import type { ClaimT } from '../schemas/claims.js';
import { createPositionsRepository } from './positions.js';
import { createClaimsRepository } from './claims.js';
import { decodeCursor, pageOf, type Page } from './pagination.js';

type Issue = { in: 'query'; pointer: string; message: string };

/** Sort key of an unknown date: after every real day. */
const UNDATED = '~';

function queryDate(value: string | undefined, pointer: string): PartialDate | null {
  if (value === undefined) return null;
  const d = parsePartialDate(value);
  if (!d) throw invalid([{ in: 'query', pointer, message: 'is not a real date' }]);
  return d;
}

/** `WITH sub(id)`: the topic alone, or with its live sub-topics at any depth. */
function topicSet(topicId: string, includeSubtopics: boolean | undefined): Sql {
  return includeSubtopics
    ? sql`WITH RECURSIVE sub(id) AS (SELECT ${topicId} UNION SELECT t.id FROM topics t JOIN sub ON t.parent_id = sub.id WHERE t.deleted_at IS NULL) `
    : sql`WITH sub(id) AS (SELECT ${topicId}) `;
}

/** Orders two sort keys of strings part by part. */
const compareKeys = (a: string[], b: string[]) => {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
};

interface EventRow { type: TimelineEventType; ref: string; sort_date: string; value: string | null; precision: string | null }

/** What bounds the page being read: the claims source reads no more than this page can use. */
interface ClaimPage { from: PartialDate | null; to: PartialDate | null; after: (string | number | null)[] | null; limit: number }

interface ActorRow { id: string; name: string; name_key: string }

/**
 * Stances at a date: a topic set with more claims than this finds its actors by walking actors in name order. From the
 * topic side each claim costs an entry of a claim_topics index (which carries the claim's speaker); a walk costs index
 * probes for each actor it passes, and passes fewer actors the more of them speak on the set.
 */
const TOPIC_SIDE_MAX_CLAIMS = 10_000;
/** Actors a walk in name order examines for each row of the page before the topic side takes over. */
const WALK_ACTORS_PER_ROW = 50;

/**
 * The first day of the year of `day` (YYYY-MM-DD). A claim's interval is a day, a month or a year, so it lies within
 * one calendar year: a claim that starts before this day ends before `day`.
 */
const YEAR_START = (day: string) => `${day.slice(0, 4)}-01-01`;

/**
 * One SELECT per event type, each yielding (type, ref, lo, hi, value, precision). `topic` is true when a
 * `sub` topic set is in scope. Role refs are zero-padded so they sort as numbers.
 */
function eventSource(type: TimelineEventType, actorId: string, topic: boolean, page: ClaimPage): Sql {
  const onTopic = (cond: Sql) => (topic ? sql` AND ${cond}` : empty);
  switch (type) {
    case 'claim': {
      // Dated and undated claims apart, each walked in the order of the (actor_id, said_on_lo, id) index and cut at
      // one page: a prolific speaker's timeline then reads a page of claims, not all of them to sort them.
      const select = sql`SELECT 'claim' AS type, c.id AS ref, c.said_on_lo AS lo, c.said_on_hi AS hi, c.said_on AS value, c.said_on_precision AS precision
        FROM claims c WHERE c.actor_id = ${actorId} AND c.deleted_at IS NULL${onTopic(sql`EXISTS (SELECT 1 FROM claim_topics ct WHERE ct.claim_id = c.id AND ct.topic_id IN (SELECT id FROM sub))`)}`;
      const { from, to, after, limit } = page;
      const dated = [
        sql`c.said_on_lo IS NOT NULL`,
        // The bound on said_on_lo lets the index skip what ends before `from` (YEAR_START).
        ...(from ? [sql`c.said_on_hi >= ${from.lo}`, sql`c.said_on_lo >= ${YEAR_START(from.lo)}`] : []),
        ...(to ? [sql`c.said_on_lo <= ${to.hi}`] : []),
        ...(after ? [sql`c.said_on_lo >= ${after[0]}`, sql`(c.said_on_lo, 'claim', c.id) > (${after[0]}, ${after[1]}, ${after[2]})`] : []),
      ];
      const undated = [
        sql`c.said_on_lo IS NULL`,
        // Undated claims have no interval: a date range leaves them out, as the outer WHERE does.
        ...(from || to ? [sql`0`] : []),
        ...(after ? [sql`(${UNDATED}, 'claim', c.id) > (${after[0]}, ${after[1]}, ${after[2]})`] : []),
      ];
      const arm = (where: Sql[], order: Sql) => sql`SELECT * FROM (${select} AND ${join(where, ' AND ')} ORDER BY ${order} LIMIT ${limit + 1})`;
      return sql`${arm(dated, sql`c.said_on_lo, c.id`)} UNION ALL ${arm(undated, sql`c.id`)}`;
    }
    case 'role_start':
    case 'role_end': {
      const col = type === 'role_start' ? 'start' : 'end';
      return sql`SELECT ${type} AS type, printf('%012d', r.id) AS ref, ${raw(`r.${col}_lo`)} AS lo, ${raw(`r.${col}_hi`)} AS hi,
        ${raw(`r."${col}"`)} AS value, ${raw(`r.${col}_precision`)} AS precision
        FROM actor_roles r WHERE r.actor_id = ${actorId} AND ${raw(`r.${col}_lo`)} IS NOT NULL`;
    }
    case 'position_start':
    case 'position_end': {
      const col = type === 'position_start' ? 'valid_from' : 'valid_to';
      return sql`SELECT ${type} AS type, p.id AS ref, ${raw(`p.${col}_lo`)} AS lo, ${raw(`p.${col}_hi`)} AS hi,
        ${raw(`p.${col}`)} AS value, ${raw(`p.${col}_precision`)} AS precision
        FROM positions p WHERE p.actor_id = ${actorId} AND p.deleted_at IS NULL AND ${raw(`p.${col}_lo`)} IS NOT NULL${onTopic(sql`p.topic_id IN (SELECT id FROM sub)`)}`;
    }
  }
}

/** How stances at a date find their actors (the defaults suit a million claims; tests force one way or the other). */
export interface AnalysisOptions {
  /** Claims on a topic set up to which its actors are read from the topic side. */
  topicSideMaxClaims?: number;
  /** Actors a walk in name order examines per row wanted before handing over to the topic side. */
  walkActorsPerRow?: number;
}

export function createAnalysisRepository(db: Db, options: AnalysisOptions = {}) {
  const topicSideMaxClaims = options.topicSideMaxClaims ?? TOPIC_SIDE_MAX_CLAIMS;
  const walkActorsPerRow = options.walkActorsPerRow ?? WALK_ACTORS_PER_ROW;
  const claimsRepo = createClaimsRepository(db);

  /** A topic or actor named in a query must be live, else a 422 pointing at the parameter. */
  function requireLive(kind: 'topic' | 'actor', id: string | undefined) {
    if (id === undefined) return;
    const table = kind === 'topic' ? topics : actors;
    const row = db.select({ deletedAt: table.deletedAt }).from(table).where(eq(table.id, id)).get();
    if (!row || row.deletedAt !== null) {
      const issue: Issue = { in: 'query', pointer: `/${kind}_id`, message: `is not a live ${kind}` };
      throw unprocessable(`${kind} ${id} does not exist or is deleted`, [issue]);
    }
  }

  /** Positions in the API shape by id, with four queries whatever the count. */
  const positionsByIds = createPositionsRepository(db).byIds;

  /**
   * Live actors with a live position or claim on the `sub` topic set, by (name_key, id) after the cursor: `want` of them
   * at most. A small topic set is read from the topic side: the speakers of its claims (an index entry each), then
   * sorted. A large one would cost an entry for each of its many claims, so actors are walked in name order instead, each
   * tested for a claim on the set through the indexes (it stops at the first), until the page is full; a walk that
   * examines walkActorsPerRow actors per row wanted without filling the page hands the rest to the topic side.
   */
  function stanceActors(sub: Sql, after: (string | number | null)[] | null, want: number): ActorRow[] {
    const fromTopics = (from: (string | number | null)[] | null, n: number) => rowsOf<ActorRow>(db, sql`${sub}
      SELECT a.id, a.name, a.name_key FROM actors a
      WHERE a.deleted_at IS NULL AND a.id IN (
        SELECT p.actor_id FROM positions p WHERE p.topic_id IN (SELECT id FROM sub) AND p.deleted_at IS NULL
        UNION
        SELECT ct.actor_id FROM claim_topics ct WHERE ct.topic_id IN (SELECT id FROM sub) AND ct.claim_deleted_at IS NULL)
      ${from ? sql`AND (a.name_key, a.id) > (${from[0]}, ${from[1]})` : empty}
      ORDER BY a.name_key, a.id LIMIT ${n}`);
    const claimsOnSet = rowOf<{ n: number }>(db, sql`${sub}
      SELECT count(*) AS n FROM (SELECT 1 FROM claim_topics WHERE topic_id IN (SELECT id FROM sub) LIMIT ${topicSideMaxClaims + 1})`);
    if ((claimsOnSet?.n ?? 0) <= topicSideMaxClaims) return fromTopics(after, want);

    // name_key >= … lets the walk start at the cursor in the name_key index; the row value settles ties.
    const inOrder = (from: (string | number | null)[] | null) =>
      from ? sql`AND a.name_key >= ${from[0]} AND (a.name_key, a.id) > (${from[0]}, ${from[1]})` : empty;
    const examined = want * walkActorsPerRow;
    const walk = sql`SELECT a.id, a.name, a.name_key FROM actors a WHERE a.deleted_at IS NULL ${inOrder(after)} ORDER BY a.name_key, a.id`;
    const found = rowsOf<ActorRow>(db, sql`${sub}, walk AS (${walk} LIMIT ${examined})
      SELECT w.id, w.name, w.name_key FROM walk w
      WHERE EXISTS (SELECT 1 FROM positions p WHERE p.actor_id = w.id AND p.topic_id IN (SELECT id FROM sub) AND p.deleted_at IS NULL)
        OR EXISTS (SELECT 1 FROM claim_topics ct WHERE ct.actor_id = w.id AND ct.topic_id IN (SELECT id FROM sub) AND ct.claim_deleted_at IS NULL)
      LIMIT ${want}`);
    if (found.length === want) return found;
    const last = rowOf<ActorRow>(db, sql`${walk} LIMIT 1 OFFSET ${examined - 1}`);
    return last === undefined ? found : [...found, ...fromTopics([last.name_key, last.id], want - found.length)];
  }

  const claimMap = (ids: string[]) => new Map(claimsRepo.byIds([...new Set(ids)]).map((c) => [c.id, c]));

  /**
   * A page of an actor's timeline, each event as its JSON text, a claim's being its stored document as it is (no parse
   * and no serialization).
   */
  function timelinePage(actorId: string, q: TimelineQueryT): Page<string> {
    const limit = q.limit ?? 50;
    const from = queryDate(q.from, '/from');
    const to = queryDate(q.to, '/to');
    if (from && to && from.lo > to.hi) throw invalid([{ in: 'query', pointer: '/to', message: 'is before from' }]);
    requireLive('topic', q.topic_id);
    const after = decodeCursor(q.cursor, 3);
    const types = q.types ?? [...TIMELINE_EVENT_TYPES];
    const sources = join(types.map((t) => eventSource(t, actorId, q.topic_id !== undefined, { from, to, after, limit })), ' UNION ALL ');
    const key = sql`COALESCE(e.lo, ${UNDATED})`;
    const found = rowsOf<EventRow>(db, sql`${q.topic_id === undefined ? empty : topicSet(q.topic_id, q.include_subtopics)}
      SELECT e.type, e.ref, ${key} AS sort_date, e.value, e.precision FROM (${sources}) e
      WHERE 1 = 1
        ${from ? sql`AND e.hi >= ${from.lo}` : empty}
        ${to ? sql`AND e.lo <= ${to.hi}` : empty}
        ${after ? sql`AND (${key}, e.type, e.ref) > (${after[0]}, ${after[1]}, ${after[2]})` : empty}
      ORDER BY ${key}, e.type, e.ref LIMIT ${limit + 1}`);
    // The cursor is the sort key of the last event kept, so it is read from the rows, not the events.
    const { data: rows, next_cursor } = pageOf(found, limit, (r) => [r.sort_date, r.type, r.ref]);

    const refs = (of: TimelineEventType[]) => rows.filter((r) => of.includes(r.type)).map((r) => r.ref);
    const positionsById = positionsByIds([...new Set(refs(['position_start', 'position_end']))]);
    const roleIds = refs(['role_start', 'role_end']).map(Number);
    // In the order of TimelineRole, which a JSON page's events keep (JSON.stringify) as its NDJSON lines do (the schema's).
    const roles = new Map(roleIds.length === 0 ? [] : db.select({
      id: actorRoles.id, title: actorRoles.title, organization: { id: actors.id, name: actors.name },
      start: actorRoles.start, end: actorRoles.end,
    }).from(actorRoles).leftJoin(actors, eq(actors.id, actorRoles.organizationId))
      .where(inArray(actorRoles.id, roleIds)).all().map(({ id, ...role }) => [id, role]));

    const documents = new Map(claimsRepo.documentsOf([...new Set(refs(['claim']))]).map((d) => [d.id, d.body]));
    const data = rows.map((r) => {
      const base = { date: r.value, date_precision: r.precision as TimelineEventT['date_precision'], type: r.type };
      if (r.type === 'claim') return `{"date":${JSON.stringify(r.value)},"date_precision":${JSON.stringify(r.precision)},"type":"claim","claim":${documents.get(r.ref) as string}}`;
      if (r.type === 'role_start' || r.type === 'role_end') return JSON.stringify({ ...base, role: roles.get(Number(r.ref)) });
      return JSON.stringify({ ...base, position: positionsById.get(r.ref) });
    });
    return { data, next_cursor };
  }
  /** Read in one transaction, so that the events and the records they show are of one snapshot. */
  const timelineJson = db.$client.transaction(timelinePage);

  return {
    requireParent: claimsRepo.requireParent,

    /** A page of an actor's timeline. */
    timeline(actorId: string, q: TimelineQueryT): Page<TimelineEventT> {
      const page = timelineJson(actorId, q);
      return { data: page.data.map((text) => JSON.parse(text) as TimelineEventT), next_cursor: page.next_cursor };
    },

    /** The same page with each event as its JSON text (see timelinePage). */
    timelineJson,

    topicStances(topicId: string, q: TopicStancesQueryT): Page<TopicStanceT> {
      const at = queryDate(q.at, '/at') as PartialDate;
      const window = stanceWindow(at, q.window_days ?? 30);
      const limit = q.limit ?? 50;
      const after = decodeCursor(q.cursor, 2);
      const sub = topicSet(topicId, q.include_subtopics);
      const page = stanceActors(sub, after, limit + 1);
      const rows = page.slice(0, limit);
      const ids = rows.map((a) => a.id);
      if (ids.length === 0) return { data: [], next_cursor: null };

      const candidates = rowsOf<{ id: string; actor_id: string; valid_from_lo: string | null; valid_to_hi: string | null }>(db, sql`${sub}
        SELECT p.id, p.actor_id, p.valid_from_lo, p.valid_to_hi FROM positions p
        WHERE p.deleted_at IS NULL AND p.topic_id IN (SELECT id FROM sub) AND p.actor_id IN ${list(ids)}`);
      const chosen = new Map(ids.map((id) => [id, positionInForce(candidates.filter((p) => p.actor_id === id), at)]));
      const positionsById = positionsByIds([...chosen.values()].flatMap((p) => (p ? [p.id] : [])));

      // A claim on several topics of the set counts once per distinct stance it takes on them. Each actor's claims on
      // each topic are read from the claim_topics (actor_id, topic_id, claim_deleted_at, said_on_lo, …) index over the
      // window only (a claim's interval lies within one calendar year, so none starting before the year of the
      // window's first day reaches it), and undated ones apart, without visiting the claims.
      const arm = (dated: 0 | 1, when: Sql) => sql`SELECT DISTINCT ct.actor_id, ct.stance, ct.claim_id, ${raw(String(dated))} AS dated
        FROM claim_topics ct
        WHERE ct.actor_id IN ${list(ids)} AND ct.topic_id IN (SELECT id FROM sub) AND ct.claim_deleted_at IS NULL AND ${when}`;
      const counts = rowsOf<{ actor_id: string; stance: Stance; in_window: number; undated: number }>(db, sql`${sub},
        hits AS (
          ${arm(1, sql`ct.said_on_lo >= ${YEAR_START(window.from)} AND ct.said_on_lo <= ${window.to} AND ct.said_on_hi >= ${window.from}`)}
          UNION ALL
          ${arm(0, sql`ct.said_on_lo IS NULL`)})
        SELECT actor_id, stance, sum(dated) AS in_window, sum(1 - dated) AS undated FROM hits GROUP BY actor_id, stance`);
      const inWindow = tallyStances(counts.map((r) => ({ key: r.actor_id, stance: r.stance, n: r.in_window })));
      const undated = tallyStances(counts.map((r) => ({ key: r.actor_id, stance: r.stance, n: r.undated })));

      const data = rows.map((a) => {
        const p = chosen.get(a.id);
        return {
          actor: { id: a.id, name: a.name },
          position: p ? positionsById.get(p.id) ?? null : null,
          claims: inWindow.get(a.id) ?? zeroCounts(),
          undated_claims: undated.get(a.id) ?? zeroCounts(),
          window,
        };
      });
      return { data, next_cursor: pageOf(page, limit, (a) => [a.name_key, a.id]).next_cursor };
    },

    stanceChanges(actorId: string, q: StanceChangesQueryT): Page<StanceChangeT> {
      requireLive('topic', q.topic_id);
      const limit = q.limit ?? 50;
      const after = decodeCursor(q.cursor, 3);
      // Only (id, date, topic, stance) of every dated claim: the walk needs them all; only the page is embedded.
      const rows = rowsOf<{ id: string; lo: string; topic_id: string; stance: Stance }>(db, sql`${topicSet(q.topic_id, q.include_subtopics)}
        SELECT c.id, c.said_on_lo AS lo, ct.topic_id, ct.stance FROM claims c JOIN claim_topics ct ON ct.claim_id = c.id
        WHERE c.actor_id = ${actorId} AND c.deleted_at IS NULL AND c.said_on_lo IS NOT NULL AND ct.topic_id IN (SELECT id FROM sub)
        ORDER BY c.said_on_lo, c.id, ct.topic_id`);
      const key = (r: { lo: string; id: string; topic_id: string }) => [r.lo, r.id, r.topic_id];
      const all = stanceChangesByTopic(rows, { ignoreNeutral: q.ignore_neutral });
      const start = after === null ? 0 : all.findIndex((ch) => compareKeys(key(ch.after), after.map(String)) > 0);
      const page = pageOf(start < 0 ? [] : all.slice(start, start + limit + 1), limit, (ch) => key(ch.after));
      const byId = claimMap(page.data.flatMap((ch) => [ch.before.id, ch.after.id]));
      const data = page.data.map((ch) => {
        const afterClaim = byId.get(ch.after.id) as ClaimT;
        const topic = afterClaim.topics.find((t) => t.topic_id === ch.after.topic_id) as ClaimT['topics'][number];
        return {
          date: afterClaim.said_on as string,
          date_precision: afterClaim.said_on_precision as NonNullable<ClaimT['said_on_precision']>,
          topic: topic.topic,
          from_stance: ch.before.stance, to_stance: ch.after.stance,
          before: byId.get(ch.before.id) as ClaimT, after: afterClaim,
        };
      });
      return { data, next_cursor: page.next_cursor };
    },

    contradictions(q: ContradictionsQueryT): Page<ContradictionT> {
      if (q.actor_id === undefined && q.topic_id === undefined) {
        throw invalid([
          { in: 'query', pointer: '/actor_id', message: 'is required when topic_id is absent' },
          { in: 'query', pointer: '/topic_id', message: 'is required when actor_id is absent' },
        ]);
      }
      requireLive('actor', q.actor_id);
      requireLive('topic', q.topic_id);
      const limit = q.limit ?? 50;
      const after = decodeCursor(q.cursor, 7);
      const supKey = sql`COALESCE(cs.said_on_lo, ${UNDATED})`;
      const oppKey = sql`COALESCE(co.said_on_lo, ${UNDATED})`;
      const order = sql`a.name_key, a.id, t.slug, ${supKey}, ${oppKey}, cs.id, co.id`;
      const rows = rowsOf<{
        actor_id: string; actor_name: string; name_key: string; topic_id: string; slug: string; topic_name: string;
        sup_id: string; sup_key: string; opp_id: string; opp_key: string;
      }>(db, sql`${q.topic_id === undefined ? empty : topicSet(q.topic_id, q.include_subtopics)}
        SELECT a.id AS actor_id, a.name AS actor_name, a.name_key, t.id AS topic_id, t.slug, t.name AS topic_name,
          cs.id AS sup_id, ${supKey} AS sup_key, co.id AS opp_id, ${oppKey} AS opp_key
        FROM claim_topics s
        JOIN claims cs ON cs.id = s.claim_id
        JOIN claim_topics o ON o.topic_id = s.topic_id AND o.stance = 'opposes'
        JOIN claims co ON co.id = o.claim_id AND co.actor_id = cs.actor_id
        JOIN actors a ON a.id = cs.actor_id
        JOIN topics t ON t.id = s.topic_id
        WHERE s.stance = 'supports' AND cs.deleted_at IS NULL AND co.deleted_at IS NULL
          AND a.deleted_at IS NULL AND t.deleted_at IS NULL
          ${q.topic_id === undefined ? empty : sql`AND s.topic_id IN (SELECT id FROM sub)`}
          ${q.actor_id === undefined ? empty : sql`AND cs.actor_id = ${q.actor_id}`}
          ${after ? sql`AND (${order}) > ${list(after.map(String))}` : empty}
        ORDER BY ${order} LIMIT ${limit + 1}`);
      const page = pageOf(rows, limit, (r) => [r.name_key, r.actor_id, r.slug, r.sup_key, r.opp_key, r.sup_id, r.opp_id]);
      const byId = claimMap(page.data.flatMap((r) => [r.sup_id, r.opp_id]));
      const data = page.data.map((r) => ({
        actor: { id: r.actor_id, name: r.actor_name },
        topic: { id: r.topic_id, slug: r.slug, name: r.topic_name },
        supports: byId.get(r.sup_id) as ClaimT,
        opposes: byId.get(r.opp_id) as ClaimT,
      }));
      return { data, next_cursor: page.next_cursor };
    },
  };
}
