// Every operation in openapi.yaml, provoked into each generic error status it documents:
// 400, 401, 403, 404, 410, 412, 413 and 415 answer as documented, as problem+json, and change nothing.
// (409 and 422 depend on each resource's rules and are tested with it.)
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeApp, type TestApp } from '../helpers/app.js';
import { basics, post } from '../helpers/fixtures.js';

type Operation = { operationId: string; security?: Record<string, string[]>[]; responses: Record<string, unknown> };
const doc = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as { paths: Record<string, Record<string, Operation>> };

const GENERIC = [400, 401, 403, 404, 410, 412, 413, 415];
const cases = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).flatMap(([method, op]) =>
    Object.keys(op.responses).map(Number).filter((s) => GENERIC.includes(s)).map((status) => ({ path, method, op, status }))));

const PREFIX_KIND: Record<string, string> = { articles: 'article', actors: 'actor', topics: 'topic', claims: 'claim', positions: 'position' };
const UNKNOWN: Record<string, string> = {
  article: 'art_01JEG8S0V2Y6Q5H3N0W4X9Z7KD', actor: 'act_01JEG8S0V2Y6Q5H3N0W4X9Z7KD', topic: 'top_01JEG8S0V2Y6Q5H3N0W4X9Z7KD',
  claim: 'clm_01JEG8S0V2Y6Q5H3N0W4X9Z7KD', position: 'pos_01JEG8S0V2Y6Q5H3N0W4X9Z7KD',
};

// Parameters without which an operation answers 400 before it looks at the path.
const REQUIRED_QUERY: Record<string, () => string> = {
  getTopicStances: () => 'at=2021-12-02',
  listStanceChanges: () => `topic_id=${live.topic}`,
  listContradictions: () => `topic_id=${live.topic}`,
};

// Bodies without which an operation answers 400 before it looks at the path or If-Match.
const REQUIRED_BODY: Record<string, () => unknown> = {
  mergeActors: () => ({ from: [live.otherActor] }),
};

let t: TestApp;
const live: Record<string, string> = {};
const deleted: Record<string, string> = {};

beforeAll(async () => {
  t = await makeApp();
  const f = await basics(t);
  const claim = (over: Record<string, unknown> = {}) => post(t, '/v1/claims', {
    actor_id: f.nato.id, text: 'x', kind: 'direct_quote', sources: [{ article_id: f.article.id, quote: 'NATO' }], ...over,
  });
  Object.assign(live, { otherActor: f.nato.id, article: f.article.id, actor: f.lavrov.id, topic: f.expansion.id, claim: (await claim()).id });
  live.position = (await post(t, '/v1/positions', { actor_id: f.nato.id, topic_id: f.expansion.id, stance: 'supports' })).id;
  const article = await post(t, '/v1/articles', { title: 'Gone' });
  const actor = await post(t, '/v1/actors', { name: 'Gone', kind: 'person' });
  const topic = await post(t, '/v1/topics', { slug: 'gone', name: 'Gone' });
  const gone = { article: article.id, actor: actor.id, topic: topic.id, claim: (await claim()).id,
    position: (await post(t, '/v1/positions', { actor_id: f.nato.id, topic_id: f.expansion.id, stance: 'mixed' })).id };
  for (const [kind, id] of Object.entries(gone)) {
    const res = await t.app.inject({ method: 'DELETE', url: `/v1/${kind}s/${id}`, headers: t.auth.write });
    expect(res.statusCode, `${kind} ${res.body}`).toBe(204);
    deleted[kind] = id;
  }
});
afterAll(async () => { await t.app.close(); });

const changes = () => t.db.$client.prepare('SELECT count(*) FROM revisions').pluck().get();

describe('documented error statuses', () => {
  it('covers every operation', () => {
    expect(new Set(cases.map((c) => c.op.operationId)).size).toBe(Object.values(doc.paths).flatMap((i) => Object.keys(i)).length);
  });

  it.each(cases.map((c) => [c.op.operationId, c.status, c] as const))('%s answers %i', async (_id, status, c) => {
    const kind = PREFIX_KIND[c.path.split('/')[2] ?? ''] ?? '';
    const id = status === 404 ? UNKNOWN[kind] : status === 410 ? deleted[kind] : live[kind];
    const query = [REQUIRED_QUERY[c.op.operationId]?.(), status === 400 ? 'no_such_parameter=1' : undefined].filter(Boolean).join('&');
    const url = c.path.replace('{id}', id ?? '') + (query ? `?${query}` : '');
    const writes = !(c.op.security ?? []).some((s) => Object.keys(s).length === 0);
    const headers: Record<string, string> = status === 401 ? (writes ? {} : { authorization: 'Bearer ws_not_a_key' })
      : status === 403 ? { ...t.auth.read } : writes ? { ...t.auth.write } : {};
    if (status === 412) headers['if-match'] = '"stale"';
    const body = status === 400 ? undefined : REQUIRED_BODY[c.op.operationId]?.();
    let payload: string | undefined = ['post', 'patch'].includes(c.method) && !c.path.endsWith('/restore') ? JSON.stringify(body ?? {}) : undefined;
    if (status === 413) payload = JSON.stringify({ pad: 'x'.repeat(1_100_000) });
    if (status === 415) payload = 'plain text';
    if (payload !== undefined) headers['content-type'] = status === 415 ? 'text/plain' : 'application/json';

    const before = changes();
    const res = await t.app.inject({ method: c.method.toUpperCase() as 'GET', url, headers, payload });
    expect(res.statusCode, `${c.method} ${url}: ${res.body}`).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status, type: expect.stringMatching(/^\/problems\//), title: expect.any(String) });
    expect(changes()).toBe(before);
  });
});
