// References of interchange records resolved to live ids: by id, or by natural key (a name or
// alias, a Wikidata id, a slug, a URL, a speaker and text), through bounded caches.
import type { Db } from '../db/client.js';
import { idPattern } from '../domain/ids.js';
import { fold } from '../domain/text.js';
import { normaliseUrl } from '../domain/url.js';
import { createActorsRepository } from '../repositories/actors.js';
import { createArticlesRepository } from '../repositories/articles.js';
import { claimTextKey, createClaimsRepository } from '../repositories/claims.js';
import { createTopicsRepository } from '../repositories/topics.js';
import type { ProblemBody } from '../schemas/common.js';
import type { RecordType } from '../schemas/import.js';
import type { ActorRefFormT, ArticleRefFormT, ClaimRefFormT, TopicRefFormT } from './records.js';

type Issue = NonNullable<ProblemBody['errors']>[number];

/** Entries per cache of resolved references. */
const CACHE_SIZE = 10_000;

const ACTOR_ID = new RegExp(idPattern('actor'));
const TOPIC_ID = new RegExp(idPattern('topic'));
const ARTICLE_ID = new RegExp(idPattern('article'));

/** A bounded LRU map whose entries added during a line are kept only if the line succeeds. */
export class Cache<V> {
  private readonly main = new Map<string, V>();
  private readonly staged = new Map<string, V>();

  get(key: string): V | undefined {
    const staged = this.staged.get(key);
    if (staged !== undefined) return staged;
    const value = this.main.get(key);
    if (value !== undefined) {
      this.main.delete(key);
      this.main.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.staged.set(key, value);
  }

  commit(): void {
    for (const [key, value] of this.staged) {
      this.main.delete(key);
      this.main.set(key, value);
      if (this.main.size > CACHE_SIZE) this.main.delete(this.main.keys().next().value as string);
    }
    this.staged.clear();
  }

  discard(): void {
    this.staged.clear();
  }

  clear(): void {
    this.main.clear();
    this.staged.clear();
  }
}

/** A pure function of a string with its last results kept (at most CACHE_SIZE of them). */
function remembered<T>(compute: (text: string) => T): (text: string) => T {
  const results = new Map<string, T>();
  return (text) => {
    if (results.has(text)) return results.get(text) as T;
    if (results.size >= CACHE_SIZE) results.clear();
    const result = compute(text);
    results.set(text, result);
    return result;
  };
}

/**
 * Resolvers over one connection. Each returns a live id, or records an issue at `pointer` and
 * returns undefined. Lookups made while a line is processed are kept only when the line succeeds
 * (commit), since a failed line's writes are rolled back (discard).
 */
export function createResolver(db: Db) {
  const actorsRepo = createActorsRepository(db);
  const topicsRepo = createTopicsRepository(db);
  const articlesRepo = createArticlesRepository(db);
  const claimsRepo = createClaimsRepository(db);
  const cache = { actorKeys: new Cache<string>(), actorNames: new Cache<string>(), topics: new Cache<string>(), articles: new Cache<string>(), claims: new Cache<string>() };
  const caches = Object.values(cache);

  /**
   * normaliseUrl and fold, remembered: records name the same articles and speakers over and over, and parsing a URL
   * or folding a name costs more than a look-up.
   */
  const normalised = remembered(normaliseUrl);
  const folded = remembered(fold);

  /** After a write of `type`, drop the cached lookups it may have made stale. */
  function invalidate(type: RecordType, action: 'create' | 'update') {
    if (type === 'actor') {
      // A new actor can make a name ambiguous; an update can change names, aliases and QIDs.
      cache.actorNames.clear();
      if (action === 'update') cache.actorKeys.clear();
    } else if (action === 'update') {
      if (type === 'topic') cache.topics.clear();
      if (type === 'article') cache.articles.clear();
      if (type === 'claim') cache.claims.clear();
    }
  }

  /** The live actor an id stands for, following merges to the actor that absorbed it. */
  function liveActor(id: string): string | undefined {
    let current = id;
    for (let hop = 0; hop < 20; hop++) {
      const row = actorsRepo.stateOf(current);
      if (row === undefined) return undefined;
      if (row.merged_into !== null) current = row.merged_into;
      else return row.deleted_at === null ? current : undefined;
    }
    return undefined;
  }

  /**
   * A plain name matches names and aliases alike, and two matches are an error. {name, kind}
   * narrows by kind and prefers actors so named over actors so aliased.
   */
  function actorByName(text: string, kind: string | undefined, pointer: string, issues: Issue[]): string | undefined {
    const name = folded(text);
    const key = `${kind ?? '*'}|${name}`;
    const cached = cache.actorNames.get(key);
    if (cached !== undefined) return cached;
    let found = actorsRepo.namedOrAliased(name).filter((a) => kind === undefined || a.kind === kind);
    if (found.length > 1 && kind !== undefined) {
      const byName = found.filter((a) => fold(a.name) === name);
      if (byName.length > 0) found = byName;
    }
    if (found.length !== 1) {
      const what = kind === undefined ? 'actor' : `${kind} actor`;
      issues.push({
        in: 'body', pointer,
        message: found.length === 0 ? `no live ${what} is named or aliased "${text}"`
          : `"${text}" is ambiguous: it names ${found.length} ${what}s (${found.map((a) => a.id).join(', ')}); refer to one by id or wikidata_id`,
      });
      return undefined;
    }
    const id = (found[0] as (typeof found)[number]).id;
    cache.actorNames.set(key, id);
    return id;
  }

  function resolveActor(ref: ActorRefFormT, pointer: string, issues: Issue[]): string | undefined {
    if (typeof ref === 'string' && !ACTOR_ID.test(ref)) return actorByName(ref, undefined, pointer, issues);
    if (typeof ref === 'object' && 'name' in ref) return actorByName(ref.name, ref.kind, pointer, issues);
    const key = typeof ref === 'string' ? `id:${ref}` : 'id' in ref ? `id:${ref.id}` : `wd:${ref.wikidata_id}`;
    let id = cache.actorKeys.get(key);
    if (id === undefined) {
      id = typeof ref === 'string' ? liveActor(ref)
        : 'id' in ref ? liveActor(ref.id) : actorsRepo.idByWikidataId(ref.wikidata_id);
    }
    if (id === undefined) issues.push({ in: 'body', pointer, message: `no live actor ${key.startsWith('wd:') ? `with wikidata_id ${key.slice(3)}` : key.slice(3)}` });
    else cache.actorKeys.set(key, id);
    return id;
  }

  function resolveTopic(ref: TopicRefFormT, pointer: string, issues: Issue[]): string | undefined {
    const [kind, value] = typeof ref === 'string' ? [TOPIC_ID.test(ref) ? 'id' : 'slug', ref] as const
      : 'id' in ref ? ['id', ref.id] as const : ['slug', ref.slug] as const;
    const key = `${kind}:${value}`;
    const id = cache.topics.get(key)
      ?? (kind === 'id' ? (topicsRepo.lifecycle.state(value) === 'live' ? value : undefined) : topicsRepo.bySlug(value)?.id);
    if (id === undefined) issues.push({ in: 'body', pointer, message: kind === 'id' ? `no live topic ${value}` : `no live topic with slug "${value}"` });
    else cache.topics.set(key, id);
    return id;
  }

  function resolveArticle(ref: ArticleRefFormT, pointer: string, issues: Issue[]): string | undefined {
    const [kind, raw] = typeof ref === 'string' ? [ARTICLE_ID.test(ref) ? 'id' : 'url', ref] as const
      : 'id' in ref ? ['id', ref.id] as const : ['url', ref.url] as const;
    const value = kind === 'url' ? normalised(raw) : raw;
    if (value === null) {
      issues.push({ in: 'body', pointer, message: 'must be an absolute http or https URL' });
      return undefined;
    }
    const key = `${kind}:${value}`;
    const id = cache.articles.get(key)
      ?? (kind === 'id' ? (articlesRepo.lifecycle.state(value) === 'live' ? value : undefined) : articlesRepo.idByUrl(value));
    if (id === undefined) issues.push({ in: 'body', pointer, message: kind === 'id' ? `no live article ${value}` : `no live article at ${value}` });
    else cache.articles.set(key, id);
    return id;
  }

  function resolveClaim(ref: ClaimRefFormT, pointer: string, issues: Issue[]): string | undefined {
    if (typeof ref === 'string') {
      const id = cache.claims.get(`id:${ref}`) ?? (claimsRepo.lifecycle.state(ref) === 'live' ? ref : undefined);
      if (id === undefined) issues.push({ in: 'body', pointer, message: `no live claim ${ref}` });
      else cache.claims.set(`id:${ref}`, id);
      return id;
    }
    const speaker = resolveActor(ref.speaker, `${pointer}/speaker`, issues);
    if (speaker === undefined) return undefined;
    const text = claimTextKey(ref.text);
    const key = `${speaker}|${text}`;
    const id = cache.claims.get(key) ?? claimsRepo.idBySpeakerAndTextKey(speaker, text);
    if (id === undefined) issues.push({ in: 'body', pointer, message: 'no live claim by this speaker has this text' });
    else cache.claims.set(key, id);
    return id;
  }


  return {
    liveActor, resolveActor, resolveTopic, resolveArticle, resolveClaim, invalidate,
    commit: () => { for (const c of caches) c.commit(); },
    discard: () => { for (const c of caches) c.discard(); },
  };
}

export type Resolver = ReturnType<typeof createResolver>;
