// The NDJSON importer: whosaid records or Quotebank quotations, line by line, matched by id or
// natural key, written through the repositories, in one transaction (atomic) or one per chunk.
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { isDeepStrictEqual } from 'node:util';
import { and, asc, eq, isNull, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { openDatabase, type Db } from '../db/client.js';
import { articles, positions } from '../db/schema.js';
import { canonicalLanguage, fold, textKey } from '../domain/text.js';
import { normaliseUrl } from '../domain/url.js';
import { conflict, gone, HttpProblem, invalid, problemBody, unprocessable } from '../plugins/errors.js';
import { createActorsRepository } from '../repositories/actors.js';
import { createArticlesRepository } from '../repositories/articles.js';
import { claimTextKey, createClaimsRepository } from '../repositories/claims.js';
import { createFactChecksRepository } from '../repositories/fact-checks.js';
import { extractArticle } from '../repositories/extraction.js';
import type { Principal } from '../repositories/keys.js';
import { enclosing } from '../db/transactions.js';
import type { CreateMeta } from '../repositories/lifecycle.js';
import { createPositionsRepository } from '../repositories/positions.js';
import { createTopicsRepository } from '../repositories/topics.js';
import type { ActorCreateT, ActorT } from '../schemas/actors.js';
import type { ArticleCreateT, ArticleT } from '../schemas/articles.js';
import type { ClaimCreateT, ClaimT } from '../schemas/claims.js';
import type { ProblemBody } from '../schemas/common.js';
import { MAX_REPORTED_FAILURES, RECORD_TYPES, type ImportReportT, type RecordType } from '../schemas/import.js';
import type { PositionCreateT, PositionT } from '../schemas/positions.js';
import type { TopicCreateT, TopicT } from '../schemas/topics.js';
import { illFormedStrings } from '../validation.js';
import { fromQuotebank } from './quotebank.js';
import { createResolver } from './references.js';
import {
  checkRecord, recordIssues, type ActorRecordT, type ActorRefFormT, type AnyRecord, type ArticleRecordT, type ClaimRecordT,
  type PositionRecordT, type TopicRecordT,
} from './records.js';

export interface ImportOptions {
  mode: 'atomic' | 'best_effort';
  dryRun: boolean;
  format: 'whosaid' | 'quotebank';
  by: Principal | null;
}
export type ImportReport = ImportReportT;

type Issue = NonNullable<ProblemBody['errors']>[number];
type Outcome = 'created' | 'updated' | 'unchanged';
/** replace: the fields a record gives replace the stored ones. ensure: create when missing, else
 *  only fill the `fill` fields the stored record lacks (and add a claim's new sources). */
type Policy = { kind: 'replace' } | { kind: 'ensure'; fill: readonly string[] };

const REPLACE: Policy = { kind: 'replace' };
const ENSURE: Policy = { kind: 'ensure', fill: [] };
/** Lines read before they are processed, and the most text such a chunk holds. */
const CHUNK_LINES = 500;
const CHUNK_CHARS = 8_000_000;
/**
 * The longest a chunk is processed without yielding to the event loop, in milliseconds. In
 * best_effort mode each such step is its own transaction, so the write lock is never held across
 * an await and the server's own writes never wait for it.
 */
const STEP_MS = 100;
/** Longest line splitLines accepts by default: an article body may be 2,000,000 characters. */
export const MAX_LINE_LENGTH = 16 * 1024 * 1024;


/**
 * Splits a byte or text stream into lines (LF or CRLF), decoding UTF-8 across chunk boundaries.
 * Throws a 413 problem when the whole input or one line is longer than allowed.
 */
export async function* splitLines(
  source: AsyncIterable<Buffer | string>,
  limits: { maxBytes?: number; maxLineLength?: number } = {},
): AsyncGenerator<string> {
  const maxLine = limits.maxLineLength ?? MAX_LINE_LENGTH;
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let total = 0;
  for await (const chunk of source) {
    total += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (limits.maxBytes !== undefined && total > limits.maxBytes) {
      throw new HttpProblem(413, `the import is larger than ${limits.maxBytes} bytes; split it into several requests`);
    }
    const text = pending + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      yield text.slice(start, nl);
      start = nl + 1;
    }
    pending = text.slice(start);
    if (pending.length > maxLine) throw new HttpProblem(413, `a line is longer than ${maxLine} characters`);
  }
  pending += decoder.end();
  if (pending !== '') yield pending;
}

const emptyReport = (options: ImportOptions): ImportReport => ({
  mode: options.mode, dry_run: options.dryRun, format: options.format, committed: false,
  lines: 0, created: 0, updated: 0, unchanged: 0, failed: 0,
  by_type: Object.fromEntries(RECORD_TYPES.map((t) => [t, { created: 0, updated: 0, unchanged: 0, failed: 0 }])) as ImportReport['by_type'],
  failures: [], failures_truncated: false,
});

/** Only the keys whose value is not undefined: a record's given fields. */
function given<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function pick<T extends object>(value: T, keys: string[]): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => keys.includes(k))) as Partial<T>;
}

/** published_at as the articles repository stores it: a date as given, a date-time in UTC. */
function storedPublication(value: string | null): string | null {
  if (value === null || value.length === 10) return value;
  const date = new Date(value.toUpperCase());
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

function iso(value: string | undefined, pointer: string, bad: Issue[]): string | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) bad.push({ in: 'body', pointer, message: 'is not a real date-time' });
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The per-connection state of one import: repositories, reference caches and the report. */
function createImporter(db: Db, options: ImportOptions) {
  const by = options.by;
  const topicsRepo = createTopicsRepository(db);
  const actorsRepo = createActorsRepository(db);
  const articlesRepo = createArticlesRepository(db);
  const claimsRepo = createClaimsRepository(db);
  const positionsRepo = createPositionsRepository(db);
  const factChecksRepo = createFactChecksRepository(db, claimsRepo.lifecycle);
  const refs = createResolver(db);
  const { liveActor, resolveActor, resolveTopic, resolveArticle, resolveClaim, invalidate } = refs;
  const report = emptyReport(options);
  const savepoint = {
    open: db.$client.prepare('SAVEPOINT import_line'),
    release: db.$client.prepare('RELEASE import_line'),
    rollback: db.$client.prepare('ROLLBACK TO import_line'),
  };

  /** An id field or its natural-key twin (actor_id or speaker, …); not both. */
  function either<R>(idValue: string | null | undefined, refValue: R | null | undefined, names: [string, string], resolve: (ref: R, pointer: string) => string | undefined, bad: Issue[]) {
    if (idValue !== undefined && refValue !== undefined) {
      bad.push({ in: 'body', pointer: `/${names[1]}`, message: `give ${names[0]} or ${names[1]}, not both` });
      return undefined;
    }
    if (refValue === undefined) return idValue;
    return refValue === null ? null : resolve(refValue, `/${names[1]}`);
  }

  /** A list of references resolved to ids; two references to one record are an issue. */
  function list<R>(items: R[] | undefined, pointer: string, resolve: (ref: R, pointer: string) => string | undefined, issues: Issue[]): string[] | undefined {
    if (items === undefined) return undefined;
    const ids = items.map((ref, i) => resolve(ref, `${pointer}/${i}`) ?? '');
    ids.forEach((id, i) => {
      const first = ids.indexOf(id);
      if (id !== '' && first !== i) issues.push({ in: 'body', pointer: `${pointer}/${i}`, message: `names the same record as item ${first}` });
    });
    return ids;
  }

  /** Throws the 400 for malformed combinations first, then the 422 for what does not resolve. */
  function settle(bad: Issue[], issues: Issue[]) {
    if (bad.length > 0) throw invalid(bad);
    if (issues.length > 0) throw unprocessable(issues.map((e) => `${e.pointer} ${e.message}`).join('; '), issues);
  }

  // ---- Records: resolved to the API's Create input, holding only the fields the record gives.

  function topicInput(r: TopicRecordT, bad: Issue[], issues: Issue[]): TopicCreateT {
    const { type: _t, id: _i, created_at: _c, updated_at: _u, parent, parent_id, ...rest } = r;
    const parentId = either(parent_id, parent, ['parent_id', 'parent'], (ref, p) => resolveTopic(ref, p, issues), bad);
    return given({ ...rest, parent_id: parentId });
  }

  function actorInput(r: ActorRecordT, bad: Issue[], issues: Issue[]): ActorCreateT {
    const { type: _t, id: _i, created_at: _c, updated_at: _u, roles, ...rest } = r;
    return given({
      ...rest,
      roles: roles?.map(({ organization, organization_id, ...role }, i) => given({
        ...role,
        organization_id: either(organization_id, organization, [`roles/${i}/organization_id`, `roles/${i}/organization`],
          (ref, p) => resolveActor(ref, p, issues), bad),
      })),
    });
  }

  function articleInput(r: ArticleRecordT): ArticleCreateT {
    const { type: _t, id: _i, created_at: _c, updated_at: _u, ...rest } = r;
    return given(rest);
  }

  function claimInput(r: ClaimRecordT, bad: Issue[], issues: Issue[]): ClaimCreateT {
    const { type: _t, id: _i, created_at: _c, updated_at: _u, speaker, addressees, objects, fact_checks: _f, ...rest } = r;
    const actorId = either(rest.actor_id, speaker, ['actor_id', 'speaker'], (ref, p) => resolveActor(ref, p, issues), bad);
    if (rest.actor_id === undefined && speaker === undefined) bad.push({ in: 'body', pointer: '/speaker', message: 'is required (or actor_id)' });
    const people = (ids: string[] | undefined, refs: ActorRefFormT[] | undefined, names: [string, string]) => {
      if (ids !== undefined && refs !== undefined) bad.push({ in: 'body', pointer: `/${names[1]}`, message: `give ${names[0]} or ${names[1]}, not both` });
      return ids ?? list(refs, `/${names[1]}`, (ref, p) => resolveActor(ref, p, issues), issues);
    };
    return given({
      ...rest,
      actor_id: actorId ?? '',
      addressee_ids: people(rest.addressee_ids, addressees, ['addressee_ids', 'addressees']),
      object_ids: people(rest.object_ids, objects, ['object_ids', 'objects']),
      topics: rest.topics?.map(({ topic, topic_id, stance }, i) => {
        if (topic === undefined && topic_id === undefined) bad.push({ in: 'body', pointer: `/topics/${i}/topic`, message: 'is required (or topic_id)' });
        const id = either(topic_id, topic, [`topics/${i}/topic_id`, `topics/${i}/topic`], (ref, p) => resolveTopic(ref, p, issues), bad);
        return { topic_id: id ?? '', stance };
      }),
      sources: rest.sources.map(({ article, article_id, ...source }, i) => {
        if (article === undefined && article_id === undefined) bad.push({ in: 'body', pointer: `/sources/${i}/article`, message: 'is required (or article_id)' });
        const id = either(article_id, article, [`sources/${i}/article_id`, `sources/${i}/article`], (ref, p) => resolveArticle(ref, p, issues), bad);
        return given({ ...source, article_id: id ?? '' });
      }),
    });
  }

  function positionInput(r: PositionRecordT, bad: Issue[], issues: Issue[]): PositionCreateT {
    const { type: _t, id: _i, created_at: _c, updated_at: _u, actor, topic, evidence, ...rest } = r;
    if (rest.actor_id === undefined && actor === undefined) bad.push({ in: 'body', pointer: '/actor', message: 'is required (or actor_id)' });
    if (rest.topic_id === undefined && topic === undefined) bad.push({ in: 'body', pointer: '/topic', message: 'is required (or topic_id)' });
    return given({
      ...rest,
      actor_id: either(rest.actor_id, actor, ['actor_id', 'actor'], (ref, p) => resolveActor(ref, p, issues), bad) ?? '',
      topic_id: either(rest.topic_id, topic, ['topic_id', 'topic'], (ref, p) => resolveTopic(ref, p, issues), bad) ?? '',
      evidence: list(evidence, '/evidence', (ref, p) => resolveClaim(ref, p, issues), issues),
    });
  }

  // ---- Natural keys: the live record a new record stands for, if any.

  function one<T>(ids: string[], what: string, load: (id: string) => T): T | undefined {
    if (ids.length > 1) throw conflict(`${ids.length} live ${what}; refer to one by id`, { existing_ids: ids });
    return ids[0] === undefined ? undefined : load(ids[0]);
  }

  const keyOf = {
    topic: (input: TopicCreateT) => topicsRepo.bySlug(input.slug),
    actor: (input: ActorCreateT): ActorT | undefined => {
      if (input.wikidata_id) return actorsRepo.byWikidataId(input.wikidata_id);
      const ids = actorsRepo.idsByKindAndName(input.kind, fold(input.name));
      return one(ids, `${input.kind} actors are named "${input.name}"`, (id) => actorsRepo.lifecycle.getLive(id));
    },
    article: (input: ArticleCreateT): ArticleT | undefined => {
      if (input.url != null) {
        const url = normaliseUrl(input.url);
        return url === null ? undefined : articlesRepo.byUrl(url);
      }
      const same = (column: AnySQLiteColumn, value: string | null | undefined): SQL | undefined =>
        (value == null ? isNull(column) : eq(column, value));
      const rows = db.select({ id: articles.id }).from(articles)
        .where(and(isNull(articles.url), eq(articles.title, input.title), same(articles.outlet, input.outlet),
          same(articles.publishedAt, storedPublication(input.published_at ?? null)), isNull(articles.deletedAt)))
        .orderBy(asc(articles.id)).limit(2).all();
      return one(rows.map((r) => r.id), `articles without a url have this title, outlet and published_at`, (id) => articlesRepo.lifecycle.getLive(id));
    },
    claim: (input: ClaimCreateT): ClaimT | undefined => {
      const id = claimsRepo.idBySpeakerAndTextKey(input.actor_id, claimTextKey(input.text));
      return id === undefined ? undefined : claimsRepo.byIds([id])[0];
    },
    position: (input: PositionCreateT): PositionT | undefined => {
      const from = input.valid_from ?? null;
      const rows = db.select({ id: positions.id }).from(positions)
        .where(and(eq(positions.actorId, input.actor_id), eq(positions.topicId, input.topic_id),
          from === null ? isNull(positions.valid_from) : eq(positions.valid_from, from), isNull(positions.deletedAt)))
        .orderBy(asc(positions.id)).limit(2).all();
      return one(rows.map((r) => r.id), 'positions have this actor, topic and valid_from', (id) => positionsRepo.lifecycle.getLive(id));
    },
  };

  // ---- Comparison: each side as the Create input would read it, normalised as the repositories store it.

  const compare = {
    topic: (t: TopicT) => ({ slug: t.slug, name: t.name, description: t.description, parent_id: t.parent_id }),
    actor: (a: ActorT) => ({
      name: a.name, kind: a.kind, aliases: a.aliases, description: a.description, wikidata_id: a.wikidata_id, country: a.country,
      roles: a.roles.map((r) => ({ title: r.title, organization_id: r.organization_id, start: r.start, end: r.end })),
    }),
    article: (a: ArticleT) => ({
      url: a.url, title: a.title, outlet: a.outlet, outlet_domain: a.outlet_domain, authors: a.authors,
      published_at: a.published_at, language: a.language, body: a.body,
    }),
    claim: (c: ClaimT) => ({
      actor_id: c.actor_id, text: c.text, kind: c.kind, said_on: c.said_on, said_on_text: c.said_on_text, speaker_role: c.speaker_role,
      context: c.context, language: c.language, addressee_ids: c.addressee_ids, object_ids: c.object_ids,
      topics: c.topics.map((t) => ({ topic_id: t.topic_id, stance: t.stance })), status: c.status, origin: c.origin, confidence: c.confidence,
    }),
    position: (p: PositionT) => ({
      actor_id: p.actor_id, topic_id: p.topic_id, stance: p.stance, summary: p.summary, valid_from: p.valid_from,
      valid_to: p.valid_to, evidence: p.evidence,
    }),
  };

  function normalised(type: RecordType, input: Record<string, unknown>): Record<string, unknown> {
    const out = { ...input };
    if (type === 'actor' && Array.isArray(input.roles)) {
      out.roles = (input.roles as ActorCreateT['roles'] & object).map((r) => ({ title: r.title, organization_id: r.organization_id ?? null, start: r.start ?? null, end: r.end ?? null }));
    }
    if (type === 'article') {
      if (typeof input.url === 'string') out.url = normaliseUrl(input.url) ?? input.url;
      if (typeof input.outlet_domain === 'string') out.outlet_domain = input.outlet_domain.toLowerCase();
      if (input.published_at !== undefined) out.published_at = storedPublication(input.published_at as string | null);
    }
    if (typeof input.language === 'string') out.language = canonicalLanguage(input.language);
    return out;
  }

  /** The given fields whose values differ from the stored record (replace), or the stored gaps to fill (ensure). */
  function changedKeys(type: RecordType, input: Record<string, unknown>, stored: Record<string, unknown>, policy: Policy, skip: string[]): string[] {
    const mine = normalised(type, input);
    return Object.keys(mine).filter((k) => {
      if (skip.includes(k) || !(k in stored)) return false;
      if (policy.kind === 'ensure') return policy.fill.includes(k) && stored[k] === null && mine[k] !== null;
      return !isDeepStrictEqual(mine[k], stored[k]);
    });
  }

  /** The sources of `input` that `current` does not cite yet: another article, or another quote (folded). */
  function newSources(current: ClaimT, input: ClaimCreateT) {
    const seen = new Set(current.sources.map((s) => `${s.article_id}|${textKey(s.quote)}`));
    return input.sources.filter((s) => {
      const key = `${s.article_id}|${textKey(s.quote)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /**
   * Attaches the fact-checks a claim does not have yet (one per normalised url), keeping their id
   * and created_at; `claimUpdatedAt` keeps a new claim's updated_at as its record gave it.
   */
  function addFactChecks(claim: ClaimT | undefined, claimId: string, record: ClaimRecordT, claimUpdatedAt: string | undefined, bad: Issue[]): number {
    const have = new Set((claim?.fact_checks ?? []).map((f) => f.url));
    const adding = (record.fact_checks ?? []).filter((f) => !have.has(normaliseUrl(f.url) ?? f.url));
    adding.forEach(({ id, created_at: createdAt, ...fields }, i) => {
      const at = iso(createdAt, `/fact_checks/${i}/created_at`, bad);
      if (bad.length > 0) throw invalid(bad);
      factChecksRepo.create(claimId, given(fields), by, given({ id, created_at: at, updated_at: claimUpdatedAt }));
    });
    return adding.length;
  }

  /** The existing record a record's id names: live, or (for an actor) merged into a live one. */
  function byId(type: RecordType, id: string): unknown {
    const lifecycle = { topic: topicsRepo, actor: actorsRepo, article: articlesRepo, claim: claimsRepo, position: positionsRepo }[type].lifecycle;
    const state = lifecycle.state(id);
    if (state === 'live') return lifecycle.getLive(id);
    if (state === 'missing') return undefined;
    const survivor = type === 'actor' ? liveActor(id) : undefined;
    if (survivor !== undefined) return actorsRepo.lifecycle.getLive(survivor);
    throw gone(type, id);
  }

  /** Creates, updates or leaves one record; returns what happened. */
  function apply(record: AnyRecord, policy: Policy): Outcome {
    const bad: Issue[] = [];
    const issues: Issue[] = [];
    const meta: CreateMeta = given({
      id: record.id, created_at: iso(record.created_at, '/created_at', bad), updated_at: iso(record.updated_at, '/updated_at', bad),
    });
    const existing = record.id === undefined ? undefined : byId(record.type, record.id);
    const write = <I extends object, T extends { id: string }>(
      input: I, current: T | undefined, view: (t: T) => Record<string, unknown>,
      repo: { create(i: I, b: Principal | null, m: CreateMeta): T; update(id: string, p: Partial<I>, b: Principal | null, pre: () => void): T },
      skip: string[] = [],
    ): Outcome => {
      if (current === undefined) {
        repo.create(input, by, meta);
        invalidate(record.type, 'create');
        return 'created';
      }
      const keys = changedKeys(record.type, input as Record<string, unknown>, view(current), policy, skip);
      if (keys.length === 0) return 'unchanged';
      repo.update(current.id, pick(input, keys), by, () => {});
      invalidate(record.type, 'update');
      return 'updated';
    };

    switch (record.type) {
      case 'topic': {
        const input = topicInput(record, bad, issues);
        settle(bad, issues);
        return write(input, (existing as TopicT | undefined) ?? keyOf.topic(input), compare.topic, topicsRepo);
      }
      case 'actor': {
        const input = actorInput(record, bad, issues);
        settle(bad, issues);
        return write(input, (existing as ActorT | undefined) ?? keyOf.actor(input), compare.actor, actorsRepo);
      }
      case 'article': {
        const { extract, ...input } = articleInput(record);
        settle(bad, issues);
        const outcome = write(input, (existing as ArticleT | undefined) ?? keyOf.article(input), compare.article, articlesRepo);
        // extract: true suggests claims from the body, as POST /v1/articles does; a second import adds none.
        const article = extract === true ? (existing as ArticleT | undefined) ?? keyOf.article(input) : undefined;
        if (article !== undefined && article.body !== null) {
          extractArticle(db, article.id, by, { createActors: false });
          invalidate('claim', 'create');
        }
        return outcome;
      }
      case 'position': {
        const input = positionInput(record, bad, issues);
        settle(bad, issues);
        return write(input, (existing as PositionT | undefined) ?? keyOf.position(input), compare.position, positionsRepo);
      }
      case 'claim': {
        const input = claimInput(record, bad, issues);
        settle(bad, issues);
        const current = (existing as ClaimT | undefined) ?? keyOf.claim(input);
        if (current === undefined) {
          const created = claimsRepo.create({ ...input, origin: input.origin ?? 'import' }, by, meta);
          addFactChecks(undefined, created.id, record, meta.updated_at, bad);
          return 'created';
        }
        // Matched by its text, a claim keeps the wording it has: the record's differs only in case,
        // punctuation or spacing, and rewriting it would flip between the reports of one quote.
        const keys = changedKeys('claim', input, compare.claim(current), policy, existing === undefined ? ['text', 'sources'] : ['sources']);
        const added = newSources(current, input);
        const sources = added.length === 0 ? undefined : [
          ...current.sources.map((s) => ({ article_id: s.article_id, quote: s.quote, start: s.start, end: s.end, cue: s.cue, verbatim: s.verbatim })),
          ...added,
        ];
        if (keys.length > 0 || sources !== undefined) claimsRepo.update(current.id, given({ ...pick(input, keys), sources }), by, () => {});
        const checks = addFactChecks(current, current.id, record, undefined, bad);
        if (keys.length === 0 && sources === undefined && checks === 0) return 'unchanged';
        invalidate('claim', 'update');
        return 'updated';
      }
    }
  }

  /** Parses, validates and applies one line; throws an HttpProblem for a bad line. */
  function processLine(text: string, outcomes: [RecordType, Outcome][], failing: { type?: RecordType }) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new HttpProblem(400, `not valid JSON: ${(error as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpProblem(400, 'a line must hold one JSON object');
    // As for API bodies (src/app.ts): a lone surrogate ("\ud800") has no UTF-8 form and would be stored garbled.
    const illFormed = illFormedStrings(value);
    if (illFormed.length > 0) throw invalid(illFormed.map((pointer) => ({ in: 'body', pointer, message: 'is not well-formed Unicode (a lone surrogate)' })));
    const run = (record: unknown, type: RecordType, policy: Policy) => {
      failing.type = type;
      if (!checkRecord(type, record)) throw invalid(recordIssues(type, record));
      outcomes.push([type, apply(record, policy)]);
    };
    if (options.format === 'quotebank') {
      failing.type = 'claim';
      const mapped = fromQuotebank(value);
      run(mapped.actor, 'actor', ENSURE);
      for (const article of mapped.articles) run(article, 'article', { kind: 'ensure', fill: ['published_at'] });
      run(mapped.claim, 'claim', ENSURE);
      return;
    }
    const type = (value as { type?: unknown }).type;
    if (!RECORD_TYPES.includes(type as RecordType)) {
      throw invalid([{ in: 'body', pointer: '/type', message: `must be one of: ${RECORD_TYPES.join(', ')}` }]);
    }
    run(value, type as RecordType, REPLACE);
  }

  function fail(line: number, type: RecordType | undefined, error: HttpProblem) {
    report.failed += 1;
    if (type !== undefined) report.by_type[type].failed += 1;
    if (report.failures.length >= MAX_REPORTED_FAILURES) {
      report.failures_truncated = true;
      return;
    }
    const { instance: _instance, ...problem } = problemBody(error.status, `line ${line}: ${error.message}`, '', error.extra);
    report.failures.push({ line, problem });
  }

  /** A line without the byte-order mark (first line) and CR; null when blank. */
  function lineText(raw: string, n: number): string | null {
    const text = (n === 1 ? raw.replace(/^\uFEFF/, '') : raw).replace(/\r$/, '');
    return text.trim() === '' ? null : text;
  }

  /** The problem a line failed with; undefined for an error that must abort the import. */
  function problemOf(error: unknown): HttpProblem | undefined {
    const code = (error as { code?: unknown }).code;
    // A constraint the checks above did not foresee fails the line, not the import.
    return error instanceof HttpProblem ? error
      : typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT') ? conflict('the record conflicts with data already stored')
        : undefined;
  }

  function count(outcomes: [RecordType, Outcome][]) {
    for (const [type, outcome] of outcomes) {
      report.by_type[type][outcome] += 1;
      report[outcome] += 1;
    }
  }

  /** One line inside its own savepoint: a failure undoes that line only. */
  function line(raw: string) {
    report.lines += 1;
    const n = report.lines;
    const text = lineText(raw, n);
    if (text === null) return;
    const outcomes: [RecordType, Outcome][] = [];
    const failing: { type?: RecordType } = {};
    savepoint.open.run();
    try {
      // Whatever throws rolls back to import_line: the repositories' writes need no savepoint of their own.
      enclosing(db, () => processLine(text, outcomes, failing));
      savepoint.release.run();
    } catch (error) {
      savepoint.rollback.run();
      savepoint.release.run();
      refs.discard();
      const problem = problemOf(error);
      if (problem === undefined) throw error;
      fail(n, failing.type, problem);
      return;
    }
    refs.commit();
    count(outcomes);
  }

  return {
    report,

    line,
  };
}

/** Database files with an import running in this process. */
const running = new Set<string>();

function begin(sqlite: Db['$client']) {
  try {
    sqlite.exec('BEGIN IMMEDIATE');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') {
      throw new HttpProblem(503, 'the database is busy with another import or write; retry later');
    }
    throw error;
  }
}

/**
 * Imports NDJSON lines, each in a savepoint of its own. atomic: one transaction, committed only
 * when every line succeeded. best_effort: a transaction per step (at most 500 lines, or STEP_MS of
 * work), so every good line lands. dryRun: one transaction, always rolled back. Memory stays
 * bounded: lines are read in chunks and only bounded caches of resolved references are kept.
 * Between steps the event loop runs; an error thrown by `lines` rolls back the open transaction
 * (in best_effort mode the steps already committed stay) and is rethrown.
 *
 * A file database is imported over a connection of its own, so that the requests the server
 * answers while an import awaits its input stay out of the import's transaction (they wait for
 * its write lock instead, up to busy_timeout). An in-memory database (tests) can have only one
 * connection: there the import uses `db` itself, and whatever else runs on it between two
 * chunks joins the import's transaction (and is rolled back with it).
 */
export async function importNdjson(db: Db, lines: AsyncIterable<string>, options: ImportOptions): Promise<ImportReport> {
  const file = db.$client.name;
  const separate = !db.$client.memory && file !== '' && file !== ':memory:';
  // A second import of the same file would wait on the write lock, blocking the event loop (and
  // so the first import) for busy_timeout: refuse it at once instead.
  if (separate && running.has(file)) throw new HttpProblem(503, 'another import is running on this database; retry later');
  if (!separate && db.$client.inTransaction) throw new HttpProblem(503, 'another import is running on this database; retry later');
  const conn = separate ? openDatabase(file, { migrate: false }) : db;
  const sqlite = conn.$client;
  if (separate) running.add(file);
  try {
    const importer = createImporter(conn, options);
    const whole = options.mode === 'atomic' || options.dryRun;
    let chunk: string[] = [];
    let chars = 0;
    const flush = async () => {
      let next = 0;
      while (next < chunk.length) {
        if (!whole) begin(sqlite);
        const started = performance.now();
        do importer.line(chunk[next++] as string);
        while (next < chunk.length && performance.now() - started < STEP_MS);
        if (!whole) sqlite.exec('COMMIT');
        if (next < chunk.length) await new Promise((resolve) => setImmediate(resolve));
      }
      chunk = [];
      chars = 0;
    };
    try {
      if (whole) begin(sqlite);
      for await (const line of lines) {
        chunk.push(line);
        chars += line.length;
        if (chunk.length >= CHUNK_LINES || chars >= CHUNK_CHARS) await flush();
      }
      await flush();
      const report = importer.report;
      report.committed = !options.dryRun && (options.mode === 'best_effort' || report.failed === 0);
      if (whole) sqlite.exec(report.committed ? 'COMMIT' : 'ROLLBACK');
      return report;
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      throw error;
    }
  } finally {
    if (separate) {
      running.delete(file);
      sqlite.close();
    }
  }
}
