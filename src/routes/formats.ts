// List formats: content negotiation, the CSV columns of each resource, and streamed CSV/NDJSON exports.
//
// CSV (RFC 4180): a header row, CRLF line ends, a cell quoted when it holds a comma, a quote or a line
// break. null is an empty cell, booleans are true/false, numbers are plain. Multi-valued fields are
// joined with ';' (LIST_SEPARATOR); the cell is quoted as needed, so the file always parses, but a value
// that itself holds ';' is not escaped: NDJSON carries every field exactly. Parallel lists
// (article_ids, quotes, source_starts…) have one entry per source, in order, empty when null.
// Against formula injection (OWASP "CSV injection"), a text cell starting with = + - @, tab or CR
// (or their full-width forms) gets a leading ' so spreadsheets show it as text; numbers are never prefixed.
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import Negotiator from 'negotiator';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { openReader, type Db } from '../db/client.js';
import { HttpProblem } from '../plugins/errors.js';
import type { Page } from '../repositories/pagination.js';
import { Actor, type ActorT } from '../schemas/actors.js';
import {
  Contradiction, StanceChange, TimelineEvent, TopicStance, type ContradictionT, type StanceChangeT, type TimelineEventT, type TopicStanceT,
} from '../schemas/analysis.js';
import { Article, type ArticleT } from '../schemas/articles.js';
import { Claim, type ClaimT } from '../schemas/claims.js';
import { LIST_FORMATS, Revision, type ListFormat } from '../schemas/common.js';
import { Position, type PositionT } from '../schemas/positions.js';
import { Topic, type TopicT } from '../schemas/topics.js';

/** Rows per internal page of a CSV or NDJSON export: memory holds one page at a time. */
export const EXPORT_PAGE_SIZE = 500;
export const LIST_SEPARATOR = ';';

export type Fetch<T> = (cursor: string | undefined, limit: number) => Page<T>;
type Cell = string | number | boolean | null | undefined;
type Columns<T> = Record<string, (row: T) => Cell>;

/** How one resource leaves as a file: its name, its JSON item schema (for NDJSON) and its CSV columns. */
export interface ListExport<T> {
  file: string;
  item: TSchema;
  columns: Columns<T>;
}

const MEDIA_TYPES: Record<ListFormat, string> = { json: 'application/json', csv: 'text/csv', ndjson: 'application/x-ndjson' };
const CONTENT_TYPES: Record<Exclude<ListFormat, 'json'>, string> = { csv: 'text/csv; charset=utf-8', ndjson: 'application/x-ndjson' };

const joined = (values: readonly (string | number | null)[]) => values.map((v) => v ?? '').join(LIST_SEPARATOR);
type RoleT = ActorT['roles'][number];
const role = (r: RoleT) =>
  `${r.title}${r.organization ? `@${r.organization.name}` : ''}${r.start !== null || r.end !== null ? ` ${r.start ?? ''}..${r.end ?? ''}` : ''}`;

const articleColumns: Columns<ArticleT> = {
  id: (a) => a.id,
  url: (a) => a.url,
  title: (a) => a.title,
  outlet: (a) => a.outlet,
  outlet_domain: (a) => a.outlet_domain,
  authors: (a) => joined(a.authors),
  published_at: (a) => a.published_at,
  language: (a) => a.language,
  body: (a) => a.body,
  created_at: (a) => a.created_at,
  updated_at: (a) => a.updated_at,
};

const actorColumns: Columns<ActorT> = {
  id: (a) => a.id,
  name: (a) => a.name,
  kind: (a) => a.kind,
  aliases: (a) => joined(a.aliases),
  description: (a) => a.description,
  wikidata_id: (a) => a.wikidata_id,
  country: (a) => a.country,
  roles: (a) => joined(a.roles.map(role)),
  created_at: (a) => a.created_at,
  updated_at: (a) => a.updated_at,
};

const topicColumns: Columns<TopicT> = {
  id: (t) => t.id,
  slug: (t) => t.slug,
  name: (t) => t.name,
  description: (t) => t.description,
  parent_id: (t) => t.parent_id,
  created_at: (t) => t.created_at,
  updated_at: (t) => t.updated_at,
};

const claimColumns: Columns<ClaimT> = {
  id: (c) => c.id,
  actor_id: (c) => c.actor_id,
  speaker_name: (c) => c.speaker.name,
  text: (c) => c.text,
  kind: (c) => c.kind,
  said_on: (c) => c.said_on,
  said_on_precision: (c) => c.said_on_precision,
  said_on_text: (c) => c.said_on_text,
  speaker_role: (c) => c.speaker_role,
  speaking_as_title: (c) => c.speaking_as?.title,
  speaking_as_organization: (c) => c.speaking_as?.organization?.name,
  context: (c) => c.context,
  language: (c) => c.language,
  status: (c) => c.status,
  origin: (c) => c.origin,
  confidence: (c) => c.confidence,
  topics: (c) => joined(c.topics.map((t) => `${t.topic.slug}:${t.stance}`)),
  topic_ids: (c) => joined(c.topics.map((t) => t.topic_id)),
  addressee_ids: (c) => joined(c.addressee_ids),
  object_ids: (c) => joined(c.object_ids),
  source_count: (c) => c.sources.length,
  article_ids: (c) => joined(c.sources.map((s) => s.article_id)),
  article_titles: (c) => joined(c.sources.map((s) => s.article.title)),
  article_outlets: (c) => joined(c.sources.map((s) => s.article.outlet)),
  article_published_at: (c) => joined(c.sources.map((s) => s.article.published_at)),
  quotes: (c) => joined(c.sources.map((s) => s.quote)),
  source_starts: (c) => joined(c.sources.map((s) => s.start)),
  source_ends: (c) => joined(c.sources.map((s) => s.end)),
  fact_checks: (c) => joined(c.fact_checks.map((f) => `${f.publisher}:${f.rating}`)),
  created_at: (c) => c.created_at,
  updated_at: (c) => c.updated_at,
  snippet: (c) => c.snippet,
};

const positionColumns: Columns<PositionT> = {
  id: (p) => p.id,
  actor_id: (p) => p.actor_id,
  actor_name: (p) => p.actor.name,
  topic_id: (p) => p.topic_id,
  topic_slug: (p) => p.topic.slug,
  stance: (p) => p.stance,
  summary: (p) => p.summary,
  valid_from: (p) => p.valid_from,
  valid_from_precision: (p) => p.valid_from_precision,
  valid_to: (p) => p.valid_to,
  valid_to_precision: (p) => p.valid_to_precision,
  evidence: (p) => joined(p.evidence),
  created_at: (p) => p.created_at,
  updated_at: (p) => p.updated_at,
};

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
const revisionColumns: Columns<Static<typeof Revision>> = {
  id: (r) => r.id,
  action: (r) => r.action,
  at: (r) => r.at,
  by_key_id: (r) => r.by?.key_id,
  by_name: (r) => r.by?.name,
  before: (r) => json(r.before),
  after: (r) => json(r.after),
};

// Analysis lists: one flat row per item; fields of a nested record are prefixed with its name.
const claimTopics = (c: ClaimT) => joined(c.topics.map((t) => `${t.topic.slug}:${t.stance}`));

/** A timeline event: the claim_*, role_* or position_* columns of its type are filled, the others empty. */
const timelineColumns: Columns<TimelineEventT> = {
  date: (e) => e.date,
  date_precision: (e) => e.date_precision,
  type: (e) => e.type,
  claim_id: (e) => e.claim?.id,
  claim_text: (e) => e.claim?.text,
  claim_kind: (e) => e.claim?.kind,
  claim_topics: (e) => (e.claim ? claimTopics(e.claim) : null),
  role_title: (e) => e.role?.title,
  role_organization: (e) => e.role?.organization?.name,
  role_start: (e) => e.role?.start,
  role_end: (e) => e.role?.end,
  position_id: (e) => e.position?.id,
  position_topic_slug: (e) => e.position?.topic.slug,
  position_stance: (e) => e.position?.stance,
  position_valid_from: (e) => e.position?.valid_from,
  position_valid_to: (e) => e.position?.valid_to,
};

const topicStanceColumns: Columns<TopicStanceT> = {
  actor_id: (s) => s.actor.id,
  actor_name: (s) => s.actor.name,
  position_id: (s) => s.position?.id,
  position_stance: (s) => s.position?.stance,
  position_valid_from: (s) => s.position?.valid_from,
  position_valid_to: (s) => s.position?.valid_to,
  claims_supports: (s) => s.claims.supports,
  claims_opposes: (s) => s.claims.opposes,
  claims_neutral: (s) => s.claims.neutral,
  claims_mixed: (s) => s.claims.mixed,
  undated_supports: (s) => s.undated_claims.supports,
  undated_opposes: (s) => s.undated_claims.opposes,
  undated_neutral: (s) => s.undated_claims.neutral,
  undated_mixed: (s) => s.undated_claims.mixed,
  window_from: (s) => s.window.from,
  window_to: (s) => s.window.to,
};

const stanceChangeColumns: Columns<StanceChangeT> = {
  date: (c) => c.date,
  date_precision: (c) => c.date_precision,
  topic_id: (c) => c.topic.id,
  topic_slug: (c) => c.topic.slug,
  from_stance: (c) => c.from_stance,
  to_stance: (c) => c.to_stance,
  before_claim_id: (c) => c.before.id,
  before_said_on: (c) => c.before.said_on,
  before_text: (c) => c.before.text,
  after_claim_id: (c) => c.after.id,
  after_text: (c) => c.after.text,
};

const contradictionColumns: Columns<ContradictionT> = {
  actor_id: (c) => c.actor.id,
  actor_name: (c) => c.actor.name,
  topic_id: (c) => c.topic.id,
  topic_slug: (c) => c.topic.slug,
  supports_claim_id: (c) => c.supports.id,
  supports_said_on: (c) => c.supports.said_on,
  supports_text: (c) => c.supports.text,
  opposes_claim_id: (c) => c.opposes.id,
  opposes_said_on: (c) => c.opposes.said_on,
  opposes_text: (c) => c.opposes.text,
};

/** Every exportable list: the one table of CSV columns. */
export const EXPORTS = {
  articles: { file: 'articles', item: Type.Ref(Article), columns: articleColumns } satisfies ListExport<ArticleT>,
  actors: { file: 'actors', item: Type.Ref(Actor), columns: actorColumns } satisfies ListExport<ActorT>,
  topics: { file: 'topics', item: Type.Ref(Topic), columns: topicColumns } satisfies ListExport<TopicT>,
  claims: { file: 'claims', item: Type.Ref(Claim), columns: claimColumns } satisfies ListExport<ClaimT>,
  positions: { file: 'positions', item: Type.Ref(Position), columns: positionColumns } satisfies ListExport<PositionT>,
  revisions: { file: 'revisions', item: Type.Ref(Revision), columns: revisionColumns } satisfies ListExport<Static<typeof Revision>>,
  timeline: { file: 'timeline', item: Type.Ref(TimelineEvent), columns: timelineColumns } satisfies ListExport<TimelineEventT>,
  topicStances: { file: 'stances', item: Type.Ref(TopicStance), columns: topicStanceColumns } satisfies ListExport<TopicStanceT>,
  stanceChanges: { file: 'stance-changes', item: Type.Ref(StanceChange), columns: stanceChangeColumns } satisfies ListExport<StanceChangeT>,
  contradictions: { file: 'contradictions', item: Type.Ref(Contradiction), columns: contradictionColumns } satisfies ListExport<ContradictionT>,
};

/** The 200 response of a list: a JSON page, or the whole list as CSV or NDJSON. */
export function listResponse(list: TSchema, spec: ListExport<never>, what: string) {
  return {
    description: `A page of ${what} (JSON), or every matching one from the cursor on (CSV, NDJSON; at most limit when limit is given).`,
    headers: {
      link: {
        type: 'string',
        description: 'RFC 8288 link to the rest: `<this URL with the next cursor>; rel="next"`. Sent when more rows follow this JSON page, '
          + 'or a CSV or NDJSON response that limit cut short; absent on the last page.',
      },
    },
    content: {
      'application/json': { schema: Type.Ref(list) },
      'text/csv': {
        schema: Type.String({
          description: `RFC 4180 CSV with a header row and the columns ${Object.keys(spec.columns).join(', ')}. ` +
            `Empty cell for null; lists joined with "${LIST_SEPARATOR}"; text starting with = + - @ is prefixed with ' against formula injection.`,
        }),
      },
      'application/x-ndjson': { schema: Type.String({ description: 'Newline-delimited JSON: one item per line, exactly as in data of the JSON page.' }) },
    },
  };
}

/** The format asked for: `format` wins; then Accept with its q-values; no Accept (or a blank one) is JSON. 406 when Accept admits none. */
export function negotiate(accept: string | undefined, format: ListFormat | undefined): ListFormat {
  if (format !== undefined) return format;
  if (accept === undefined || accept.trim() === '') return 'json';
  const best = new Negotiator({ headers: { accept } }).mediaType(LIST_FORMATS.map((f) => MEDIA_TYPES[f]));
  const chosen = LIST_FORMATS.find((f) => MEDIA_TYPES[f] === best);
  if (chosen === undefined) {
    throw new HttpProblem(406, `Accept: ${accept} admits none of ${Object.values(MEDIA_TYPES).join(', ')}; ask for one of them, or use the format parameter`);
  }
  return chosen;
}

/** The limit the client wrote in the URL: validation fills in the default, which an export must ignore. */
export function explicitLimit(request: FastifyRequest, limit: number | undefined): number | undefined {
  return new URLSearchParams(request.url.split('?')[1] ?? '').has('limit') ? limit : undefined;
}

/**
 * A list's fetch on a given database. For long lists (claims) an export reads its pages through a connection of its own
 * (openReader: no memory map, a small cache): the memory and the page cache of the server's connection stay as they were.
 */
export type ReaderFetch<T> = (db: Db) => Fetch<T>;

/** A fetch on a reader of the database of `db`, and its close (idempotent). */
export function openExportReader<T>(db: Db, readerFetch: ReaderFetch<T>): { fetch: Fetch<T>; close: () => void } {
  const reader = openReader(db);
  let open = true;
  const close = () => {
    if (open) reader.close();
    open = false;
  };
  try {
    return { fetch: readerFetch(reader.db), close };
  } catch (error) {
    close();
    throw error;
  }
}

/** Every page from the first on, fetching the next page only when the stream wants more. */
function* pagesFrom<T>(first: Page<T>, fetch: Fetch<T>, max: number): Generator<T[]> {
  let page = first;
  let remaining = max;
  for (;;) {
    yield page.data;
    remaining -= page.data.length;
    if (page.next_cursor === null || remaining <= 0) return;
    page = fetch(page.next_cursor, Math.min(EXPORT_PAGE_SIZE, remaining));
  }
}

/** Rows per piece of text an export sends: small enough to stay out of V8's large-object space. */
const CHUNK_ROWS = 50;

const CSV_OPTIONS = { record_delimiter: 'windows', escape_formulas: true, cast: { boolean: (b: boolean) => String(b) } } as const;

/** A page as pieces of text of CHUNK_ROWS rows each. */
function piecesOf<R>(rows: R[], text: (rows: R[]) => string): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) pieces.push(text(rows.slice(i, i + CHUNK_ROWS)));
  return pieces;
}

/**
 * The CSV text of each page, the header row first. A page is written as soon as it is read, so that its rows are
 * garbage while still young (held while a stream took them one by one, they outlived collections of the young
 * generation and filled the old one); then its text goes out.
 */
function* csvChunks<T>(columns: Columns<T>, pages: Iterable<T[]>, close: () => void): Generator<string> {
  try {
    const cells = Object.values(columns);
    yield stringify([Object.keys(columns)], CSV_OPTIONS);
    for (const rows of pages) {
      yield* piecesOf(rows, (some) => stringify(some.map((row) => cells.map((cell) => cell(row))), CSV_OPTIONS));
    }
  } finally {
    close();
  }
}

function* ndjsonChunks<T>(serialize: (item: T) => string, pages: Iterable<T[]>, close: () => void): Generator<string> {
  try {
    for (const rows of pages) yield* piecesOf(rows, (some) => some.map((row) => `${serialize(row)}\n`).join(''));
  } finally {
    close();
  }
}

/**
 * Streams the list as CSV or NDJSON from its first page (already fetched, so that a bad cursor or
 * a missing parent was a problem response before any byte was sent) through Readable.from, a page
 * at a time: the next page is read only once the response has taken the text of the last one.
 * `close` runs when the export ends, however it ends.
 */
export function sendExport<T>(
  request: FastifyRequest, reply: FastifyReply, format: Exclude<ListFormat, 'json'>, spec: ListExport<T>,
  first: Page<T>, fetch: Fetch<T>, max = Number.POSITIVE_INFINITY, close: () => void = () => {},
) {
  reply.type(CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="${spec.file}.${format}"`);
  if (request.method === 'HEAD') {
    close();
    return reply.send();
  }
  reply.raw.once('close', close);
  const pages = pagesFrom(first, fetch, max);
  const chunks = format === 'ndjson'
    ? ndjsonChunks(reply.compileSerializationSchema(spec.item) as (item: T) => string, pages, close)
    : csvChunks(spec.columns, pages, close);
  // Bytes, not objects: the stream holds one piece beyond what the response has taken. A failure mid-stream
  // (headers already sent) reaches Fastify as an error on the stream: it logs it and cuts the response.
  return reply.send(Readable.from(chunks, { objectMode: false }));
}
