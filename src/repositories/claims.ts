// Claims: the only SQL for claims and their sources, topics, addressees and objects.
// Reads embed speakers, articles and roles with a fixed number of queries per page.
import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  actors, articles, claimAddressees, claimObjects, claims, claimSources, claimTopics, positionEvidence, positions, topics,
} from '../db/schema.js';
import { parsePartialDate, type PartialDate } from '../domain/partial-date.js';
import { codePointLength, locateQuote } from '../domain/quotes.js';
import { canonicalLanguage, textKey } from '../domain/text.js';
import { conflict, gone, HttpProblem, invalid, Moved, notFound, problemType, unprocessable } from '../plugins/errors.js';
import { mergedActorTarget } from './merges.js';
import type { ClaimCreateT, ClaimPatchT, ClaimT } from '../schemas/claims.js';
import type { Principal } from './keys.js';
import { createLifecycle, identity, type CreateMeta } from './lifecycle.js';
import { listClaimIds, type ClaimQuery } from './claim-query.js';
import type { Page } from './pagination.js';
import { factChecksByClaim } from './fact-checks.js';
import { recordRevision } from './revisions.js';

type Issue = { in: 'body'; pointer: string; message: string };
type ClaimRow = typeof claims.$inferSelect;
type ActorKindT = (typeof actors.$inferSelect)['kind'];
type SourceRow = typeof claimSources.$inferInsert;
/** A source row of the embedding query, with its article. */
interface EmbeddedSource {
  claim_id: string; quote: string; start: number | null; end: number | null; cue: string | null; verbatim: number;
  article_id: string; url: string | null; title: string; outlet: string | null; published_at: string | null;
}

const badDate = (pointer: string) => invalid([{ in: 'body', pointer, message: 'is not a real date' }]);

function partialDateColumns(value: string | null | undefined, pointer: string) {
  if (value === undefined) return {};
  if (value === null) return { said_on: null, said_on_precision: null, said_on_lo: null, said_on_hi: null };
  const d: PartialDate | null = parsePartialDate(value);
  if (!d) throw badDate(pointer);
  return { said_on: d.value, said_on_precision: d.precision, said_on_lo: d.lo, said_on_hi: d.hi };
}

/** Roles overlap a said date when their interval meets its interval; the latest-starting such role wins. */
function roleOn<R extends { start_lo: string | null; end_hi: string | null }>(roles: R[], lo: string | null, hi: string | null): R | undefined {
  if (lo === null || hi === null) return undefined;
  const held = roles.filter((r) => (r.start_lo === null || r.start_lo <= hi) && (r.end_hi === null || r.end_hi >= lo));
  return held.sort((a, b) => (b.start_lo ?? '').localeCompare(a.start_lo ?? ''))[0];
}

/** Recomputes first_published_on (the earliest publication of a claim's sources) for the claims `where` selects. */
export function refreshFirstPublished(db: Db, where: SQL): void {
  db.run(sql`UPDATE ${claims} SET first_published_on = (SELECT min(a.published_on) FROM ${claimSources} s
    JOIN ${articles} a ON a.id = s.article_id WHERE s.claim_id = ${claims.id}) WHERE ${where}`);
}

export function createClaimsRepository(db: Db) {
  /**
   * The embedding reads, prepared once with the ids as one JSON array (json_each), so that a page costs seven
   * executions and no query building: at a million claims building and preparing cost more than running.
   */
  let embedding: ReturnType<typeof prepareEmbedding> | undefined;
  function prepareEmbedding() {
    const sqlite = db.$client;
    const among = (column: string) => `${column} IN (SELECT value FROM json_each(?))`;
    return {
      sources: sqlite.prepare<[string], EmbeddedSource>(`SELECT s.claim_id, s.quote, s.start, s."end", s.cue, s.verbatim,
        a.id AS article_id, a.url, a.title, a.outlet, a.published_at
        FROM claim_sources s JOIN articles a ON a.id = s.article_id WHERE ${among('s.claim_id')} ORDER BY s.position`),
      topics: sqlite.prepare<[string], { claim_id: string; stance: ClaimT['topics'][number]['stance']; id: string; slug: string; name: string }>(
        `SELECT ct.claim_id, ct.stance, t.id, t.slug, t.name FROM claim_topics ct JOIN topics t ON t.id = ct.topic_id
        WHERE ${among('ct.claim_id')} ORDER BY ct.position`),
      addressees: sqlite.prepare<[string], { claim_id: string; actor_id: string }>(
        `SELECT claim_id, actor_id FROM claim_addressees WHERE ${among('claim_id')} ORDER BY position`),
      objects: sqlite.prepare<[string], { claim_id: string; actor_id: string }>(
        `SELECT claim_id, actor_id FROM claim_objects WHERE ${among('claim_id')} ORDER BY position`),
      speakers: sqlite.prepare<[string], { id: string; name: string }>(`SELECT id, name FROM actors WHERE ${among('id')}`),
      roles: sqlite.prepare<[string], { actor_id: string; title: string; start: string | null; start_lo: string | null; end: string | null;
        end_hi: string | null; org_id: string | null; org_name: string | null }>(
        `SELECT r.actor_id, r.title, r.start, r.start_lo, r."end", r.end_hi, o.id AS org_id, o.name AS org_name
        FROM actor_roles r LEFT JOIN actors o ON o.id = r.organization_id WHERE ${among('r.actor_id')} ORDER BY r.position`),
    };
  }

  /** Claims in the API shape, in the order of `rows`, embedded with seven queries whatever the count. */
  function embed(rows: ClaimRow[]): ClaimT[] {
    if (rows.length === 0) return [];
    embedding ??= prepareEmbedding();
    const ids = rows.map((r) => r.id);
    const idList = JSON.stringify(ids);
    const group = <T extends { claim_id: string }>(list: T[]) => {
      const map = new Map<string, T[]>();
      for (const item of list) {
        const items = map.get(item.claim_id);
        if (items === undefined) map.set(item.claim_id, [item]);
        else items.push(item);
      }
      return map;
    };
    const sources = group(embedding.sources.all(idList));
    const topicRows = group(embedding.topics.all(idList));
    const addressees = group(embedding.addressees.all(idList));
    const objects = group(embedding.objects.all(idList));
    const speakerIds = JSON.stringify([...new Set(rows.map((r) => r.actorId))]);
    const speakers = new Map(embedding.speakers.all(speakerIds).map((a) => [a.id, a]));
    const roles = embedding.roles.all(speakerIds).map((r) => ({
      actorId: r.actor_id, title: r.title, start: r.start, start_lo: r.start_lo, end: r.end, end_hi: r.end_hi,
      organization: r.org_id === null ? null : { id: r.org_id, name: r.org_name as string },
    }));
    const checks = factChecksByClaim(db, ids);

    return rows.map((r) => {
      const role = roleOn(roles.filter((x) => x.actorId === r.actorId), r.said_on_lo, r.said_on_hi);
      return {
        id: r.id,
        actor_id: r.actorId,
        speaker: speakers.get(r.actorId) ?? { id: r.actorId, name: '' },
        text: r.text,
        kind: r.kind,
        said_on: r.said_on,
        said_on_precision: r.said_on_precision as ClaimT['said_on_precision'],
        said_on_text: r.saidOnText,
        speaker_role: r.speakerRole,
        speaking_as: role ? { title: role.title, organization: role.organization, start: role.start, end: role.end } : null,
        context: r.context,
        language: r.language,
        addressee_ids: (addressees.get(r.id) ?? []).map((a) => a.actor_id),
        object_ids: (objects.get(r.id) ?? []).map((a) => a.actor_id),
        topics: (topicRows.get(r.id) ?? []).map((t) => ({ topic_id: t.id, topic: { id: t.id, slug: t.slug, name: t.name }, stance: t.stance })),
        status: r.status,
        origin: r.origin,
        confidence: r.confidence,
        sources: (sources.get(r.id) ?? []).map((s) => ({
          article_id: s.article_id,
          article: { id: s.article_id, url: s.url, title: s.title, outlet: s.outlet, published_at: s.published_at },
          quote: s.quote, start: s.start, end: s.end, cue: s.cue, verbatim: s.verbatim === 1,
        })),
        fact_checks: checks.get(r.id) ?? [],
        created_at: r.createdAt,
        updated_at: r.updatedAt,
      };
    });
  }

  /** Live claims by id, embedded, in the order of `ids` (unknown or deleted ids are skipped). */
  function byIds(ids: string[]): ClaimT[] {
    if (ids.length === 0) return [];
    const rows = db.select().from(claims).where(and(inArray(claims.id, ids), isNull(claims.deletedAt))).all();
    const order = new Map(ids.map((id, i) => [id, i]));
    return embed(rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0)));
  }

  const load = (id: string): ClaimT | undefined => {
    const row = db.select().from(claims).where(eq(claims.id, id)).get();
    return row && embed([row])[0];
  };

  /** Ids among `ids` that are not live rows of `table`. */
  function notLive(table: typeof actors | typeof topics | typeof articles, ids: string[]): Set<string> {
    if (ids.length === 0) return new Set();
    const live = new Set(db.select({ id: table.id }).from(table).where(and(inArray(table.id, ids), isNull(table.deletedAt))).all().map((r) => r.id));
    return new Set(ids.filter((id) => !live.has(id)));
  }

  /** Every reference of a claim must name a live record; all bad ones are reported at once. */
  function checkReferences(c: Partial<ClaimCreateT>) {
    const issues: Issue[] = [];
    const flag = (bad: Set<string>, list: string[], pointer: (i: number) => string, what: string) =>
      list.forEach((id, i) => { if (bad.has(id)) issues.push({ in: 'body', pointer: pointer(i), message: `is not a live ${what}` }); });
    if (c.actor_id !== undefined) flag(notLive(actors, [c.actor_id]), [c.actor_id], () => '/actor_id', 'actor');
    const people = [...(c.addressee_ids ?? []), ...(c.object_ids ?? [])];
    const badPeople = notLive(actors, people);
    flag(badPeople, c.addressee_ids ?? [], (i) => `/addressee_ids/${i}`, 'actor');
    flag(badPeople, c.object_ids ?? [], (i) => `/object_ids/${i}`, 'actor');
    const topicIds = (c.topics ?? []).map((t) => t.topic_id);
    flag(notLive(topics, topicIds), topicIds, (i) => `/topics/${i}/topic_id`, 'topic');
    topicIds.forEach((id, i) => { if (topicIds.indexOf(id) !== i) issues.push({ in: 'body', pointer: `/topics/${i}/topic_id`, message: 'is listed twice' }); });
    const articleIds = (c.sources ?? []).map((s) => s.article_id);
    flag(notLive(articles, articleIds), articleIds, (i) => `/sources/${i}/article_id`, 'article');
    if (issues.length > 0) throw unprocessable('the claim refers to records that do not exist or are deleted', issues);
  }

  /** Checks each source against its article body and fills in the offsets. */
  function resolveSources(input: ClaimCreateT['sources']): Omit<SourceRow, 'claimId'>[] {
    const bodies = new Map(db.select({ id: articles.id, body: articles.body }).from(articles)
      .where(inArray(articles.id, input.map((s) => s.article_id))).all().map((a) => [a.id, a.body]));
    return input.map((s, i) => {
      const body = bodies.get(s.article_id) ?? null;
      const verbatim = s.verbatim ?? true;
      const base = { articleId: s.article_id, cue: s.cue ?? null, verbatim, position: i };
      const pointer = `/sources/${i}`;
      if (verbatim && body !== null) {
        const found = locateQuote(body, s.quote, s.start, s.end);
        if (!found.ok) {
          throw new HttpProblem(422, found.detail, {
            type: problemType('quote-not-found'), title: 'Quote not found in its article',
            errors: [{ in: 'body', pointer: found.reason === 'not_found' ? `${pointer}/quote` : `${pointer}/start`, message: found.detail }],
            quote: s.quote, article_id: s.article_id,
          });
        }
        return { ...base, ...found.span };
      }
      const start = s.start ?? null;
      const end = s.end ?? (start === null ? null : start + codePointLength(s.quote));
      if ((start === null) !== (end === null) || (start !== null && end !== null && end < start)
        || (body !== null && end !== null && end > codePointLength(body))) {
        throw unprocessable(`the offsets of source ${i} do not fit the article`, [{ in: 'body', pointer: `${pointer}/start`, message: 'offsets must be within the body, with end not before start' }]);
      }
      return { ...base, quote: s.quote, start, end };
    });
  }

  function writeChildren(id: string, c: Partial<ClaimCreateT>, sources: Omit<SourceRow, 'claimId'>[] | null) {
    if (sources !== null) {
      db.delete(claimSources).where(eq(claimSources.claimId, id)).run();
      db.insert(claimSources).values(sources.map((s) => ({ ...s, claimId: id }))).run();
      refreshFirstPublished(db, sql`${claims.id} = ${id}`);
    }
    if (c.topics !== undefined) {
      db.delete(claimTopics).where(eq(claimTopics.claimId, id)).run();
      if (c.topics.length > 0) db.insert(claimTopics).values(c.topics.map((t, i) => ({ claimId: id, topicId: t.topic_id, stance: t.stance, position: i }))).run();
    }
    for (const [table, list] of [[claimAddressees, c.addressee_ids], [claimObjects, c.object_ids]] as const) {
      if (list === undefined) continue;
      db.delete(table).where(eq(table.claimId, id)).run();
      if (list.length > 0) db.insert(table).values(list.map((actorId, i) => ({ claimId: id, actorId, position: i }))).run();
    }
  }

  const lifecycle = createLifecycle<ClaimT>(db, {
    type: 'claim',
    label: 'claim',
    table: claims,
    load,
    beforeDelete(id) {
      const used = db.select({ id: positions.id }).from(positionEvidence)
        .innerJoin(positions, eq(positions.id, positionEvidence.positionId))
        .where(and(eq(positionEvidence.claimId, id), isNull(positions.deletedAt))).all();
      if (used.length > 0) {
        throw conflict(`claim ${id} is evidence for ${used.length} live position(s); remove it from their evidence first`, { position_ids: used.map((p) => p.id) });
      }
    },
    beforeRestore(claim) {
      checkReferences({
        actor_id: claim.actor_id, addressee_ids: claim.addressee_ids, object_ids: claim.object_ids,
        topics: claim.topics.map((t) => ({ topic_id: t.topic_id, stance: t.stance })),
        sources: claim.sources.map((s) => ({ article_id: s.article_id, quote: s.quote })),
      });
    },
  });

  const parents = { article: articles, actor: actors, topic: topics } as const;

  return {
    lifecycle,

    /** For sub-resource lists: the parent must exist (404) and be live (410); a merged actor's moved (308). */
    requireParent(kind: keyof typeof parents, id: string) {
      const table = parents[kind];
      const row = db.select({ deletedAt: table.deletedAt }).from(table).where(eq(table.id, id)).get();
      if (!row) throw notFound(kind, id);
      const target = kind === 'actor' && row.deletedAt !== null ? mergedActorTarget(db, id) : null;
      if (target !== null) throw new Moved(id, target);
      if (row.deletedAt !== null) throw gone(kind, id);
    },

    byIds,

    /** Kind and Wikidata id of each speaker of `list` (for schema.org authors); one query. */
    speakers(list: ClaimT[]): Map<string, { id: string; name: string; kind: ActorKindT; wikidata_id: string | null }> {
      const speakerIds = [...new Set(list.map((c) => c.actor_id))];
      if (speakerIds.length === 0) return new Map();
      return new Map(db.select({ id: actors.id, name: actors.name, kind: actors.kind, wikidata_id: actors.wikidataId }).from(actors)
        .where(inArray(actors.id, speakerIds)).all().map((a) => [a.id, a]));
    },

    /** A page of live claims matching every filter given, in the order asked for. */
    list(q: ClaimQuery): Page<ClaimT> {
      const page = listClaimIds(db, q);
      const claimsById = new Map(byIds(page.ids).map((c) => [c.id, c]));
      const data = page.ids.flatMap((id) => {
        const c = claimsById.get(id);
        if (!c) return [];
        const snippet = page.snippets.get(id);
        return [snippet === undefined ? c : { ...c, snippet }];
      });
      return { data, next_cursor: page.next_cursor };
    },

    create(input: ClaimCreateT, by: Principal | null, meta: CreateMeta = {}): ClaimT {
      return db.transaction(() => {
        checkReferences(input);
        const sources = resolveSources(input.sources);
        const { id, createdAt, updatedAt } = identity('claim', meta);
        db.insert(claims).values({
          id, actorId: input.actor_id, text: input.text, textKey: textKey(input.text), kind: input.kind,
          ...partialDateColumns(input.said_on, '/said_on'),
          saidOnText: input.said_on_text ?? null, speakerRole: input.speaker_role ?? null, context: input.context ?? null,
          language: input.language == null ? null : canonicalLanguage(input.language), status: input.status ?? 'unreviewed', origin: input.origin ?? 'manual',
          confidence: input.confidence ?? null, createdAt, updatedAt,
        }).run();
        writeChildren(id, { topics: [], addressee_ids: [], object_ids: [], ...input }, sources);
        const after = load(id) as ClaimT;
        recordRevision(db, { type: 'claim', id, action: 'create', by, before: null, after });
        return after;
      }, { behavior: 'immediate' });
    },

    update(id: string, patch: ClaimPatchT, by: Principal | null, precondition: (current: ClaimT) => void): ClaimT {
      return db.transaction(() => {
        const before = lifecycle.getLive(id);
        precondition(before);
        checkReferences(patch);
        const sources = patch.sources === undefined ? null : resolveSources(patch.sources);
        db.update(claims).set({
          actorId: patch.actor_id, text: patch.text, textKey: patch.text === undefined ? undefined : textKey(patch.text), kind: patch.kind,
          ...partialDateColumns(patch.said_on, '/said_on'),
          saidOnText: patch.said_on_text, speakerRole: patch.speaker_role, context: patch.context, language: patch.language == null ? patch.language : canonicalLanguage(patch.language),
          status: patch.status, origin: patch.origin, confidence: patch.confidence, updatedAt: new Date().toISOString(),
        }).where(eq(claims.id, id)).run();
        writeChildren(id, patch, sources);
        const after = load(id) as ClaimT;
        recordRevision(db, { type: 'claim', id, action: 'update', by, before, after });
        return after;
      }, { behavior: 'immediate' });
    },
  };
}
