// Claims: the SQL that writes claims and their sources, topics, addressees and objects.
// Reads are the claims' stored documents (rendered by claim-documents.ts): one row per claim, whatever it embeds.
import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/transactions.js';
import {
  actors, articles, claims, claimSources, positionEvidence, positions,
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
import { recordRevision } from './revisions.js';
import { CLAIM_DOCUMENT_SQL, RENDER_DOCUMENT } from './claim-documents.js';

type Issue = { in: 'body'; pointer: string; message: string };
type ActorKindT = (typeof actors.$inferSelect)['kind'];
type SourceRow = typeof claimSources.$inferInsert;
const badDate = (pointer: string) => invalid([{ in: 'body', pointer, message: 'is not a real date' }]);

function partialDateColumns(value: string | null | undefined, pointer: string) {
  if (value === undefined) return {};
  if (value === null) return { said_on: null, said_on_precision: null, said_on_lo: null, said_on_hi: null };
  const d: PartialDate | null = parsePartialDate(value);
  if (!d) throw badDate(pointer);
  return { said_on: d.value, said_on_precision: d.precision, said_on_lo: d.lo, said_on_hi: d.hi };
}

let lastText: string | undefined;
let lastKey = '';
/** textKey of a claim's text, the last one remembered: an import folds a new claim's text to match it, then to store it. */
export function claimTextKey(text: string): string {
  if (text !== lastText) {
    lastKey = textKey(text);
    lastText = text;
  }
  return lastKey;
}

/** Recomputes first_published_on (the earliest publication of a claim's sources) for the claims `where` selects. */
export function refreshFirstPublished(db: Db, where: SQL): void {
  db.run(sql`UPDATE ${claims} SET first_published_on = (SELECT min(a.published_on) FROM ${claimSources} s
    JOIN ${articles} a ON a.id = s.article_id WHERE s.claim_id = ${claims.id}) WHERE ${where}`);
}

export function createClaimsRepository(db: Db) {
  /**
   * Claims are read as their documents (claim-documents.ts): one row per claim, the stored JSON or, when it is stale,
   * rendered by the same SQL on the fly. Prepared once; ids go in as one JSON array (json_each).
   */
  let documentStatements: ReturnType<typeof prepareDocuments> | undefined;
  const documents = () => (documentStatements ??= prepareDocuments());
  function prepareDocuments() {
    const sqlite = db.$client;
    type Stored = { seq: number; id: string; body: string | null };
    return {
      live: sqlite.prepare<[string], Stored>(`SELECT c.seq, c.id, d.body FROM json_each(?) j JOIN claims c ON c.id = j.value
        LEFT JOIN claim_documents d ON d.claim_seq = c.seq WHERE c.deleted_at IS NULL ORDER BY j.key`),
      any: sqlite.prepare<[string], Stored & { deleted_at: string | null }>(`SELECT c.seq, c.id, c.deleted_at, d.body FROM claims c
        LEFT JOIN claim_documents d ON d.claim_seq = c.seq WHERE c.id = ?`),
      // By key, for the rows of a page: a stored document is then the only row read.
      bySeq: sqlite.prepare<[string], { seq: number; body: string | null }>(`SELECT j.value AS seq, d.body FROM json_each(?) j
        LEFT JOIN claim_documents d ON d.claim_seq = j.value ORDER BY j.key`),
      // A stale document, rendered now. (Not folded into the reads above with coalesce: SQLite would then run the
      // rendering's subqueries for every row, stored or not.)
      render: sqlite.prepare<[number], { body: string }>(`SELECT ${CLAIM_DOCUMENT_SQL} AS body FROM claims c WHERE c.seq = ?`),
      // After a write: the claim's document rendered and stored at once (the background refresh then has nothing to do).
      store: sqlite.prepare<[string], { body: string }>(`UPDATE claim_documents SET ${RENDER_DOCUMENT}
        WHERE claim_seq = (SELECT seq FROM claims WHERE id = ?) RETURNING body`),
    };
  }
  const bodyOf = (row: { seq: number; body: string | null }): string => row.body ?? (documents().render.get(row.seq) as { body: string }).body;

  /** The JSON of each live claim among `ids`, in their order (unknown or deleted ids are skipped). */
  function documentsOf(ids: string[]): { id: string; body: string }[] {
    if (ids.length === 0) return [];
    return documents().live.all(JSON.stringify([...new Set(ids)])).map((row) => ({ id: row.id, body: bodyOf(row) }));
  }

  /** Live claims by id, in the order of `ids` (unknown or deleted ids are skipped). */
  function byIds(ids: string[]): ClaimT[] {
    return documentsOf(ids).map((d) => JSON.parse(d.body) as ClaimT);
  }

  /**
   * A live claim as its JSON text, or the 404 or 410 lifecycle.getLive answers, in one read. SQLite writes JSON as
   * JSON.stringify does (the same escapes for every code point; numbers go through whosaid_json_number), so this is
   * JSON.stringify of the claim, and its ETag the claim's.
   */
  function liveJson(id: string): string {
    const row = documents().any.get(id);
    if (row === undefined) throw notFound('claim', id);
    if (row.deleted_at !== null) throw gone('claim', id);
    return bodyOf(row);
  }

  /** The claim `id` just written, its document rendered and stored in the same transaction. */
  function stored(id: string): ClaimT {
    return JSON.parse((documents().store.get(id) as { body: string }).body) as ClaimT;
  }

  /** A claim, live or deleted. */
  const load = (id: string): ClaimT | undefined => {
    const row = documents().any.get(id);
    return row && (JSON.parse(bodyOf(row)) as ClaimT);
  };

  /** A page and its documents read in one transaction: one snapshot, so that the two agree. */
  const listJson = db.$client.transaction((q: ClaimQuery): Page<string> => readPage(q));
  function readPage(q: ClaimQuery): Page<string> {
    const page = listClaimIds(db, q);
    if (page.seqs.length === 0) return { data: [], next_cursor: page.next_cursor };
    const data = documents().bySeq.all(JSON.stringify(page.seqs)).map((row, i) => {
      const snippet = page.snippets.get(page.ids[i] as string);
      const json = bodyOf(row);
      return snippet === undefined ? json : `${json.slice(0, -1)},"snippet":${JSON.stringify(snippet)}}`;
    });
    return { data, next_cursor: page.next_cursor };
  }

  /**
   * The statements of the write paths, prepared once: creating a claim runs a handful of them (its references, its
   * articles, the claim and its child rows) and builds no SQL.
   */
  let writeStatements: ReturnType<typeof prepareWrites> | undefined;
  const writes = () => (writeStatements ??= prepareWrites());
  function prepareWrites() {
    const sqlite = db.$client;
    const live = (table: string) => sqlite.prepare<[string], { id: string }>(`SELECT id FROM ${table} WHERE id = ? AND deleted_at IS NULL`);
    const children = (table: string, column: string) => ({
      remove: sqlite.prepare<[string]>(`DELETE FROM ${table} WHERE claim_id = ?`),
      insert: sqlite.prepare<[string, string, number]>(`INSERT INTO ${table} (claim_id, ${column}, position) VALUES (?, ?, ?)`),
    });
    return {
      live: { actors: live('actors'), topics: live('topics'), articles: live('articles') },
      // No ORDER BY: with one, SQLite walks the speaker's claims in id order (claims_actor_id_idx) instead of seeking the
      // (actor_id, text_key) index, a scan as long as the speaker's record; the few matches are compared in JavaScript.
      byTextKey: sqlite.prepare<[string, string], { id: string }>('SELECT id FROM claims WHERE actor_id = ? AND text_key = ? AND deleted_at IS NULL'),
      article: sqlite.prepare<[string], { id: string; body: string | null; published_on: string | null }>(
        'SELECT id, body, published_on FROM articles WHERE id = ?'),
      insertClaim: sqlite.prepare(`INSERT INTO claims (id, actor_id, text, text_key, kind, said_on, said_on_precision, said_on_lo, said_on_hi,
        said_on_text, speaker_role, context, language, status, origin, confidence, first_published_on, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      sources: {
        remove: sqlite.prepare<[string]>('DELETE FROM claim_sources WHERE claim_id = ?'),
        insert: sqlite.prepare<[string, string, string, number | null, number | null, string | null, number, number]>(
          'INSERT INTO claim_sources (claim_id, article_id, quote, start, "end", cue, verbatim, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      },
      topics: {
        remove: sqlite.prepare<[string]>('DELETE FROM claim_topics WHERE claim_id = ?'),
        insert: sqlite.prepare<[string, string, string, number]>('INSERT INTO claim_topics (claim_id, topic_id, stance, position) VALUES (?, ?, ?, ?)'),
      },
      addressees: children('claim_addressees', 'actor_id'),
      objects: children('claim_objects', 'actor_id'),
    };
  }

  /** Ids among `ids` that are not live rows of `table`: a primary-key look-up each (a claim names a few). */
  function notLive(table: 'actors' | 'topics' | 'articles', ids: string[]): Set<string> {
    const bad = new Set<string>();
    if (ids.length === 0) return bad;
    const live = writes().live[table];
    for (const id of ids) if (!bad.has(id) && live.get(id) === undefined) bad.add(id);
    return bad;
  }

  /** Every reference of a claim must name a live record; all bad ones are reported at once. */
  function checkReferences(c: Partial<ClaimCreateT>) {
    const issues: Issue[] = [];
    const flag = (bad: Set<string>, list: string[], pointer: (i: number) => string, what: string) =>
      list.forEach((id, i) => { if (bad.has(id)) issues.push({ in: 'body', pointer: pointer(i), message: `is not a live ${what}` }); });
    if (c.actor_id !== undefined) flag(notLive('actors', [c.actor_id]), [c.actor_id], () => '/actor_id', 'actor');
    const badPeople = notLive('actors', [...(c.addressee_ids ?? []), ...(c.object_ids ?? [])]);
    flag(badPeople, c.addressee_ids ?? [], (i) => `/addressee_ids/${i}`, 'actor');
    flag(badPeople, c.object_ids ?? [], (i) => `/object_ids/${i}`, 'actor');
    const topicIds = (c.topics ?? []).map((t) => t.topic_id);
    flag(notLive('topics', topicIds), topicIds, (i) => `/topics/${i}/topic_id`, 'topic');
    topicIds.forEach((id, i) => { if (topicIds.indexOf(id) !== i) issues.push({ in: 'body', pointer: `/topics/${i}/topic_id`, message: 'is listed twice' }); });
    const articleIds = (c.sources ?? []).map((s) => s.article_id);
    flag(notLive('articles', articleIds), articleIds, (i) => `/sources/${i}/article_id`, 'article');
    if (issues.length > 0) throw unprocessable('the claim refers to records that do not exist or are deleted', issues);
  }

  /**
   * Checks each source against its article body and fills in the offsets; with the claim's first_published_on, the
   * earliest publication day of those articles.
   */
  function resolveSources(input: ClaimCreateT['sources']): { rows: Omit<SourceRow, 'claimId'>[]; firstPublished: string | null } {
    const found = new Map<string, { body: string | null; published_on: string | null }>();
    for (const s of input) {
      const row = found.has(s.article_id) ? undefined : writes().article.get(s.article_id);
      if (row !== undefined) found.set(row.id, row);
    }
    let firstPublished: string | null = null;
    for (const s of input) {
      const day = found.get(s.article_id)?.published_on ?? null;
      if (day !== null && (firstPublished === null || day < firstPublished)) firstPublished = day;
    }
    const rows = input.map((s, i) => {
      const body = found.get(s.article_id)?.body ?? null;
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
    return { rows, firstPublished };
  }

  /**
   * Replaces the child rows of the lists `c` gives (sources when not null). `fresh`: the claim was just inserted and
   * has none to delete. first_published_on is the caller's to set, from resolveSources.
   */
  function writeChildren(id: string, c: Partial<ClaimCreateT>, sources: Omit<SourceRow, 'claimId'>[] | null, fresh: boolean) {
    const w = writes();
    if (sources !== null) {
      if (!fresh) w.sources.remove.run(id);
      for (const s of sources) {
        w.sources.insert.run(id, s.articleId, s.quote, s.start ?? null, s.end ?? null, s.cue ?? null, s.verbatim === false ? 0 : 1, s.position);
      }
    }
    if (c.topics !== undefined) {
      if (!fresh) w.topics.remove.run(id);
      c.topics.forEach((t, i) => w.topics.insert.run(id, t.topic_id, t.stance, i));
    }
    for (const [statements, list] of [[w.addressees, c.addressee_ids], [w.objects, c.object_ids]] as const) {
      if (list === undefined) continue;
      if (!fresh) statements.remove.run(id);
      list.forEach((actorId, i) => statements.insert.run(id, actorId, i));
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

  /** A parent's deletion state by id, one fixed statement per kind (a list of a parent's records reads it first). */
  const parents = {
    article: 'SELECT deleted_at FROM articles WHERE id = ?',
    actor: 'SELECT deleted_at FROM actors WHERE id = ?',
    topic: 'SELECT deleted_at FROM topics WHERE id = ?',
  } as const;

  return {
    lifecycle,

    /** For sub-resource lists: the parent must exist (404) and be live (410); a merged actor's moved (308). */
    requireParent(kind: keyof typeof parents, id: string) {
      const row = db.$client.prepare<[string], { deleted_at: string | null }>(parents[kind]).get(id);
      if (!row) throw notFound(kind, id);
      const target = kind === 'actor' && row.deleted_at !== null ? mergedActorTarget(db, id) : null;
      if (target !== null) throw new Moved(id, target);
      if (row.deleted_at !== null) throw gone(kind, id);
    },

    byIds,
    documentsOf,

    /** The oldest live claim by this speaker whose text folds to `key` (claimTextKey), through the (actor_id, text_key) index. */
    idBySpeakerAndTextKey(actorId: string, key: string): string | undefined {
      let oldest: string | undefined;
      for (const { id } of writes().byTextKey.all(actorId, key)) if (oldest === undefined || id < oldest) oldest = id;
      return oldest;
    },

    /** Kind and Wikidata id of each speaker of `list` (for schema.org authors); one query. */
    speakers(list: ClaimT[]): Map<string, { id: string; name: string; kind: ActorKindT; wikidata_id: string | null }> {
      const speakerIds = [...new Set(list.map((c) => c.actor_id))];
      if (speakerIds.length === 0) return new Map();
      return new Map(db.select({ id: actors.id, name: actors.name, kind: actors.kind, wikidata_id: actors.wikidataId }).from(actors)
        .where(inArray(actors.id, speakerIds)).all().map((a) => [a.id, a]));
    },

    /** A page of live claims matching every filter given, in the order asked for. */
    list(q: ClaimQuery): Page<ClaimT> {
      const page = listJson(q);
      return { data: page.data.map((text) => JSON.parse(text) as ClaimT), next_cursor: page.next_cursor };
    },

    listJson,
    liveJson,

    create(input: ClaimCreateT, by: Principal | null, meta: CreateMeta = {}): ClaimT {
      return writeTransaction(db, () => {
        checkReferences(input);
        const sources = resolveSources(input.sources);
        const { id, createdAt, updatedAt } = identity('claim', meta);
        const date = partialDateColumns(input.said_on, '/said_on');
        writes().insertClaim.run(
          id, input.actor_id, input.text, claimTextKey(input.text), input.kind,
          date.said_on ?? null, date.said_on_precision ?? null, date.said_on_lo ?? null, date.said_on_hi ?? null,
          input.said_on_text ?? null, input.speaker_role ?? null, input.context ?? null,
          input.language == null ? null : canonicalLanguage(input.language), input.status ?? 'unreviewed', input.origin ?? 'manual',
          input.confidence ?? null, sources.firstPublished, createdAt, updatedAt,
        );
        writeChildren(id, input, sources.rows, true);
        const after = stored(id);
        recordRevision(db, { type: 'claim', id, action: 'create', by, before: null, after });
        return after;
      });
    },

    update(id: string, patch: ClaimPatchT, by: Principal | null, precondition: (current: ClaimT) => void): ClaimT {
      return writeTransaction(db, () => {
        const before = lifecycle.getLive(id);
        precondition(before);
        checkReferences(patch);
        const sources = patch.sources === undefined ? null : resolveSources(patch.sources);
        // The columns the patch gives (null clears one); the statement is prepared once per set of columns.
        const set: [string, string | number | null | undefined][] = [
          ['actor_id', patch.actor_id], ['text', patch.text], ['text_key', patch.text === undefined ? undefined : claimTextKey(patch.text)],
          ['kind', patch.kind], ...Object.entries(partialDateColumns(patch.said_on, '/said_on')),
          ['said_on_text', patch.said_on_text], ['speaker_role', patch.speaker_role], ['context', patch.context],
          ['language', patch.language == null ? patch.language : canonicalLanguage(patch.language)],
          ['status', patch.status], ['origin', patch.origin], ['confidence', patch.confidence],
          ['first_published_on', sources === null ? undefined : sources.firstPublished], ['updated_at', new Date().toISOString()],
        ];
        const given = set.filter(([, value]) => value !== undefined);
        db.$client.prepare(`UPDATE claims SET ${given.map(([column]) => `"${column}" = ?`).join(', ')} WHERE id = ?`)
          .run(...given.map(([, value]) => value), id);
        writeChildren(id, patch, sources === null ? null : sources.rows, false);
        const after = stored(id);
        recordRevision(db, { type: 'claim', id, action: 'update', by, before, after });
        return after;
      });
    },
  };
}
