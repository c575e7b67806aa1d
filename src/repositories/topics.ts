// Topics: the only SQL for the topics table.
import { and, asc, eq, gt, isNull, like, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/transactions.js';
import { claims, claimTopics, positions, topics } from '../db/schema.js';
import { escapeLike } from '../domain/text.js';
import { conflict, unprocessable } from '../plugins/errors.js';
import type { TopicCreateT, TopicListQueryT, TopicPatchT, TopicT } from '../schemas/topics.js';
import type { Principal } from './keys.js';
import { createLifecycle, identity, type CreateMeta } from './lifecycle.js';
import { decodeCursor, pageOf } from './pagination.js';
import { recordRevision } from './revisions.js';

type Row = typeof topics.$inferSelect;

const toApi = (r: Row): TopicT => ({
  id: r.id, slug: r.slug, name: r.name, description: r.description, parent_id: r.parentId,
  created_at: r.createdAt, updated_at: r.updatedAt,
});


export function createTopicsRepository(db: Db) {
  /** The statements of loads, look-ups and creates, prepared once. */
  let statements: ReturnType<typeof prepareStatements> | undefined;
  function prepareStatements() {
    const sqlite = db.$client;
    // The columns of a topic as the API shows it, in the schema's order: a row is the topic as it is.
    const columns = 'id, slug, name, description, parent_id, created_at, updated_at';
    return {
      load: sqlite.prepare<[string], TopicT>(`SELECT ${columns} FROM topics WHERE id = ?`),
      bySlug: sqlite.prepare<[string], TopicT>(`SELECT ${columns} FROM topics WHERE slug = ? AND deleted_at IS NULL LIMIT 1`),
      slugOwner: sqlite.prepare<[string], { id: string }>('SELECT id FROM topics WHERE slug = ? LIMIT 1'),
      insert: sqlite.prepare<[string, string, string, string | null, string | null, string, string]>(
        'INSERT INTO topics (id, slug, name, description, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    };
  }
  const prepared = () => (statements ??= prepareStatements());

  const load = (id: string): TopicT | undefined => prepared().load.get(id);

  const lifecycle = createLifecycle<TopicT>(db, {
    type: 'topic',
    label: 'topic',
    table: topics,
    load,
    beforeDelete(id) {
      const used = db.get<{ claims: number; children: number; positions: number }>(sql`
        SELECT (SELECT count(*) FROM ${claimTopics} ct JOIN ${claims} c ON c.id = ct.claim_id
                 WHERE ct.topic_id = ${id} AND c.deleted_at IS NULL) AS claims,
               (SELECT count(*) FROM ${topics} WHERE parent_id = ${id} AND deleted_at IS NULL) AS children,
               (SELECT count(*) FROM ${positions} WHERE topic_id = ${id} AND deleted_at IS NULL) AS positions`);
      if (used && used.claims + used.children + used.positions > 0) {
        throw conflict(`topic ${id} is still used by ${used.claims} claim(s), ${used.children} sub-topic(s) and ${used.positions} position(s)`, { usage: used });
      }
    },
    beforeRestore(topic) {
      if (topic.parent_id !== null) checkParent(topic.id, topic.parent_id);
    },
  });

  /** A parent must be a live topic and must not make the hierarchy circular. */
  function checkParent(id: string | null, parentId: string) {
    if (lifecycle.state(parentId) !== 'live') {
      throw unprocessable(`parent topic ${parentId} does not exist or is deleted`, [{ in: 'body', pointer: '/parent_id', message: 'is not a live topic' }]);
    }
    if (id === null) return;
    const cycle = db.get<{ n: number }>(sql`
      WITH RECURSIVE up(id) AS (SELECT ${parentId} UNION SELECT t.parent_id FROM ${topics} t JOIN up ON t.id = up.id WHERE t.parent_id IS NOT NULL)
      SELECT count(*) AS n FROM up WHERE id = ${id}`);
    if (cycle && cycle.n > 0) {
      throw unprocessable(`topic ${parentId} is below ${id}: the hierarchy would become circular`, [{ in: 'body', pointer: '/parent_id', message: 'would make a cycle' }]);
    }
  }

  function checkSlugFree(slug: string, id: string | null) {
    const other = prepared().slugOwner.get(slug);
    if (other && other.id !== id) throw conflict(`the slug "${slug}" is taken by topic ${other.id}`, { existing_id: other.id });
  }

  return {
    lifecycle,

    list(q: TopicListQueryT) {
      const limit = q.limit ?? 50;
      const after = decodeCursor(q.cursor, 1);
      const pattern = q.q === undefined ? undefined : `%${escapeLike(q.q)}%`;
      const rows = db.select().from(topics)
        .where(and(
          isNull(topics.deletedAt),
          q.parent_id === undefined ? undefined : eq(topics.parentId, q.parent_id),
          pattern === undefined ? undefined : or(sql`${topics.name} LIKE ${pattern} ESCAPE '\\'`, like(topics.slug, pattern)),
          after === null ? undefined : gt(topics.id, String(after[0])),
        ))
        .orderBy(asc(topics.id)).limit(limit + 1).all();
      return pageOf(rows.map(toApi), limit, (t) => [t.id]);
    },

    /** The live topic with this slug. */
    bySlug(slug: string): TopicT | undefined {
      return prepared().bySlug.get(slug);
    },

    create(input: TopicCreateT, by: Principal | null, meta: CreateMeta = {}): TopicT {
      return writeTransaction(db, () => {
        checkSlugFree(input.slug, null);
        if (input.parent_id) checkParent(null, input.parent_id);
        const { id, createdAt, updatedAt } = identity('topic', meta);
        prepared().insert.run(id, input.slug, input.name, input.description ?? null, input.parent_id ?? null, createdAt, updatedAt);
        const after = load(id) as TopicT;
        recordRevision(db, { type: 'topic', id, action: 'create', by, before: null, after });
        return after;
      });
    },

    update(id: string, patch: TopicPatchT, by: Principal | null, precondition: (current: TopicT) => void): TopicT {
      return writeTransaction(db, () => {
        const before = lifecycle.getLive(id);
        precondition(before);
        if (patch.slug !== undefined) checkSlugFree(patch.slug, id);
        if (patch.parent_id) {
          if (patch.parent_id === id) throw unprocessable('a topic cannot be its own parent', [{ in: 'body', pointer: '/parent_id', message: 'is this topic' }]);
          checkParent(id, patch.parent_id);
        }
        db.update(topics).set({
          slug: patch.slug, name: patch.name, description: patch.description,
          parentId: patch.parent_id, updatedAt: new Date().toISOString(),
        }).where(eq(topics.id, id)).run();
        const after = load(id) as TopicT;
        recordRevision(db, { type: 'topic', id, action: 'update', by, before, after });
        return after;
      });
    },
  };
}
