// HTTP pieces every resource uses: problem responses, ETags, lists (pages, CSV, NDJSON), and the
// routes of a record's lifecycle (get, delete, restore, revisions).
import { createHash } from 'node:crypto';
import Negotiator from 'negotiator';
import { Type, type TSchema, type TString } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { HttpProblem, Moved } from '../plugins/errors.js';
import type { Lifecycle } from '../repositories/lifecycle.js';
import type { Page } from '../repositories/pagination.js';
import { IdParams, ListQuery, Problem, RevisionList, withFormat, type ListFormat } from '../schemas/common.js';
import {
  EXPORT_PAGE_SIZE, EXPORTS, explicitLimit, listResponse, negotiate, openExportReader, sendExport, type Fetch, type ListExport, type ReaderFetch,
} from './formats.js';

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed: a bad value, an unknown field or parameter.',
  401: 'No API key, or one that is not valid.',
  403: 'The API key lacks the scope this operation needs.',
  404: 'No such record or route.',
  406: 'The Accept header admits none of application/json, text/csv and application/x-ndjson.',
  409: 'The change conflicts with existing data (a unique value, or records that depend on this one).',
  410: 'The record was deleted; it can be restored.',
  412: 'If-Match does not match the current ETag: someone changed the record first.',
  413: 'The request body is too large.',
  415: 'The request body is not JSON.',
  422: 'The request is well-formed but refers to records or text that do not fit (e.g. a quote absent from its article).',
  429: 'Too many requests in the rate window from this API key (or, without a key, this address); retry after Retry-After seconds. ' +
    'Every rate-limited response carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset.',
  503: 'The server is overloaded or the database is busy; retry after Retry-After seconds.',
};

const RETRY_AFTER = { 'retry-after': { type: 'integer', minimum: 0, description: 'Seconds to wait before retrying.' } };
const PROBLEM_HEADERS: Record<number, Record<string, object>> = { 429: RETRY_AFTER, 503: RETRY_AFTER };

/** Response entries for the given error statuses, all application/problem+json. */
export function problems(...codes: number[]) {
  const out: Record<number, { description: string; content: { 'application/problem+json': { schema: TSchema } }; headers?: Record<string, object> }> = {};
  for (const code of codes) {
    const headers = PROBLEM_HEADERS[code];
    out[code] = {
      description: PROBLEM_DESCRIPTIONS[code] ?? 'Error.', content: { 'application/problem+json': { schema: Type.Ref(Problem) } },
      ...(headers ? { headers } : {}),
    };
  }
  return out;
}

/**
 * Errors any read can meet (401: a bad key, or no key when reads are closed), and those any write can meet; 429 and 503
 * come from plugins/limits.ts (rate limits, load shedding), 503 also from a database busy with another process's write.
 */
export const READ_ERRORS = [400, 401, 429, 503] as const;
export const WRITE_ERRORS = [400, 401, 403, 413, 415, 429, 503] as const;

type Security = { [scheme: string]: string[] }[];
export const readSecurity: Security = [{}, { bearerAuth: [] }];
export const writeSecurity: Security = [{ bearerAuth: [] }];

export function etagOf(entity: unknown): string {
  return etagOfJson(JSON.stringify(entity));
}

/** The ETag of an entity given as its JSON text, as JSON.stringify writes it: the same as etagOf of the entity. */
function etagOfJson(json: string): string {
  return `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;
}

function matches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const weakless = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => weakless(t) === etag);
}

/** Sends a single record with its ETag, or 304 when If-None-Match already has it. */
export function sendEntity<T>(request: FastifyRequest, reply: FastifyReply, entity: T, status = 200): T | FastifyReply {
  return notModified(request, reply, etagOf(entity), status) ? reply.code(304).send() : reply.code(status).send(entity);
}

/** sendEntity for an entity that is JSON text already (a stored claim document), sent as it is. */
function sendEntityJson(request: FastifyRequest, reply: FastifyReply, json: string) {
  return notModified(request, reply, etagOfJson(json)) ? reply.code(304).send() : reply.type('application/json; charset=utf-8').send(json);
}

/** Sets the ETag; true when the answer is a 304: a GET of a 200 whose If-None-Match already has it. */
function notModified(request: FastifyRequest, reply: FastifyReply, etag: string, status = 200): boolean {
  reply.header('etag', etag);
  return status === 200 && request.method === 'GET' && matches(request.headers['if-none-match'], etag);
}

/** A precondition for writes: a stale If-Match is a 412. */
export function ifMatch(request: FastifyRequest) {
  return (current: unknown) => {
    const header = request.headers['if-match'];
    if (header !== undefined && !matches(header, etagOf(current))) {
      throw new HttpProblem(412, `the record has changed since the ETag ${header} was read; GET it again and retry`);
    }
  };
}

/** An RFC 8288 Link to the rows after `cursor`: this request's URL with the cursor replaced. */
function linkNext(request: FastifyRequest, reply: FastifyReply, cursor: string | null) {
  if (cursor === null) return;
  const [path, query = ''] = request.url.split('?') as [string, string?];
  const params = new URLSearchParams(query);
  params.set('cursor', cursor);
  reply.header('link', `<${path}?${params.toString()}>; rel="next"`);
}

/** Sends a page with an RFC 8288 Link to the next one. */
export function sendPage<T>(request: FastifyRequest, reply: FastifyReply, page: Page<T>) {
  linkNext(request, reply, page.next_cursor);
  return page;
}

/** The JSON page of items that are JSON text already (claim documents), sent without parsing them. */
function sendJsonPage(request: FastifyRequest, reply: FastifyReply, page: Page<string>) {
  linkNext(request, reply, page.next_cursor);
  return reply.type('application/json; charset=utf-8').send(`{"data":[${page.data.join(',')}],"next_cursor":${JSON.stringify(page.next_cursor)}}`);
}

/** How a list may read its pages other than through `fetch`. */
export interface ListReads<T> {
  /** The JSON page with each item as its JSON text (claims: their stored documents). */
  json?: Fetch<string>;
  /** For lists that can be long (claims): the pages of an export, read on a connection of the export's own (openExportReader). */
  reader?: ReaderFetch<T>;
}

/** The query every list has: see withFormat. */
export interface ListParams { limit?: number; cursor?: string; format?: ListFormat }

/**
 * Sends a list in the negotiated format: a JSON page, or CSV or NDJSON streamed from the cursor on
 * (all rows, or at most an explicit limit, then with a Link to the rest). `fetch` reads one page; `reads` other ways
 * of reading them, where a list has them.
 */
export function sendList<T>(
  request: FastifyRequest, reply: FastifyReply, query: ListParams, spec: ListExport<T>, fetch: Fetch<T>, reads: ListReads<T> = {},
) {
  reply.header('vary', 'Accept');
  const format = negotiate(request.headers.accept, query.format);
  if (format === 'json') {
    const limit = query.limit ?? 50;
    return reads.json === undefined ? sendPage(request, reply, fetch(query.cursor, limit)) : sendJsonPage(request, reply, reads.json(query.cursor, limit));
  }
  const max = explicitLimit(request, query.limit);
  const reader = reads.reader === undefined ? undefined : openExportReader(request.server.db, reads.reader);
  const read = reader?.fetch ?? fetch;
  let first: ReturnType<Fetch<T>>;
  try {
    first = read(query.cursor, Math.min(EXPORT_PAGE_SIZE, max ?? EXPORT_PAGE_SIZE));
  } catch (error) {
    reader?.close();
    throw error;
  }
  if (max !== undefined && max <= EXPORT_PAGE_SIZE) linkNext(request, reply, first.next_cursor);
  return sendExport(request, reply, format, spec, first, read, max, reader?.close);
}

/** The responses of a list operation: 200 in three formats, the read problems, 406, and `errors`. */
export function listResponses(list: TSchema, spec: ListExport<never>, what: string, ...errors: number[]) {
  return { 200: listResponse(list, spec, what), ...problems(...READ_ERRORS, 406, ...errors) };
}

/**
 * A representation of a resource other than its JSON, e.g. Popolo or schema.org JSON-LD. It is
 * chosen only when Accept prefers its media type: JSON stays the default (no Accept, or * / *).
 */
export interface Representation<T> {
  mediaType: string;
  /** What the document holds, for the API description. */
  description: string;
  /** The document for one record. */
  one(entity: T): unknown;
  /** The document for a page of records. */
  page(items: T[]): unknown;
}

/** The representation Accept prefers over `usual` (JSON; for lists also CSV and NDJSON), if any. */
export function preferredRepresentation<T>(
  accept: string | undefined, representations: readonly Representation<T>[], usual: readonly string[] = ['application/json'],
): Representation<T> | undefined {
  if (representations.length === 0 || accept === undefined || accept.trim() === '') return undefined;
  const best = new Negotiator({ headers: { accept } }).mediaType([...usual, ...representations.map((r) => r.mediaType)]);
  return representations.find((r) => r.mediaType === best);
}

/** The response content entries of representations, for a 200 response's `content`. */
export function representationContent(representations: readonly Representation<never>[]) {
  return Object.fromEntries(representations.map((r) => [
    r.mediaType, { schema: Type.Object({}, { additionalProperties: true, description: r.description }) },
  ]));
}

/** Sends a record as JSON, or in the representation Accept prefers: as text of its media type, with its own ETag. */
function sendRepresented<T>(request: FastifyRequest, reply: FastifyReply, entity: T, representations: readonly Representation<T>[]) {
  if (representations.length === 0) return sendEntity(request, reply, entity);
  reply.header('vary', 'Accept');
  const chosen = preferredRepresentation(request.headers.accept, representations);
  if (chosen === undefined) return sendEntity(request, reply, entity);
  reply.type(chosen.mediaType);
  return sendEntity(request, reply, JSON.stringify(chosen.one(entity)));
}

/** The 200 of a GET by id: the entity's schema, or one content entry per representation. */
function entityResponse(entity: TSchema, what: string, representations: readonly Representation<never>[]) {
  if (representations.length === 0) return Type.Ref(entity);
  return {
    description: `The ${what}: JSON by default, or ${representations.map((r) => r.mediaType).join(', ')} when Accept prefers it.`,
    content: { 'application/json': { schema: Type.Ref(entity) }, ...representationContent(representations) },
  };
}

/**
 * For a list with other representations: sends the page in the one Accept prefers and returns the
 * reply, or returns undefined when JSON, CSV or NDJSON is wanted (then sendList answers). `format` wins over Accept.
 */
export function sendPageAs<T>(
  request: FastifyRequest, reply: FastifyReply, query: ListParams, representations: readonly Representation<T>[], fetch: Fetch<T>,
): FastifyReply | undefined {
  reply.header('vary', 'Accept');
  if (query.format !== undefined) return undefined;
  const chosen = preferredRepresentation(request.headers.accept, representations, ['application/json', 'text/csv', 'application/x-ndjson']);
  if (chosen === undefined) return undefined;
  const page = fetch(query.cursor, query.limit ?? 50);
  linkNext(request, reply, page.next_cursor);
  return reply.type(chosen.mediaType).send(JSON.stringify(chosen.page(page.data)));
}

/** listResponses, with the representations added to the 200. */
export function listResponsesWith(list: TSchema, spec: ListExport<never>, what: string, representations: readonly Representation<never>[], ...errors: number[]) {
  const responses = listResponses(list, spec, what, ...errors);
  const ok = responses[200];
  return { ...responses, 200: { ...ok, content: { ...ok.content, ...representationContent(representations) } } };
}

/** The 308 a read of a merged record answers, to the same path under the id it was merged into. */
export function movedResponse(noun: string) {
  return {
    308: {
      description: `Permanent Redirect: the ${noun} was merged into another; Location is this path under its id (at the end of any chain of merges).`,
      type: 'null',
      headers: { location: { type: 'string', description: `This path under the id of the ${noun} this one was merged into.` } },
    },
  } as const;
}

export interface LifecycleRoutes<T> {
  /** Singular and plural nouns: 'Claim', 'claims'. */
  noun: string;
  plural: string;
  idSchema: TString;
  entity: TSchema;
  lifecycle: Lifecycle<T>;
  /** Representations other than JSON that GET /{id} answers in when Accept prefers them. */
  representations?: readonly Representation<T>[];
  /**
   * For records that can be merged into another (actors): where a merged id now lives, or null. GET answers 308
   * there; the lifecycle's restore is expected to undo the merge, and may refuse with 409.
   */
  mergedInto?(id: string): string | null;
  /**
   * The live record as JSON text exactly as JSON.stringify writes its entity (so that its ETag is the entity's), or the
   * 404/410 of getLive: GET then sends the text without parsing and serializing it again.
   */
  liveJson?(id: string): string;
}

export const IF_MATCH = Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'ETag from a previous read; the write fails with 412 if the record changed since.' })) });

/** GET /{id}, DELETE /{id}, POST /{id}/restore and GET /{id}/revisions for one resource. */
export function registerLifecycleRoutes<T>(app: FastifyInstance, spec: LifecycleRoutes<T>): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { noun, plural, lifecycle } = spec;
  const lower = noun.toLowerCase();
  const params = IdParams(spec.idSchema);
  const tags = [plural];
  const representations = spec.representations ?? [];
  const { mergedInto } = spec;
  const moved = mergedInto === undefined ? {} : movedResponse(lower);

  r.get('/:id', {
    schema: {
      operationId: `get${noun}`, tags, summary: `Get one ${lower}`, security: readSecurity,
      description: `The ${lower} with an ETag; 304 when If-None-Match matches; 410 once deleted` +
        (mergedInto === undefined ? '.' : `; 308 to the ${lower} it was merged into, following chains of merges.`),
      params,
      response: { 200: entityResponse(spec.entity, lower, representations), 304: { description: 'Not modified', type: 'null' }, ...moved, ...problems(...READ_ERRORS, 404, 410) },
    },
  }, async (request, reply) => {
    const target = mergedInto?.(request.params.id) ?? null;
    if (target !== null) throw new Moved(request.params.id, target);
    if (spec.liveJson !== undefined && preferredRepresentation(request.headers.accept, representations) === undefined) {
      if (representations.length > 0) reply.header('vary', 'Accept');
      return sendEntityJson(request, reply, spec.liveJson(request.params.id));
    }
    return sendRepresented(request, reply, lifecycle.getLive(request.params.id), representations);
  });

  r.delete('/:id', {
    schema: {
      operationId: `delete${noun}`, tags, summary: `Delete one ${lower}`, security: writeSecurity,
      description: `Soft delete: the ${lower} leaves lists and answers 410, keeps its revisions, and can be restored.`,
      params, headers: IF_MATCH,
      response: { 204: { description: 'Deleted', type: 'null' }, ...problems(...WRITE_ERRORS, 404, 410, 412, ...(lifecycle.guardsDelete ? [409] : [])) },
    },
  }, async (request, reply) => {
    lifecycle.remove(request.params.id, request.principal, ifMatch(request));
    return reply.code(204).send();
  });

  r.post('/:id/restore', {
    schema: {
      operationId: `restore${noun}`, tags, summary: `Restore a deleted ${lower}`, security: writeSecurity,
      description: `Undoes a delete; restoring a ${lower} that is not deleted changes nothing.` + (mergedInto === undefined ? '' :
        ` Restoring a merged ${lower} undoes its merge (see its merge revision); 409 while the ${lower} it was merged into is itself merged.`),
      params,
      response: {
        200: Type.Ref(spec.entity),
        ...problems(...WRITE_ERRORS, 404, ...(mergedInto === undefined ? [] : [409]), ...(lifecycle.guardsRestore ? [422] : [])),
      },
    },
  }, async (request, reply) => sendEntity(request, reply, lifecycle.restore(request.params.id, request.principal)));

  r.get('/:id/revisions', {
    schema: {
      operationId: `list${noun}Revisions`, tags, summary: `History of one ${lower}`, security: readSecurity,
      description: `Every create, update, delete${mergedInto === undefined ? '' : ', merge'} and restore of the ${lower}, oldest first, with who, when, before and after.`,
      params, querystring: withFormat(Type.Object(ListQuery)),
      response: listResponses(RevisionList, EXPORTS.revisions, 'revisions', 404),
    },
  }, async (request, reply) => sendList(request, reply, request.query, { ...EXPORTS.revisions, file: `${lower}-${request.params.id}-revisions` },
    (cursor, limit) => lifecycle.revisions(request.params.id, limit, cursor)));
}
