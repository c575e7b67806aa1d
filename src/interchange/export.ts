// The full dump: every live record as NDJSON interchange records, in an order the importer accepts
// (a record after everything it refers to), read page by page so memory stays flat.
import { sql } from 'drizzle-orm';
import { openSnapshot, type Db } from '../db/client.js';
import { actorRoles, actors, claims } from '../db/schema.js';
import { createActorsRepository } from '../repositories/actors.js';
import { createArticlesRepository } from '../repositories/articles.js';
import { createClaimsRepository } from '../repositories/claims.js';
import { createPositionsRepository } from '../repositories/positions.js';
import { createTopicsRepository } from '../repositories/topics.js';
import type { ActorT } from '../schemas/actors.js';
import type { ArticleT } from '../schemas/articles.js';
import type { ClaimT } from '../schemas/claims.js';
import type { PositionT } from '../schemas/positions.js';
import type { TopicT } from '../schemas/topics.js';

const PAGE = 500;

export type ExportRecord = { type: 'topic' | 'actor' | 'article' | 'claim' | 'position' } & Record<string, unknown>;

const topicRecord = (t: TopicT): ExportRecord => ({
  type: 'topic', id: t.id, slug: t.slug, name: t.name, description: t.description, parent: t.parent_id,
  created_at: t.created_at, updated_at: t.updated_at,
});

const actorRecord = (a: ActorT): ExportRecord => ({
  type: 'actor', id: a.id, name: a.name, kind: a.kind, aliases: a.aliases, description: a.description,
  wikidata_id: a.wikidata_id, country: a.country,
  roles: a.roles.map((r) => ({ title: r.title, organization: r.organization_id, start: r.start, end: r.end })),
  created_at: a.created_at, updated_at: a.updated_at,
});

const articleRecord = (a: ArticleT): ExportRecord => ({
  type: 'article', id: a.id, url: a.url, title: a.title, outlet: a.outlet, outlet_domain: a.outlet_domain, authors: a.authors,
  published_at: a.published_at, language: a.language, body: a.body, created_at: a.created_at, updated_at: a.updated_at,
});

const claimRecord = (c: ClaimT): ExportRecord => ({
  type: 'claim', id: c.id, speaker: c.actor_id, text: c.text, kind: c.kind, said_on: c.said_on, said_on_text: c.said_on_text,
  speaker_role: c.speaker_role, context: c.context, language: c.language, addressees: c.addressee_ids, objects: c.object_ids,
  topics: c.topics.map((t) => ({ topic: t.topic_id, stance: t.stance })), status: c.status, origin: c.origin, confidence: c.confidence,
  sources: c.sources.map((s) => ({ article: s.article_id, quote: s.quote, start: s.start, end: s.end, cue: s.cue, verbatim: s.verbatim })),
  fact_checks: c.fact_checks,
  created_at: c.created_at, updated_at: c.updated_at,
});

const positionRecord = (p: PositionT): ExportRecord => ({
  type: 'position', id: p.id, actor: p.actor_id, topic: p.topic_id, stance: p.stance, summary: p.summary,
  valid_from: p.valid_from, valid_to: p.valid_to, evidence: p.evidence, created_at: p.created_at, updated_at: p.updated_at,
});

/** Walks a keyset-paginated list to its end. */
function* pages<T>(fetch: (cursor: string | undefined) => { data: T[]; next_cursor: string | null }): Generator<T> {
  let cursor: string | undefined;
  do {
    const page = fetch(cursor);
    yield* page.data;
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
}

/** Ids in an order where each comes after those it depends on (ties by id); cycles are broken by id. */
function dependencyOrder(ids: string[], dependsOn: Map<string, string[]>): string[] {
  const done = new Set<string>();
  const order: string[] = [];
  const visit = (id: string, path: Set<string>) => {
    if (done.has(id) || path.has(id)) return;
    path.add(id);
    for (const dep of dependsOn.get(id) ?? []) visit(dep, path);
    path.delete(id);
    done.add(id);
    order.push(id);
  };
  for (const id of [...ids].sort()) visit(id, new Set());
  return order;
}

/** Every live record, topics, actors, articles, claims, positions, each after what it refers to. */
export function* exportRecords(db: Db): Generator<ExportRecord> {
  const topicsRepo = createTopicsRepository(db);
  const allTopics = [...pages((cursor) => topicsRepo.list({ limit: PAGE, cursor }))];
  const topicParents = new Map(allTopics.map((t) => [t.id, t.parent_id === null ? [] : [t.parent_id]]));
  const topicById = new Map(allTopics.map((t) => [t.id, t]));
  for (const id of dependencyOrder([...topicById.keys()], topicParents)) yield topicRecord(topicById.get(id) as TopicT);

  // Actors: only ids and role organisations are held, to order them; each is loaded as it is written.
  const actorsRepo = createActorsRepository(db);
  const liveActors = db.all<{ id: string }>(sql`SELECT ${actors.id} AS id FROM ${actors} WHERE ${actors.deletedAt} IS NULL`).map((r) => r.id);
  const organizations = new Map<string, string[]>();
  for (const r of db.all<{ actor: string; organization: string }>(sql`SELECT ${actorRoles.actorId} AS actor, ${actorRoles.organizationId} AS organization
      FROM ${actorRoles} WHERE ${actorRoles.organizationId} IS NOT NULL`)) {
    organizations.set(r.actor, [...(organizations.get(r.actor) ?? []), r.organization]);
  }
  for (const id of dependencyOrder(liveActors, organizations)) yield actorRecord(actorsRepo.lifecycle.getLive(id));

  const articlesRepo = createArticlesRepository(db);
  for (const a of pages((cursor) => articlesRepo.list({ limit: PAGE, cursor }))) yield articleRecord(a);

  const claimsRepo = createClaimsRepository(db);
  let after = '';
  for (;;) {
    const ids = db.all<{ id: string }>(sql`SELECT ${claims.id} AS id FROM ${claims} WHERE ${claims.deletedAt} IS NULL AND ${claims.id} > ${after}
      ORDER BY ${claims.id} LIMIT ${PAGE}`).map((r) => r.id);
    if (ids.length === 0) break;
    for (const c of claimsRepo.byIds(ids)) yield claimRecord(c);
    after = ids[ids.length - 1] as string;
  }

  const positionsRepo = createPositionsRepository(db);
  for (const p of pages((cursor) => positionsRepo.list({ limit: PAGE, cursor }))) yield positionRecord(p);
}

/** The dump as NDJSON lines, read from one snapshot of the database (consistent while others write). */
export function* exportLines(db: Db): Generator<string> {
  const snapshot = openSnapshot(db);
  try {
    for (const record of exportRecords(snapshot.db)) yield `${JSON.stringify(record)}\n`;
  } finally {
    snapshot.close();
  }
}
