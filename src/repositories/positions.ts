// Positions: the only SQL for positions and their evidence.
import { and, asc, eq, gt, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/transactions.js';
import { actors, claims, positionEvidence, positions, topics } from '../db/schema.js';
import { parsePartialDate } from '../domain/partial-date.js';
import { invalid, unprocessable } from '../plugins/errors.js';
import type { PositionCreateT, PositionListQueryT, PositionPatchT, PositionT } from '../schemas/positions.js';
import type { Principal } from './keys.js';
import { createLifecycle, identity, type CreateMeta } from './lifecycle.js';
import { decodeCursor, pageOf } from './pagination.js';
import { recordRevision } from './revisions.js';

type Row = typeof positions.$inferSelect;
type Issue = { in: 'body' | 'query'; pointer: string; message: string };

function dateOrThrow(value: string, where: Issue['in'], pointer: string) {
  const d = parsePartialDate(value);
  if (!d) throw invalid([{ in: where, pointer, message: 'is not a real date' }]);
  return d;
}

function dateColumns(prefix: 'valid_from' | 'valid_to', value: string | null | undefined) {
  if (value === undefined) return {};
  const d = value === null ? null : dateOrThrow(value, 'body', `/${prefix}`);
  return { [prefix]: d?.value ?? null, [`${prefix}_precision`]: d?.precision ?? null, [`${prefix}_lo`]: d?.lo ?? null, [`${prefix}_hi`]: d?.hi ?? null };
}

export function createPositionsRepository(db: Db) {
  function embed(rows: Row[]): PositionT[] {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const actorMap = new Map(db.select({ id: actors.id, name: actors.name }).from(actors)
      .where(inArray(actors.id, [...new Set(rows.map((r) => r.actorId))])).all().map((a) => [a.id, a]));
    const topicMap = new Map(db.select({ id: topics.id, slug: topics.slug, name: topics.name }).from(topics)
      .where(inArray(topics.id, [...new Set(rows.map((r) => r.topicId))])).all().map((t) => [t.id, t]));
    const evidence = new Map<string, string[]>();
    for (const e of db.select().from(positionEvidence).where(inArray(positionEvidence.positionId, ids)).orderBy(asc(positionEvidence.position)).all()) {
      evidence.set(e.positionId, [...(evidence.get(e.positionId) ?? []), e.claimId]);
    }
    return rows.map((r) => ({
      id: r.id,
      actor_id: r.actorId,
      actor: actorMap.get(r.actorId) ?? { id: r.actorId, name: '' },
      topic_id: r.topicId,
      topic: topicMap.get(r.topicId) ?? { id: r.topicId, slug: '', name: '' },
      stance: r.stance,
      summary: r.summary,
      valid_from: r.valid_from,
      valid_from_precision: r.valid_from_precision as PositionT['valid_from_precision'],
      valid_to: r.valid_to,
      valid_to_precision: r.valid_to_precision as PositionT['valid_to_precision'],
      evidence: evidence.get(r.id) ?? [],
      created_at: r.createdAt,
      updated_at: r.updatedAt,
    }));
  }

  const load = (id: string) => {
    const row = db.select().from(positions).where(eq(positions.id, id)).get();
    return row && embed([row])[0];
  };

  /** Positions by id, deleted or not, embedded with a fixed number of queries. */
  function byIds(ids: string[]): Map<string, PositionT> {
    if (ids.length === 0) return new Map();
    const rows = db.select().from(positions).where(inArray(positions.id, ids)).all();
    return new Map(embed(rows).map((p) => [p.id, p]));
  }

  function isLive(table: typeof actors | typeof topics | typeof claims, id: string) {
    return db.select({ id: table.id }).from(table).where(and(eq(table.id, id), isNull(table.deletedAt))).get() !== undefined;
  }

  /** References must be live, the period must not end before it starts. */
  function check(p: { actor_id: string; topic_id: string; valid_from: string | null; valid_to: string | null; evidence: string[] }) {
    const issues: Issue[] = [];
    if (!isLive(actors, p.actor_id)) issues.push({ in: 'body', pointer: '/actor_id', message: 'is not a live actor' });
    if (!isLive(topics, p.topic_id)) issues.push({ in: 'body', pointer: '/topic_id', message: 'is not a live topic' });
    p.evidence.forEach((id, i) => { if (!isLive(claims, id)) issues.push({ in: 'body', pointer: `/evidence/${i}`, message: 'is not a live claim' }); });
    if (p.valid_from !== null && p.valid_to !== null
      && dateOrThrow(p.valid_from, 'body', '/valid_from').lo > dateOrThrow(p.valid_to, 'body', '/valid_to').hi) {
      issues.push({ in: 'body', pointer: '/valid_to', message: 'is before valid_from' });
    }
    if (issues.length > 0) throw unprocessable('the position does not fit the records it refers to', issues);
  }

  function writeEvidence(id: string, list: string[] | undefined) {
    if (list === undefined) return;
    db.delete(positionEvidence).where(eq(positionEvidence.positionId, id)).run();
    if (list.length > 0) db.insert(positionEvidence).values(list.map((claimId, i) => ({ positionId: id, claimId, position: i }))).run();
  }

  const lifecycle = createLifecycle<PositionT>(db, {
    type: 'position', label: 'position', table: positions, load,
    beforeRestore: (p) => check({ ...p, evidence: p.evidence }),
  });

  return {
    lifecycle,
    byIds,

    list(q: PositionListQueryT) {
      const limit = q.limit ?? 50;
      const after = decodeCursor(q.cursor, 1);
      const at = q.at === undefined ? null : dateOrThrow(q.at, 'query', '/at');
      const rows = db.select().from(positions).where(and(
        isNull(positions.deletedAt),
        q.actor_id === undefined ? undefined : eq(positions.actorId, q.actor_id),
        q.topic_id === undefined ? undefined : eq(positions.topicId, q.topic_id),
        q.stance === undefined ? undefined : eq(positions.stance, q.stance),
        at === null ? undefined : and(
          or(isNull(positions.valid_from_lo), lte(positions.valid_from_lo, at.hi)),
          or(isNull(positions.valid_to_hi), gte(positions.valid_to_hi, at.lo)),
        ),
        after === null ? undefined : gt(positions.id, String(after[0])),
      )).orderBy(asc(positions.id)).limit(limit + 1).all();
      return pageOf(embed(rows), limit, (p) => [p.id]);
    },

    create(input: PositionCreateT, by: Principal | null, meta: CreateMeta = {}): PositionT {
      return writeTransaction(db, () => {
        check({ actor_id: input.actor_id, topic_id: input.topic_id, valid_from: input.valid_from ?? null, valid_to: input.valid_to ?? null, evidence: input.evidence ?? [] });
        const { id, createdAt, updatedAt } = identity('position', meta);
        db.insert(positions).values({
          id, actorId: input.actor_id, topicId: input.topic_id, stance: input.stance, summary: input.summary ?? null,
          ...dateColumns('valid_from', input.valid_from ?? null), ...dateColumns('valid_to', input.valid_to ?? null),
          createdAt, updatedAt,
        }).run();
        writeEvidence(id, input.evidence ?? []);
        const after = load(id) as PositionT;
        recordRevision(db, { type: 'position', id, action: 'create', by, before: null, after });
        return after;
      });
    },

    update(id: string, patch: PositionPatchT, by: Principal | null, precondition: (current: PositionT) => void): PositionT {
      return writeTransaction(db, () => {
        const before = lifecycle.getLive(id);
        precondition(before);
        check({
          actor_id: patch.actor_id ?? before.actor_id, topic_id: patch.topic_id ?? before.topic_id,
          valid_from: patch.valid_from === undefined ? before.valid_from : patch.valid_from,
          valid_to: patch.valid_to === undefined ? before.valid_to : patch.valid_to,
          evidence: patch.evidence ?? [],
        });
        db.update(positions).set({
          actorId: patch.actor_id, topicId: patch.topic_id, stance: patch.stance, summary: patch.summary,
          ...dateColumns('valid_from', patch.valid_from), ...dateColumns('valid_to', patch.valid_to),
          updatedAt: new Date().toISOString(),
        }).where(eq(positions.id, id)).run();
        writeEvidence(id, patch.evidence);
        const after = load(id) as PositionT;
        recordRevision(db, { type: 'position', id, action: 'update', by, before, after });
        return after;
      });
    },
  };
}
