// The demo data set: the seed article, coded by hand (src/demo/demo-data.json), loaded through the repositories.
import { readFileSync } from 'node:fs';
import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/transactions.js';
import { projectPath } from '../paths.js';
import { createActorsRepository } from '../repositories/actors.js';
import { createArticlesRepository } from '../repositories/articles.js';
import { createClaimsRepository } from '../repositories/claims.js';
import { createPositionsRepository } from '../repositories/positions.js';
import { createTopicsRepository } from '../repositories/topics.js';
import type { ActorCreateT } from '../schemas/actors.js';
import type { ArticleCreateT } from '../schemas/articles.js';
import type { ClaimCreateT } from '../schemas/claims.js';
import type { PositionCreateT } from '../schemas/positions.js';

type Stance = PositionCreateT['stance'];

/** The shape of demo-data.json: records cross-referenced by local keys instead of ids. */
interface DemoData {
  article: Omit<ArticleCreateT, 'body'>;
  actors: (Omit<ActorCreateT, 'roles'> & { key: string; roles: { title: string; organization: string | null; start: string | null; end: string | null }[] })[];
  topics: { slug: string; name: string; description: string | null; parent: string | null }[];
  claims: (Omit<ClaimCreateT, 'actor_id' | 'addressee_ids' | 'object_ids' | 'topics' | 'sources'> & {
    key: string;
    speaker: string;
    addressees: string[];
    objects: string[];
    topics: { topic: string; stance: Stance }[];
    sources: { quote: string; cue: string | null; verbatim: boolean; start?: number }[];
  })[];
  positions: (Omit<PositionCreateT, 'actor_id' | 'topic_id' | 'evidence'> & { actor: string; topic: string; evidence: string[] })[];
}

export function readDemoData(): { data: DemoData; body: string } {
  return {
    data: JSON.parse(readFileSync(projectPath('src', 'demo', 'demo-data.json'), 'utf8')) as DemoData,
    body: readFileSync(projectPath('src', 'demo', 'seed-article.txt'), 'utf8'),
  };
}

function need(map: Map<string, string>, key: string, what: string): string {
  const id = map.get(key);
  if (id === undefined) throw new Error(`demo data: unknown ${what} "${key}"`);
  return id;
}

/** Loads the demo data in one transaction; does nothing when its article is already there. */
export function loadDemo(db: Db): { loaded: boolean; counts: Record<string, number> } {
  const { data, body } = readDemoData();
  const articlesRepo = createArticlesRepository(db);
  const actorsRepo = createActorsRepository(db);
  const topicsRepo = createTopicsRepository(db);
  const claimsRepo = createClaimsRepository(db);
  const positionsRepo = createPositionsRepository(db);
  const counts = { articles: 1, actors: data.actors.length, topics: data.topics.length, claims: data.claims.length, positions: data.positions.length };

  const already = articlesRepo.list({ q: data.article.title, limit: 1 }).data.length > 0;
  if (already) return { loaded: false, counts };

  writeTransaction(db, () => {
    const article = articlesRepo.create({ ...data.article, body }, null);

    // Actors in dependency order: an actor is created once the organisations of its roles exist.
    const actorIds = new Map<string, string>();
    let pending = [...data.actors];
    while (pending.length > 0) {
      const ready = pending.filter((a) => a.roles.every((r) => r.organization === null || actorIds.has(r.organization)));
      if (ready.length === 0) throw new Error(`demo data: circular or unknown role organisations among ${pending.map((a) => a.key).join(', ')}`);
      for (const { key, roles, ...actor } of ready) {
        const created = actorsRepo.create({
          ...actor,
          roles: roles.map((r) => ({ title: r.title, organization_id: r.organization === null ? null : need(actorIds, r.organization, 'actor'), start: r.start, end: r.end })),
        }, null);
        actorIds.set(key, created.id);
      }
      pending = pending.filter((a) => !actorIds.has(a.key));
    }

    const topicIds = new Map<string, string>();
    let topicsLeft = [...data.topics];
    while (topicsLeft.length > 0) {
      const ready = topicsLeft.filter((t) => t.parent === null || topicIds.has(t.parent));
      if (ready.length === 0) throw new Error('demo data: circular or unknown topic parents');
      for (const t of ready) {
        const created = topicsRepo.create({ slug: t.slug, name: t.name, description: t.description, parent_id: t.parent === null ? null : need(topicIds, t.parent, 'topic') }, null);
        topicIds.set(t.slug, created.id);
      }
      topicsLeft = topicsLeft.filter((t) => !topicIds.has(t.slug));
    }

    const claimIds = new Map<string, string>();
    for (const { key, speaker, addressees, objects, topics, sources, ...claim } of data.claims) {
      const created = claimsRepo.create({
        ...claim,
        actor_id: need(actorIds, speaker, 'actor'),
        addressee_ids: addressees.map((k) => need(actorIds, k, 'actor')),
        object_ids: objects.map((k) => need(actorIds, k, 'actor')),
        topics: topics.map((t) => ({ topic_id: need(topicIds, t.topic, 'topic'), stance: t.stance })),
        sources: sources.map((s) => ({ article_id: article.id, quote: s.quote, cue: s.cue, verbatim: s.verbatim, ...(s.start === undefined ? {} : { start: s.start }) })),
      }, null);
      claimIds.set(key, created.id);
    }

    for (const { actor, topic, evidence, ...position } of data.positions) {
      positionsRepo.create({
        ...position,
        actor_id: need(actorIds, actor, 'actor'),
        topic_id: need(topicIds, topic, 'topic'),
        evidence: evidence.map((k) => need(claimIds, k, 'claim')),
      }, null);
    }
  });
  return { loaded: true, counts };
}
