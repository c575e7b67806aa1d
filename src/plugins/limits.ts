// Limits at the edge of the API: security headers, CORS, load shedding (503) and rate limits (429), from LimitsConfig.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { getHeapStatistics } from 'node:v8';
import fp from 'fastify-plugin';
import cors from '@fastify/cors';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import type { ConnectionError, FastifyInstance, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import type { LimitsConfig } from '../config.js';
import { VERSION } from '../version.js';
import { HttpProblem, problemType } from './errors.js';

/** No limits, no CORS, Fastify's own timeouts: what buildApp applies to the limits a caller leaves out (tests). */
export const UNLIMITED: LimitsConfig = {
  rateLimitKeyed: 0,
  rateLimitAnonymous: 0,
  rateWindowSeconds: 60,
  corsOrigins: [],
  maxEventLoopDelayMs: 0,
  maxHeapUsedPercent: 0,
  connectionTimeoutMs: 0,
  requestTimeoutMs: 0,
  keepAliveTimeoutMs: 72_000,
};

/** Seconds a client is told to wait (Retry-After) when the server sheds load. */
export const OVERLOAD_RETRY_AFTER = 10;
/** How often under-pressure samples the event loop delay and the heap. */
const SAMPLE_INTERVAL_MS = 1000;

// Probes must reach the process whatever the load or the caller: never rate limited. /healthz is also never shed
// (a busy process is alive), while /readyz reports overload with a 503 so that balancers send traffic elsewhere.
const PROBES = new Set(['/healthz', '/readyz']);

export const CORS_EXPOSED_HEADERS = ['ETag', 'Link', 'Location', 'Retry-After', 'X-Request-Id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'];
export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'X-Request-Id'];

/** The bucket a request counts against: its API key when auth found a valid one, else its client address (IPv6 by /64). */
function bucketOf(request: FastifyRequest): string {
  const principal = request.principal;
  if (principal) return `key:${principal.keyId ?? 'WHOSAID_ADMIN_KEY'}`;
  return `ip:${normalizeIP(request.ip)}`;
}

const CLIENT_ERRORS: Record<string, [status: number, slug: string, title: string, detail: string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request-timeout', 'Request timeout', 'the request was not received in time (WHOSAID_REQUEST_TIMEOUT_MS)'],
  HPE_HEADER_OVERFLOW: [431, 'headers-too-large', 'Request headers too large', 'the request headers are larger than the server accepts'],
};

/**
 * Fastify's clientErrorHandler: what Node refuses before a request exists (a request timeout, oversized headers, a
 * malformed request line) is answered as a problem too, not as Fastify's default JSON.
 */
export function clientErrorProblem(error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, slug, title, detail] = CLIENT_ERRORS[error.code] ?? [400, 'bad-request', 'Bad request', 'the request is not valid HTTP'];
  const body = JSON.stringify({ type: problemType(slug), title, status, detail });
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

export default fp(
  async function limitsPlugin(app: FastifyInstance, limits: LimitsConfig) {
    // A JSON API loads nothing: the strictest CSP, no framing. The /docs routes replace the CSP with their own in onSend
    // (plugins/docs.ts). Helmet's middleware is built once here: @fastify/helmet built it again for every request,
    // parsing the policy each time (7% of a claim read by id at a million claims, bench/README.md).
    const securityHeaders = helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] },
      },
      frameguard: { action: 'deny' },
    });
    app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)));

    // Registered before auth: preflights carry no Authorization and must be answered before auth could refuse them.
    if (limits.corsOrigins.length > 0) {
      await app.register(cors, {
        origin: limits.corsOrigins.includes('*') ? '*' : limits.corsOrigins,
        methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
        allowedHeaders: CORS_ALLOWED_HEADERS,
        exposedHeaders: CORS_EXPOSED_HEADERS,
        maxAge: 600,
        // A bare OPTIONS (no Origin) gets an empty 204 rather than the plugin's text/plain 400.
        strictPreflight: false,
      });
      // The allowed origin is echoed per request, so caches must key on Origin; routes that set `Vary: Accept`
      // replace the plugin's Vary, hence this last word.
      if (!limits.corsOrigins.includes('*')) {
        app.addHook('onSend', async (_request, reply) => {
          const vary = String(reply.getHeader('vary') ?? '');
          if (!/(^|,)\s*(origin|\*)\s*(,|$)/i.test(vary)) reply.header('vary', vary === '' ? 'Origin' : `${vary}, Origin`);
        });
      }
    }

    // Shedding runs before auth too: an overloaded process should not spend work on hashing keys.
    const maxHeapUsedBytes = limits.maxHeapUsedPercent > 0
      ? Math.max(1, Math.floor((getHeapStatistics().heap_size_limit * limits.maxHeapUsedPercent) / 100))
      : 0;
    if (limits.maxEventLoopDelayMs > 0 || maxHeapUsedBytes > 0) {
      // The first samples measure start-up, not load: compiling every schema blocks the loop for a second or more,
      // and a new process would shed its first requests. Pressure counts from two samples after ready.
      let settledAt = Number.POSITIVE_INFINITY;
      app.addHook('onReady', async () => { settledAt = Date.now() + 2 * SAMPLE_INTERVAL_MS; });
      const settling = () => Date.now() < settledAt;
      await app.register(underPressure, {
        maxEventLoopDelay: limits.maxEventLoopDelayMs,
        maxHeapUsedBytes,
        sampleInterval: SAMPLE_INTERVAL_MS,
        retryAfter: OVERLOAD_RETRY_AFTER,
        pressureHandler: async (request, reply, type, value) => {
          // /readyz is answered below, /healthz not at all: a busy process is still alive.
          if (PROBES.has(request.routeOptions.url ?? '') || settling()) return;
          request.log.debug({ type, value }, 'shedding load');
          reply.header('retry-after', String(OVERLOAD_RETRY_AFTER));
          throw new HttpProblem(503, `the server is overloaded; retry in ${OVERLOAD_RETRY_AFTER} seconds`);
        },
      });
      // In the shape /readyz documents for its 503.
      app.addHook('onRequest', async (request, reply) => {
        if (request.routeOptions.url !== '/readyz' || settling() || !app.isUnderPressure()) return;
        return reply.code(503).header('retry-after', String(OVERLOAD_RETRY_AFTER)).send({ status: 'overloaded', version: VERSION });
      });
    }

    // The limiter needs request.principal, set by auth's onRequest hook. The plugin adds its check to each route's own
    // onRequest hooks, and Fastify runs those after every app-wide onRequest hook (auth's included), so the key is
    // known, even though this plugin is registered before auth. Requests auth refuses (401, 403) are not counted.
    const { rateLimitKeyed: keyed, rateLimitAnonymous: anonymous } = limits;
    if (keyed > 0 || anonymous > 0) {
      const windowSeconds = limits.rateWindowSeconds;
      await app.register(rateLimit, {
        global: true,
        timeWindow: windowSeconds * 1000,
        enableDraftSpec: true, // RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset (and Retry-After on 429)
        keyGenerator: bucketOf,
        max: (_request, key) => (key.startsWith('key:') ? keyed : anonymous),
        allowList: (request, key) =>
          PROBES.has(request.routeOptions.url ?? '') || (key.startsWith('key:') ? keyed : anonymous) === 0,
        errorResponseBuilder: (request, context) => new HttpProblem(429,
          `more than ${context.max} requests in ${windowSeconds} seconds from this ${request.principal ? 'API key' : 'address'}; ` +
          `retry in ${Math.max(1, Math.ceil(context.ttl / 1000))} seconds`),
      });
    }
  },
  { name: 'limits', dependencies: ['errors'], fastify: '5.x' },
);
