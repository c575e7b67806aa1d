// One error shape: every failure leaves as RFC 9457 application/problem+json, built here.
import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ProblemBody } from '../schemas/common.js';

type Issue = NonNullable<ProblemBody['errors']>[number];

const TITLES: Record<number, [slug: string, title: string]> = {
  400: ['bad-request', 'Bad request'],
  401: ['unauthorized', 'Authentication required'],
  403: ['forbidden', 'Not allowed'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  406: ['not-acceptable', 'Not acceptable'],
  409: ['conflict', 'Conflict'],
  410: ['gone', 'Gone'],
  412: ['precondition-failed', 'Precondition failed'],
  413: ['payload-too-large', 'Request body too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['unprocessable', 'Unprocessable content'],
  428: ['precondition-required', 'Precondition required'],
  429: ['too-many-requests', 'Too many requests'],
  500: ['internal', 'Internal server error'],
  503: ['unavailable', 'Service unavailable'],
};

export const problemType = (slug: string) => `/problems/${slug}`;

/** An error that becomes a problem response; throw it from handlers and repositories. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly extra: { type?: string; title?: string; errors?: Issue[]; [key: string]: unknown } = {},
  ) {
    super(detail);
  }
}

/** Thrown for a record that was merged into another: reads answer 308 to the same path under the new id. */
export class Moved extends Error {
  constructor(readonly from: string, readonly to: string) {
    super(`${from} was merged into ${to}`);
  }
}

export const notFound = (what: string, id: string) => new HttpProblem(404, `${what} ${id} does not exist`);
export const gone = (what: string, id: string) =>
  new HttpProblem(410, `${what} ${id} was deleted; POST to its /restore to bring it back`);
export const conflict = (detail: string, extra: Record<string, unknown> = {}) => new HttpProblem(409, detail, extra);

/** A 400 for bad values found by code rather than by the schema, in the same shape as schema errors. */
export function invalid(errors: Issue[]) {
  return new HttpProblem(400, errors.map((e) => `${e.in} ${e.pointer}: ${e.message}`).join('; '), {
    type: problemType('validation'), title: 'Invalid request', errors,
  });
}

/** A 422 naming the request values that refer to something unusable. */
export function unprocessable(detail: string, errors: Issue[], extra: Record<string, unknown> = {}) {
  return new HttpProblem(422, detail, { errors, ...extra });
}

const LOCATION: Record<string, Issue['in']> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

interface AjvIssue {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

function toIssue(where: Issue['in'], v: AjvIssue): Issue {
  let pointer = v.instancePath;
  let message = v.message ?? 'is invalid';
  if (v.keyword === 'additionalProperties') {
    pointer += `/${String(v.params.additionalProperty)}`;
    message = where === 'body' ? 'unknown field' : where === 'query' ? 'unknown query parameter' : 'unknown property';
  } else if (v.keyword === 'required') {
    pointer += `/${String(v.params.missingProperty)}`;
    message = 'is required';
  } else if (v.keyword === 'enum' && Array.isArray(v.params.allowedValues)) {
    message = `must be one of: ${v.params.allowedValues.join(', ')}`;
  }
  return { in: where, pointer: pointer || '/', message };
}

export function problemBody(status: number, detail: string | undefined, instance: string, extra: HttpProblem['extra'] = {}): ProblemBody {
  const [slug, title] = TITLES[status] ?? ['error', 'Error'];
  const { type, title: extraTitle, ...rest } = extra;
  return {
    type: type ?? problemType(slug),
    title: extraTitle ?? title,
    status,
    ...(detail ? { detail } : {}),
    instance,
    ...rest,
  };
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, status: number, detail: string | undefined, extra: HttpProblem['extra'] = {}) {
  return reply.code(status).type('application/problem+json').send(problemBody(status, detail, request.url.split('?')[0] ?? '/', extra));
}

function handle(error: FastifyError | HttpProblem | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof HttpProblem) return sendProblem(reply, request, error.status, error.message, error.extra);
  if (error instanceof Moved) return reply.code(308).header('location', request.url.split(error.from).join(error.to)).send();
  const fe = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (fe.validation) {
    const where = LOCATION[fe.validationContext ?? 'body'] ?? 'body';
    const problem = invalid(fe.validation.map((v) => toIssue(where, v)));
    return sendProblem(reply, request, 400, problem.message, problem.extra);
  }
  // Another process held the write lock past busy_timeout: the client may simply retry.
  // (Write transactions BEGIN IMMEDIATE, so a writer waits for the lock instead of failing on a stale snapshot.)
  if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
    reply.header('retry-after', '1');
    return sendProblem(reply, request, 503, 'the database is busy with another write; retry shortly');
  }
  const status = fe.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return sendProblem(reply, request, status, fe.message);
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, request, 500, 'The server failed to handle this request; it has been logged.');
}

/**
 * Errors Fastify's router raises before any hook runs (the `frameworkErrors` option of Fastify): a path parameter
 * longer than maxParamLength (else a 414 in Fastify's own JSON) or not valid percent-encoded UTF-8 (else a plain 400).
 * Every path parameter is an id, so both are a bad value: a 400 problem like any other.
 */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH' || error.code === 'FST_ERR_BAD_URL') {
    const message = error.code === 'FST_ERR_BAD_URL' ? 'is not valid percent-encoded UTF-8' : 'is too long to be an id';
    const problem = invalid([{ in: 'path', pointer: '/', message }]);
    return sendProblem(reply, request, 400, problem.message, problem.extra);
  }
  return handle(error, request, reply);
}

export default fp(
  async function errorsPlugin(app: FastifyInstance) {
    app.setErrorHandler(handle);
    app.setNotFoundHandler((request, reply) =>
      sendProblem(reply, request, 404, `no route ${request.method} ${request.url.split('?')[0]}`),
    );
  },
  { name: 'errors', fastify: '5.x' },
);
