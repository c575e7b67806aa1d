// Operations and cross-cutting HTTP behaviour: health, the API description, request ids, auth modes, limits.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeApp, useTestApp } from '../helpers/app.js';
import { openDatabase } from '../../src/db/client.js';
import { ensureFirstKey } from '../../src/server.js';
import { createKeysRepository } from '../../src/repositories/keys.js';

const t = useTestApp();

describe('operations', () => {
  it.each(['/healthz', '/readyz'])('%s answers ok with the version', async (url) => {
    const res = await t.app.inject({ url });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('serves the OpenAPI document as JSON and YAML, the same document', async () => {
    const json = await t.app.inject({ url: '/openapi.json' });
    const yaml = await t.app.inject({ url: '/openapi.yaml' });
    expect(json.statusCode).toBe(200);
    expect(yaml.headers['content-type']).toMatch(/^application\/yaml/);
    expect(parse(yaml.body)).toEqual(json.json());
    expect(json.json().openapi).toBe('3.1.0');
  });

  it('echoes a request id, or makes one', async () => {
    const given = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'trace-123' } });
    expect(given.headers['x-request-id']).toBe('trace-123');
    const made = await t.app.inject({ url: '/healthz' });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with a 404 problem', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v2/claims' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ type: '/problems/not-found', status: 404, title: 'Not found' });
  });

  it('refuses a malformed JSON body with a 400 problem', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/topics', headers: { ...t.auth.write, 'content-type': 'application/json' }, payload: '{"slug": ' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it.each([
    ['a malformed header', { authorization: 'Token abc' }],
    ['a revoked key', 'revoked'],
  ] as const)('refuses %s with 401 even on a read', async (_label, headers) => {
    let h: Record<string, string>;
    if (headers === 'revoked') {
      const keys = createKeysRepository(t.db);
      const key = keys.create('temp', 'read');
      keys.revoke(key.id);
      h = { authorization: `Bearer ${key.secret}` };
    } else h = headers;
    const res = await t.app.inject({ url: '/v1/claims', headers: h });
    expect(res.statusCode).toBe(401);
    expect(res.json().status).toBe(401);
  });

  it('accepts the configured admin key for writes', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/topics', headers: t.auth.admin, payload: { slug: 'a', name: 'A' } });
    expect(res.statusCode).toBe(201);
    const revs = (await t.app.inject({ url: `/v1/topics/${res.json().id}/revisions` })).json();
    expect(revs.data[0].by).toEqual({ key_id: null, name: 'WHOSAID_ADMIN_KEY' });
  });
});

describe('limits and modes', () => {
  it('refuses a body over the limit with a 413 problem', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/topics', headers: t.auth.write, payload: { slug: 'a', name: 'x'.repeat(1_100_000) } });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('with WHOSAID_PUBLIC_READS=0, reads need a key', async () => {
    const closed = await makeApp({ publicReads: false });
    expect((await closed.app.inject({ url: '/v1/claims' })).statusCode).toBe(401);
    expect((await closed.app.inject({ url: '/v1/claims', headers: closed.auth.read })).statusCode).toBe(200);
    expect((await closed.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    await closed.app.close();
  });

  it('creates a first admin key only when there is no key and no WHOSAID_ADMIN_KEY', () => {
    const db = openDatabase(':memory:');
    expect(ensureFirstKey(db, { adminKey: 'a-configured-admin-key' })).toBeNull();
    const secret = ensureFirstKey(db, { adminKey: undefined });
    expect(secret).toMatch(/^ws_[\w-]{43}$/);
    expect(createKeysRepository(db).verify(secret as string, undefined)?.scope).toBe('admin');
    expect(ensureFirstKey(db, { adminKey: undefined })).toBeNull();
    expect(db.$client.prepare('SELECT hash FROM api_keys').pluck().all()).not.toContain(secret);
  });
});
