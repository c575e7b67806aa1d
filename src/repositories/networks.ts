// Networks: the one query that gathers statements (claim × topic × stance) for the network computations.
import { and, inArray, isNull } from 'drizzle-orm';
import sql, { empty, join, raw, type Sql } from 'sql-template-tag';
import { rowsOf, valueList } from '../db/sql.js';
import type { Db } from '../db/client.js';
import { actors, topics } from '../db/schema.js';
import type { Statement } from '../domain/networks.js';
import { unprocessable } from '../plugins/errors.js';

export interface StatementFilter {
  topicIds?: string[];
  includeSubtopics: boolean;
  actorIds?: string[];
  /** First day of said_from and last day of said_to: said_on must overlap [from, to]. */
  from?: string;
  to?: string;
  /** One row per source article (for duplicates=article). */
  withArticles: boolean;
}

// Deep enough for any real hierarchy; a guard against a cycle that slipped past the topic checks.
const MAX_DEPTH = 64;

export function createNetworksRepository(db: Db) {
  /** Ids among `ids` that are not live rows of `table`. */
  function notLive(table: typeof actors | typeof topics, ids: string[]): Set<string> {
    if (ids.length === 0) return new Set();
    const live = new Set(db.select({ id: table.id }).from(table).where(and(inArray(table.id, ids), isNull(table.deletedAt))).all().map((r) => r.id));
    return new Set(ids.filter((id) => !live.has(id)));
  }

  /**
   * `scope(id, root)`: the topics in scope, each with the topic it counts as: every live topic, the
   * listed ones, or the listed ones and their live descendants mapped to the nearest listed ancestor.
   */
  function scope(f: StatementFilter): Sql {
    if (f.topicIds === undefined) return sql`scope AS (SELECT id, id AS root FROM topics WHERE deleted_at IS NULL)`;
    const listed = sql`SELECT id, id AS root, 0 AS depth FROM topics WHERE id IN ${valueList(f.topicIds)} AND deleted_at IS NULL`;
    if (!f.includeSubtopics) return sql`scope AS (SELECT id, root FROM (${listed}))`;
    // SQLite takes the bare column `root` from the row with min(depth): the nearest listed ancestor.
    return sql`below(id, root, depth) AS (
        ${listed}
        UNION ALL
        SELECT t.id, below.root, below.depth + 1 FROM topics t JOIN below ON t.parent_id = below.id
        WHERE t.deleted_at IS NULL AND below.depth < ${MAX_DEPTH}
      ),
      scope AS (SELECT id, root, min(depth) AS depth FROM below GROUP BY id)`;
  }

  return {
    /** Unknown or deleted topics and actors are a 422 naming each (in the query). */
    checkReferences(topicIds: string[], actorIds: string[]) {
      const issues: { in: 'query'; pointer: string; message: string }[] = [];
      const flag = (bad: Set<string>, list: string[], name: string, what: string) =>
        list.forEach((id, i) => { if (bad.has(id)) issues.push({ in: 'query', pointer: `/${name}/${i}`, message: `is not a live ${what}` }); });
      flag(notLive(topics, topicIds), topicIds, 'topic_id', 'topic');
      flag(notLive(actors, actorIds), actorIds, 'actor_id', 'actor');
      if (issues.length > 0) throw unprocessable('the network refers to topics or actors that do not exist or are deleted', issues);
    },

    /**
     * Statements of live claims by live speakers on live topics in scope, in one query. A claim's topics carry its
     * speaker, dates and deletion (claim_topics, migration 0007), so a topic's statements are read from one index
     * without visiting its claims; a claim is read only for its sources, when they are asked for.
     */
    statements(f: StatementFilter): Statement[] {
      const terms = [
        raw('ct.claim_deleted_at IS NULL'),
        raw('a.deleted_at IS NULL'),
        ...(f.actorIds === undefined ? [] : [sql`ct.actor_id IN ${valueList(f.actorIds)}`]),
        // NULL said_on fails both comparisons, so undated claims drop out whenever a bound is given.
        ...(f.from === undefined ? [] : [sql`ct.said_on_hi >= ${f.from}`]),
        ...(f.to === undefined ? [] : [sql`ct.said_on_lo <= ${f.to}`]),
      ];
      const article = raw(f.withArticles ? 's.article_id' : 'NULL');
      const sources = f.withArticles ? raw('JOIN claim_sources s ON s.claim_id = ct.claim_id') : empty;
      const query = sql`
        WITH RECURSIVE ${scope(f)}
        SELECT DISTINCT ct.claim_id AS claim_id, ct.actor_id AS actor_id, a.name AS actor_name, a.kind AS actor_kind,
          scope.root AS topic_id, t.name AS topic_name, ct.stance AS stance, ct.said_on_lo AS lo, ct.said_on_hi AS hi, ${article} AS article_id
        FROM scope
        JOIN claim_topics ct ON ct.topic_id = scope.id
        JOIN actors a ON a.id = ct.actor_id
        JOIN topics t ON t.id = scope.root
        ${sources}
        WHERE ${join(terms, ' AND ')}
        ORDER BY claim_id, topic_id, stance, article_id`;
      const rows = rowsOf<{
        claim_id: string; actor_id: string; actor_name: string; actor_kind: Statement['actorKind'];
        topic_id: string; topic_name: string; stance: Statement['stance']; lo: string | null; hi: string | null; article_id: string | null;
      }>(db, query);
      return rows.map((r) => ({
        claimId: r.claim_id, actorId: r.actor_id, actorName: r.actor_name, actorKind: r.actor_kind, topicId: r.topic_id,
        topicName: r.topic_name, stance: r.stance, lo: r.lo, hi: r.hi, articleId: r.article_id,
      }));
    },
  };
}
