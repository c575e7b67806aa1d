// Limits at the edge: rate limits per key and per address, security headers, CORS, load shedding, timeouts,
// and the 429 and 503 that every /v1 operation documents.
import { readFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { makeApp, type TestApp } from '../helpers/app.js';

const PROBLEM = /^application\/problem\+json/;

// Building an app compiles every schema, so the tests share a few: one without limits, one with keys unlimited
// and CORS open to all origins; the groups below add those their limits need.
let plain: TestApp;
let open: TestApp;
beforeAll(async () => {
  plain = await makeApp();
  open = await makeApp({ limits: { rateLimitKeyed: 0, rateLimitAnonymous: 1, corsOrigins: ['*'] } });
});
afterAll(async () => { await plain.app.close(); await open.app.close(); });

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => { t = await makeApp({ limits: { rateLimitKeyed: 3, rateLimitAnonymous: 2, rateWindowSeconds: 60 } }); });
  afterAll(async () => { await t.app.close(); });

  it('after N requests with one key, the next is a 429 problem with Retry-After; other keys and anonymous callers still pass', async () => {
    const seen = [];
    for (const url of ['/v1/claims', '/v1/topics', '/v1/actors']) { // one bucket per key, across routes
      const res = await t.app.inject({ url, headers: t.auth.read });
      seen.push([res.statusCode, res.headers['ratelimit-limit'], res.headers['ratelimit-remaining']]);
    }
    expect(seen).toEqual([[200, '3', '2'], [200, '3', '1'], [200, '3', '0']]);

    const limited = await t.app.inject({ url: '/v1/claims', headers: t.auth.read });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(PROBLEM);
    expect(limited.json()).toMatchObject({ type: '/problems/too-many-requests', status: 429, title: 'Too many requests', instance: '/v1/claims' });
    expect(limited.json().detail).toMatch(/more than 3 requests in 60 seconds from this API key/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.headers).toMatchObject({ 'ratelimit-limit': '3', 'ratelimit-remaining': '0' });

    for (const headers of [t.auth.write, t.auth.admin, {}]) {
      expect((await t.app.inject({ url: '/v1/claims', headers })).statusCode).toBe(200);
    }
  });

  it('limits anonymous callers per client address, with their own limit', async () => {
    const from = (remoteAddress: string) => t.app.inject({ url: '/v1/topics', remoteAddress });
    expect([(await from('192.0.2.7')).statusCode, (await from('192.0.2.7')).statusCode]).toEqual([200, 200]);
    const limited = await from('192.0.2.7');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().detail).toMatch(/more than 2 requests in 60 seconds from this address/);
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await from('192.0.2.8')).statusCode).toBe(200);
    // The same address with a key counts against the key, not the address.
    expect((await t.app.inject({ url: '/v1/topics', remoteAddress: '192.0.2.7', headers: t.auth.write })).statusCode).toBe(200);
  });

  it('never limits /healthz and /readyz', async () => {
    for (let i = 0; i < 3; i++) await t.app.inject({ url: '/v1/topics', remoteAddress: '192.0.2.9' });
    expect((await t.app.inject({ url: '/v1/topics', remoteAddress: '192.0.2.9' })).statusCode).toBe(429);
    for (let i = 0; i < 5; i++) {
      for (const url of ['/healthz', '/readyz']) {
        const res = await t.app.inject({ url, remoteAddress: '192.0.2.9' });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['ratelimit-limit'], url).toBeUndefined();
      }
    }
  });

  it('does not count requests that auth refuses', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await t.app.inject({ url: '/v1/claims', remoteAddress: '192.0.2.10', headers: { authorization: 'Bearer ws_not_a_key' } });
      expect(res.statusCode).toBe(401);
    }
    expect((await t.app.inject({ url: '/v1/claims', remoteAddress: '192.0.2.10' })).statusCode).toBe(200);
  });

  it('with a limit of 0, leaves that kind of caller unlimited', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await open.app.inject({ url: '/v1/claims', headers: open.auth.read });
      expect(res.statusCode).toBe(200);
      expect(res.headers['ratelimit-limit']).toBeUndefined();
    }
    expect((await open.app.inject({ url: '/v1/claims', remoteAddress: '198.51.100.1' })).statusCode).toBe(200);
    expect((await open.app.inject({ url: '/v1/claims', remoteAddress: '198.51.100.1' })).statusCode).toBe(429);
  });
});

describe('security headers', () => {
  const API_CSP = "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'";

  it.each([
    ['a list', '/v1/claims', {}, 200],
    ['a 401 problem', '/v1/claims', { authorization: 'Bearer ws_not_a_key' }, 401],
    ['a 404 problem', '/v1/nothing-here', {}, 404],
  ] as const)('come with %s', async (_label, url, headers, status) => {
    const res = await plain.app.inject({ url, headers });
    expect(res.statusCode).toBe(status);
    expect(res.headers).toMatchObject({
      'content-security-policy': API_CSP,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
      'strict-transport-security': expect.stringMatching(/^max-age=\d+/),
    });
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('leave /docs its own CSP, which lets Swagger UI load its scripts', async () => {
    const res = await plain.app.inject({ url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).not.toBe(API_CSP);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('CORS', () => {
  const ORIGIN = 'https://app.example.org';
  const preflight = (t: TestApp, origin: string, method = 'PATCH') => t.app.inject({
    method: 'OPTIONS', url: '/v1/claims/clm_01JEG8S0V2Y6Q5H3N0W4X9Z7KD',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization,if-match,content-type' },
  });
  const list = (header: string | undefined) => (header ?? '').split(',').map((h) => h.trim().toLowerCase());

  let t: TestApp;
  beforeAll(async () => { t = await makeApp({ limits: { corsOrigins: [ORIGIN, 'http://localhost:5173'] } }); });
  afterAll(async () => { await t.app.close(); });

  it('answers a preflight from a configured origin, before auth, allowing the headers clients send', async () => {
    const res = await preflight(t, ORIGIN);
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(list(res.headers['access-control-allow-methods'])).toEqual(expect.arrayContaining(['get', 'post', 'patch', 'delete']));
    expect(list(res.headers['access-control-allow-headers'])).toEqual(expect.arrayContaining(['authorization', 'if-match', 'if-none-match', 'content-type']));
    expect(res.headers['access-control-max-age']).toBe('600');
  });

  it('exposes the headers clients read, on answers and on problems', async () => {
    for (const [headers, status] of [[{}, 200], [{ authorization: 'Bearer ws_not_a_key' }, 401]] as const) {
      const res = await t.app.inject({ url: '/v1/claims', headers: { origin: ORIGIN, ...headers } });
      expect(res.statusCode).toBe(status);
      expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(list(res.headers['access-control-expose-headers'])).toEqual(
        expect.arrayContaining(['etag', 'link', 'location', 'retry-after', 'x-request-id']));
      expect(list(res.headers.vary as string)).toContain('origin');
    }
  });

  it('gives another origin no Access-Control-Allow-Origin, so browsers refuse it', async () => {
    const pre = await preflight(t, 'https://evil.example.com');
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const res = await t.app.inject({ url: '/v1/claims', headers: { origin: 'https://evil.example.com' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows any origin with *', async () => {
    const res = await preflight(open, 'https://anywhere.example.net', 'POST');
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it('is off when no origin is configured: a preflight is a 404 problem without CORS headers', async () => {
    const res = await preflight(plain, ORIGIN);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const get = await plain.app.inject({ url: '/v1/claims', headers: { origin: ORIGIN } });
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('load shedding', () => {
  it('answers 503 problems with Retry-After when the heap passes its threshold; /healthz still answers, /readyz reports it', async () => {
    // A threshold far below any real heap: the process is "under pressure" from the first sample after start-up.
    const t = await makeApp({ limits: { maxHeapUsedPercent: 0.000_01 } });
    try {
      await vi.waitFor(async () => {
        expect((await t.app.inject({ url: '/v1/claims' })).statusCode).toBe(503);
      }, { timeout: 6_000, interval: 100 });
      const res = await t.app.inject({ method: 'POST', url: '/v1/topics', headers: t.auth.write, payload: { slug: 'a', name: 'A' } });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.json()).toMatchObject({ type: '/problems/unavailable', status: 503, detail: expect.stringMatching(/overloaded/) });
      expect(res.headers['retry-after']).toBe('10');
      expect(t.db.$client.prepare('SELECT count(*) FROM topics').pluck().get()).toBe(0);

      expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
      const ready = await t.app.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'overloaded', version: expect.any(String) });
      expect(ready.headers['retry-after']).toBe('10');
    } finally {
      await t.app.close();
    }
  });

  it('does not take start-up work for load: a new server with the default thresholds answers from the start', async () => {
    const t = await makeApp({ limits: { maxEventLoopDelayMs: 1000, maxHeapUsedPercent: 90 } });
    try {
      const statuses = new Set<number>();
      for (let i = 0; i < 25; i++) { // 2.5 s: past the first samples, which include compiling every schema
        statuses.add((await t.app.inject({ url: '/v1/claims' })).statusCode);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect([...statuses]).toEqual([200]);
    } finally {
      await t.app.close();
    }
  });
});

describe('timeouts', () => {
  it('applies the configured timeouts to the server, closes an idle connection, and answers malformed requests with problems', async () => {
    const t = await makeApp({ limits: { connectionTimeoutMs: 150, requestTimeoutMs: 4_000, keepAliveTimeoutMs: 1_500 } });
    try {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      expect(t.app.server).toMatchObject({ timeout: 150, requestTimeout: 4_000, keepAliveTimeout: 1_500 });
      const { port } = t.app.server.address() as AddressInfo;
      const socket = connect(port, '127.0.0.1');
      const closed = await new Promise<boolean>((resolve) => {
        const guard = setTimeout(() => resolve(false), 3_000);
        socket.on('close', () => { clearTimeout(guard); resolve(true); });
      });
      socket.destroy();
      expect(closed).toBe(true);

      // What Node refuses before a request exists is a problem too.
      const raw = (request: string) => new Promise<string>((resolve, reject) => {
        const s = connect(port, '127.0.0.1', () => s.end(request));
        let answer = '';
        s.on('data', (chunk: Buffer) => { answer += chunk.toString(); });
        s.on('close', () => resolve(answer));
        s.on('error', reject);
      });
      const huge = await raw(`GET /v1/claims HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`);
      const garbled = await raw('NOT HTTP AT ALL\r\n\r\n');
      for (const [answer, status, type] of [[huge, 431, '/problems/headers-too-large'], [garbled, 400, '/problems/bad-request']] as const) {
        const [head = '', body = ''] = answer.split('\r\n\r\n');
        expect(head).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
        expect(head).toMatch(/content-type: application\/problem\+json/i);
        expect(JSON.parse(body)).toMatchObject({ type, status });
      }
    } finally {
      await t.app.close();
    }
  });
});

describe('the API description', () => {
  type Operation = { operationId: string; responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, unknown> }> };
  const doc = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as { paths: Record<string, Record<string, Operation>> };
  const operations = Object.entries(doc.paths).filter(([path]) => path.startsWith('/v1/')).flatMap(([, item]) => Object.values(item));

  it.each([429, 503])('documents %i as a problem with Retry-After on every /v1 operation', (status) => {
    const missing = operations.filter((op) => {
      const r = op.responses[String(status)];
      return !r?.content?.['application/problem+json'] || !r.headers?.['retry-after'];
    }).map((op) => op.operationId);
    expect(missing).toEqual([]);
  });
});
