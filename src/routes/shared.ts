// HTTP pieces every resource uses: problem responses, ETags, lists (pages, CSV, NDJSON), and the
// routes of a record's lifecycle (get, delete, restore, revisions).
import { createHash } from 'node:crypto';
import { Type, type TSchema, type TString } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { HttpProblem } from '../plugins/errors.js';
import type { Lifecycle } from '../repositories/lifecycle.js';
import type { Page } from '../repositories/pagination.js';
import { IdParams, ListQuery, Problem, RevisionList, withFormat, type ListFormat } from '../schemas/common.js';
import { EXPORT_PAGE_SIZE, EXPORTS, explicitLimit, listResponse, negotiate, sendExport, type Fetch, type ListExport } from './formats.js';

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
};

/** Response entries for the given error statuses, all application/problem+json. */
export function problems(...codes: number[]) {
  const out: Record<number, { description: string; content: { 'application/problem+json': { schema: TSchema } } }> = {};
  for (const code of codes) {
    out[code] = { description: PROBLEM_DESCRIPTIONS[code] ?? 'Error.', content: { 'application/problem+json': { schema: Type.Ref(Problem) } } };
  }
  return out;
}

/** Errors any read can meet (401: a bad key, or no key when reads are closed), and those any write can meet. */
export const READ_ERRORS = [400, 401] as const;
export const WRITE_ERRORS = [400, 401, 403, 413, 415] as const;

type Security = { [scheme: string]: string[] }[];
export const readSecurity: Security = [{}, { bearerAuth: [] }];
export const writeSecurity: Security = [{ bearerAuth: [] }];

export function etagOf(entity: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(entity)).digest('base64url').slice(0, 27)}"`;
}

function matches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const weakless = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => weakless(t) === etag);
}

/** Sends a single record with its ETag, or 304 when If-None-Match already has it. */
export function sendEntity<T>(request: FastifyRequest, reply: FastifyReply, entity: T, status = 200): T | FastifyReply {
  const etag = etagOf(entity);
  reply.header('etag', etag);
  if (status === 200 && request.method === 'GET' && matches(request.headers['if-none-match'], etag)) {
    return reply.code(304).send();
  }
  return reply.code(status).send(entity);
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

/** The query every list has: see withFormat. */
export interface ListParams { limit?: number; cursor?: string; format?: ListFormat }

/**
 * Sends a list in the negotiated format: a JSON page, or CSV or NDJSON streamed from the cursor on
 * (all rows, or at most an explicit limit, then with a Link to the rest). `fetch` reads one page.
 */
export function sendList<T>(request: FastifyRequest, reply: FastifyReply, query: ListParams, spec: ListExport<T>, fetch: Fetch<T>) {
  reply.header('vary', 'Accept');
  const format = negotiate(request.headers.accept, query.format);
  if (format === 'json') return sendPage(request, reply, fetch(query.cursor, query.limit ?? 50));
  const max = explicitLimit(request, query.limit);
  const first = fetch(query.cursor, Math.min(EXPORT_PAGE_SIZE, max ?? EXPORT_PAGE_SIZE));
  if (max !== undefined && max <= EXPORT_PAGE_SIZE) linkNext(request, reply, first.next_cursor);
  return sendExport(request, reply, format, spec, first, fetch, max);
}

/** The responses of a list operation: 200 in three formats, the read problems, 406, and `errors`. */
export function listResponses(list: TSchema, spec: ListExport<never>, what: string, ...errors: number[]) {
  return { 200: listResponse(list, spec, what), ...problems(...READ_ERRORS, 406, ...errors) };
}

export interface LifecycleRoutes<T> {
  /** Singular and plural nouns: 'Claim', 'claims'. */
  noun: string;
  plural: string;
  idSchema: TString;
  entity: TSchema;
  lifecycle: Lifecycle<T>;
}

export const IF_MATCH = Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'ETag from a previous read; the write fails with 412 if the record changed since.' })) });

/** GET /{id}, DELETE /{id}, POST /{id}/restore and GET /{id}/revisions for one resource. */
export function registerLifecycleRoutes<T>(app: FastifyInstance, spec: LifecycleRoutes<T>): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { noun, plural, lifecycle } = spec;
  const lower = noun.toLowerCase();
  const params = IdParams(spec.idSchema);
  const tags = [plural];

  r.get('/:id', {
    schema: {
      operationId: `get${noun}`, tags, summary: `Get one ${lower}`, security: readSecurity,
      description: `The ${lower} with an ETag; 304 when If-None-Match matches; 410 once deleted.`,
      params,
      response: { 200: Type.Ref(spec.entity), 304: { description: 'Not modified', type: 'null' }, ...problems(...READ_ERRORS, 404, 410) },
    },
  }, async (request, reply) => sendEntity(request, reply, lifecycle.getLive(request.params.id)));

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
      description: `Undoes a delete; restoring a ${lower} that is not deleted changes nothing.`,
      params,
      response: { 200: Type.Ref(spec.entity), ...problems(...WRITE_ERRORS, 404, ...(lifecycle.guardsRestore ? [422] : [])) },
    },
  }, async (request, reply) => sendEntity(request, reply, lifecycle.restore(request.params.id, request.principal)));

  r.get('/:id/revisions', {
    schema: {
      operationId: `list${noun}Revisions`, tags, summary: `History of one ${lower}`, security: readSecurity,
      description: `Every create, update, delete and restore of the ${lower}, oldest first, with who, when, before and after.`,
      params, querystring: withFormat(Type.Object(ListQuery)),
      response: listResponses(RevisionList, EXPORTS.revisions, 'revisions', 404),
    },
  }, async (request, reply) => sendList(request, reply, request.query, { ...EXPORTS.revisions, file: `${lower}-${request.params.id}-revisions` },
    (cursor, limit) => lifecycle.revisions(request.params.id, limit, cursor)));
}
