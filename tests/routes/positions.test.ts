// /v1/positions through app.inject: embedding, partial-date bounds, filters, history and every error status.
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { basics, post } from '../helpers/fixtures.js';

const t = useTestApp();
let f: Awaited<ReturnType<typeof basics>>;
beforeEach(async () => { f = await basics(t); });

const MISSING_ACTOR = 'act_01JEG8S0V2Y6Q5H3N0W4X9Z7KD';
const MISSING_TOPIC = 'top_01JEG8S0V2Y6Q5H3N0W4X9Z7KD';

const createClaim = async () => (await post(t, '/v1/claims', {
  actor_id: f.lavrov.id,
  text: 'NATO is causing the situation to worsen.',
  kind: 'indirect_quote',
  said_on: '2021-12-02',
  topics: [{ topic_id: f.expansion.id, stance: 'opposes' }],
  sources: [{ article_id: f.article.id, quote: 'NATO is causing the situation to worsen', cue: 'said' }],
})).id;

const position = (over: Record<string, unknown> = {}) => ({
  actor_id: f.lavrov.id,
  topic_id: f.expansion.id,
  stance: 'opposes',
  summary: 'NATO must not expand further east.',
  valid_from: '2021-11',
  ...over,
});

const createPosition = (payload: unknown, headers: Record<string, string> = t.auth.write) =>
  t.app.inject({ method: 'POST', url: '/v1/positions', headers, payload: payload as Record<string, unknown> });
const patch = (id: string, payload: unknown, headers: Record<string, string> = t.auth.write) =>
  t.app.inject({ method: 'PATCH', url: `/v1/positions/${id}`, headers, payload: payload as Record<string, unknown> });
const ids = async (url: string) => {
  const res = await t.app.inject({ url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data.map((p: { id: string }) => p.id) as string[];
};
const count = async () => (await ids('/v1/positions')).length;
const pointers = (res: { json: () => { errors?: { pointer: string }[] } }) => (res.json().errors ?? []).map((e) => e.pointer);

describe('creating positions', () => {
  it('answers 201 with Location and ETag, embeds actor and topic, echoes precisions and keeps evidence order', async () => {
    const [c1, c2, c3] = [await createClaim(), await createClaim(), await createClaim()];
    const res = await createPosition(position({ valid_to: '2022-02-24', evidence: [c3, c1, c2] }));
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(p.id).toMatch(/^pos_/);
    expect(res.headers.location).toBe(`/v1/positions/${p.id}`);
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(p).toMatchObject({
      actor_id: f.lavrov.id,
      actor: { id: f.lavrov.id, name: 'Sergey Lavrov' },
      topic_id: f.expansion.id,
      topic: { id: f.expansion.id, slug: 'nato-eastward-expansion', name: "NATO's eastward expansion" },
      stance: 'opposes',
      summary: 'NATO must not expand further east.',
      valid_from: '2021-11', valid_from_precision: 'month',
      valid_to: '2022-02-24', valid_to_precision: 'day',
      evidence: [c3, c1, c2],
    });
    const got = await t.app.inject({ url: `/v1/positions/${p.id}` });
    expect(got.json()).toEqual(p);
    expect(got.headers.etag).toBe(res.headers.etag);
  });

  it('stores an open-ended position with no dates, summary or evidence as nulls and an empty list', async () => {
    const res = await createPosition({ actor_id: f.nato.id, topic_id: f.expansion.id, stance: 'supports', valid_from: '2008' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      actor: { id: f.nato.id, name: 'NATO' }, summary: null,
      valid_from: '2008', valid_from_precision: 'year', valid_to: null, valid_to_precision: null, evidence: [],
    });
  });

  it.each([
    ['an unknown actor', async () => ({ actor_id: MISSING_ACTOR }), ['/actor_id']],
    ['a deleted actor', async () => {
      expect((await t.app.inject({ method: 'DELETE', url: `/v1/actors/${f.nato.id}`, headers: t.auth.write })).statusCode).toBe(204);
      return { actor_id: f.nato.id };
    }, ['/actor_id']],
    ['an unknown topic', async () => ({ topic_id: MISSING_TOPIC }), ['/topic_id']],
    ['a deleted topic', async () => {
      const topic = await post(t, '/v1/topics', { slug: 'arms-control', name: 'Arms control' });
      expect((await t.app.inject({ method: 'DELETE', url: `/v1/topics/${topic.id}`, headers: t.auth.write })).statusCode).toBe(204);
      return { topic_id: topic.id };
    }, ['/topic_id']],
    ['a deleted claim in evidence', async () => {
      const [gone, live] = [await createClaim(), await createClaim()];
      expect((await t.app.inject({ method: 'DELETE', url: `/v1/claims/${gone}`, headers: t.auth.write })).statusCode).toBe(204);
      return { evidence: [gone, live] };
    }, ['/evidence/0']],
    ['valid_to before valid_from', async () => ({ valid_from: '2021-12', valid_to: '2021-11' }), ['/valid_to']],
    ['an unknown actor and topic at once', async () => ({ actor_id: MISSING_ACTOR, topic_id: MISSING_TOPIC }), ['/actor_id', '/topic_id']],
  ] as const)('refuses %s with 422 naming it, and stores nothing', async (_label, setup, expected) => {
    const res = await createPosition(position(await setup()));
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(pointers(res)).toEqual(expected);
    expect(await count()).toBe(0);
  });

  it('accepts valid_to inside the month valid_from names', async () => {
    const res = await createPosition(position({ valid_from: '2021-11', valid_to: '2021-11-20' }));
    expect(res.statusCode, res.body).toBe(201);
  });

  it.each([
    ['a bad stance', { stance: 'maybe' }, '/stance'],
    ['an impossible date', { valid_from: '2021-02-30' }, '/valid_from'],
    ['an impossible valid_to', { valid_to: '2021-13' }, '/valid_to'],
    ['an unknown field', { mood: 'angry' }, '/mood'],
    ['a missing stance', { stance: undefined }, '/stance'],
    ['evidence that is not a claim id', { evidence: ['art_01JEG8S0V2Y6Q5H3N0W4X9Z7KD'] }, '/evidence/0'],
    ['the same claim twice in evidence', { evidence: ['clm_01JEG8S0V2Y6Q5H3N0W4X9Z7KD', 'clm_01JEG8S0V2Y6Q5H3N0W4X9Z7KD'] }, '/evidence'],
  ])('answers 400 for %s naming %s, and stores nothing', async (_label, over, pointer) => {
    const res = await createPosition(position(over));
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors).toContainEqual(expect.objectContaining({ in: 'body', pointer }));
    expect(await count()).toBe(0);
  });

  // Bodies are validated without type coercion: a value of the wrong JSON type is refused, not converted.
  it.each([
    ['an empty summary', { summary: '' }, '/summary'],
    ['a number for valid_from', { valid_from: 2021 }, '/valid_from'],
    ['an array for stance', { stance: ['opposes'] }, '/stance'],
  ])('answers 400 for %s, and stores nothing', async (_label, over, pointer) => {
    const res = await createPosition(position(over));
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors).toContainEqual(expect.objectContaining({ in: 'body', pointer }));
    expect(await count()).toBe(0);
  });

  it.each([
    ['no key', 'none', 401],
    ['a read key', 'read', 403],
  ] as const)('refuses a create with %s and stores nothing', async (_label, key, status) => {
    const res = await createPosition(position(), key === 'read' ? t.auth.read : {});
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().status).toBe(status);
    expect(await count()).toBe(0);
  });
});

describe('reading positions', () => {
  let p: Record<'current' | 'old' | 'nato', string>;
  beforeEach(async () => {
    const arms = await post(t, '/v1/topics', { slug: 'arms-control', name: 'Arms control' });
    p = {
      current: (await post(t, '/v1/positions', position({ valid_from: '2021-11', valid_to: null }))).id,
      old: (await post(t, '/v1/positions', position({ stance: 'supports', valid_from: '2008', valid_to: '2010' }))).id,
      nato: (await post(t, '/v1/positions', { actor_id: f.nato.id, topic_id: arms.id, stance: 'supports', valid_from: '2019', valid_to: '2021-11-30' })).id,
    };
  });
  const labels = async (query: string) => {
    const names = new Map(Object.entries(p).map(([k, v]) => [v, k]));
    return (await ids(`/v1/positions?${query}`)).map((id) => names.get(id));
  };

  it('answers 304 to a matching If-None-Match and 200 once the position changed', async () => {
    const first = await t.app.inject({ url: `/v1/positions/${p.current}` });
    const etag = String(first.headers.etag);
    const again = await t.app.inject({ url: `/v1/positions/${p.current}`, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await patch(p.current, { summary: 'Changed.' })).statusCode).toBe(200);
    const changed = await t.app.inject({ url: `/v1/positions/${p.current}`, headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('lists oldest first and pages with next_cursor and a Link header that keeps the filters', async () => {
    const first = await t.app.inject({ url: '/v1/positions?limit=2' });
    const page = first.json();
    expect(page.data.map((x: { id: string }) => x.id)).toEqual([p.current, p.old]);
    expect(page.data[0].actor).toEqual({ id: f.lavrov.id, name: 'Sergey Lavrov' });
    expect(first.headers.link).toBe(`</v1/positions?limit=2&cursor=${page.next_cursor}>; rel="next"`);
    const second = await t.app.inject({ url: `/v1/positions?limit=2&cursor=${page.next_cursor}` });
    expect(second.json()).toMatchObject({ data: [{ id: p.nato }], next_cursor: null });
    expect(second.headers.link).toBeUndefined();

    const filtered = await t.app.inject({ url: '/v1/positions?stance=supports&limit=1' });
    expect(filtered.json().data.map((x: { id: string }) => x.id)).toEqual([p.old]);
    const next = (await t.app.inject({ url: String(filtered.headers.link).slice(1, String(filtered.headers.link).indexOf('>')) })).json();
    expect(next).toMatchObject({ data: [{ id: p.nato }], next_cursor: null });
  });

  it.each([
    ['actor_id of Lavrov', () => `actor_id=${f.lavrov.id}`, ['current', 'old']],
    ['actor_id of NATO', () => `actor_id=${f.nato.id}`, ['nato']],
    ['topic_id', () => `topic_id=${f.expansion.id}`, ['current', 'old']],
    ['stance=supports', () => 'stance=supports', ['old', 'nato']],
    ['stance=opposes', () => 'stance=opposes', ['current']],
    ['stance=mixed', () => 'stance=mixed', []],
    ['actor_id and stance', () => `actor_id=${f.lavrov.id}&stance=supports`, ['old']],
    ['topic_id and at', () => `topic_id=${f.expansion.id}&at=2021-12`, ['current']],
  ])('filters by %s', async (_label, query, expected) => {
    expect(await labels(query())).toEqual(expected);
  });

  it.each([
    ['2021-12-02', ['current']],
    ['2021-12', ['current']],
    ['2021', ['current', 'nato']],
    ['2021-11', ['current', 'nato']],
    ['2021-10-15', ['nato']],
    ['2009', ['old']],
    ['2010-12-31', ['old']],
    ['2008-01-01', ['old']],
    ['2007-12-31', []],
    ['2011', []],
  ])('at=%s lists the positions in force then: %j', async (at, expected) => {
    expect(await labels(`at=${at}`)).toEqual(expected);
  });

  it.each([
    ['an impossible month', 'at=2021-13', '/at'],
    ['an impossible day', 'at=2021-02-30', '/at'],
    ['an unknown parameter', 'colour=red', '/colour'],
    ['a bad stance', 'stance=maybe', '/stance'],
    ['a malformed actor id', 'actor_id=lavrov', '/actor_id'],
    ['a limit of 0', 'limit=0', '/limit'],
  ])('answers 400 for %s in the query, naming %s', async (_label, query, pointer) => {
    const res = await t.app.inject({ url: `/v1/positions?${query}` });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors).toContainEqual(expect.objectContaining({ in: 'query', pointer }));
  });

  it.each([
    ['/v1/positions/pos_01JEG8S0V2Y6Q5H3N0W4X9Z7KD', 404],
    ['/v1/positions/pos_01JEG8S0V2Y6Q5H3N0W4X9Z7KD/revisions', 404],
    ['/v1/positions/not-an-id', 400],
  ])('GET %s answers %i', async (url, status) => {
    expect((await t.app.inject({ url })).statusCode).toBe(status);
  });
});

describe('changing positions', () => {
  it('patches only the fields given, replaces evidence, refuses a stale If-Match, and keeps history through delete and restore', async () => {
    const [c1, c2] = [await createClaim(), await createClaim()];
    const p = await post<{ evidence: string[] }>(t, '/v1/positions', position({ evidence: [c1, c2] }));
    const etag = String((await t.app.inject({ url: `/v1/positions/${p.id}` })).headers.etag);

    const patched = await patch(p.id, { stance: 'mixed', valid_to: '2022', evidence: [c2] }, { ...t.auth.write, 'if-match': etag });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      stance: 'mixed', summary: 'NATO must not expand further east.', valid_from: '2021-11', valid_from_precision: 'month',
      valid_to: '2022', valid_to_precision: 'year', evidence: [c2],
    });
    // c1 is no longer evidence, so it may go; c2 still is.
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/claims/${c1}`, headers: t.auth.write })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/claims/${c2}`, headers: t.auth.write })).statusCode).toBe(409);

    const stale = await patch(p.id, { stance: 'supports' }, { ...t.auth.write, 'if-match': etag });
    expect(stale.statusCode).toBe(412);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await t.app.inject({ url: `/v1/positions/${p.id}` })).json().stance).toBe('mixed');

    expect((await t.app.inject({ method: 'DELETE', url: `/v1/positions/${p.id}`, headers: t.auth.write })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/v1/positions/${p.id}` })).statusCode).toBe(410);
    expect((await patch(p.id, { stance: 'supports' })).statusCode).toBe(410);
    expect(await ids('/v1/positions')).toEqual([]);
    expect(await ids(`/v1/positions?actor_id=${f.lavrov.id}&at=2021-12`)).toEqual([]);

    const restored = await t.app.inject({ method: 'POST', url: `/v1/positions/${p.id}/restore`, headers: t.auth.write });
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toMatchObject({ stance: 'mixed', evidence: [c2] });
    expect(await ids(`/v1/positions?actor_id=${f.lavrov.id}&at=2021-12`)).toEqual([p.id]);

    const revs = (await t.app.inject({ url: `/v1/positions/${p.id}/revisions` })).json().data;
    expect(revs.map((r: { action: string }) => r.action)).toEqual(['create', 'update', 'delete', 'restore']);
    expect(revs[0]).toMatchObject({ before: null, after: { id: p.id, stance: 'opposes', evidence: [c1, c2] } });
    expect(revs[1].before).toMatchObject({ stance: 'opposes', valid_to: null, evidence: [c1, c2] });
    expect(revs[1].after).toMatchObject({ stance: 'mixed', valid_to: '2022', evidence: [c2] });
    expect(revs[1].by).toEqual({ key_id: expect.stringMatching(/^key_/), name: 'writer' });
    expect(revs[2]).toMatchObject({ before: { id: p.id, stance: 'mixed' }, after: null });
    expect(revs[3]).toMatchObject({ before: null, after: { id: p.id, stance: 'mixed', evidence: [c2] } });
  });

  it.each([
    ['valid_to before the stored valid_from', () => ({ valid_to: '2021-10' }), 422, '/valid_to'],
    ['valid_from after the stored valid_to', () => ({ valid_from: '2023' }), 422, '/valid_to'],
    ['an unknown actor', () => ({ actor_id: MISSING_ACTOR }), 422, '/actor_id'],
    ['an impossible date', () => ({ valid_from: '2021-02-30' }), 400, '/valid_from'],
    ['an unknown field', () => ({ mood: 'angry' }), 400, '/mood'],
  ])('refuses a patch with %s and changes nothing', async (_label, body, status, pointer) => {
    const p = await post(t, '/v1/positions', position({ valid_to: '2022-02' }));
    const before = (await t.app.inject({ url: `/v1/positions/${p.id}` })).json();
    const res = await patch(p.id, { stance: 'supports', ...body() });
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().errors).toContainEqual(expect.objectContaining({ pointer }));
    expect((await t.app.inject({ url: `/v1/positions/${p.id}` })).json()).toEqual(before);
  });

  it.each([
    ['PATCH without a key', 'PATCH', 'none', 401],
    ['PATCH with a read key', 'PATCH', 'read', 403],
    ['DELETE without a key', 'DELETE', 'none', 401],
    ['DELETE with a read key', 'DELETE', 'read', 403],
  ] as const)('refuses %s and changes nothing', async (_label, method, key, status) => {
    const p = await post(t, '/v1/positions', position());
    const before = (await t.app.inject({ url: `/v1/positions/${p.id}` })).json();
    const res = await t.app.inject({
      method, url: `/v1/positions/${p.id}`, headers: key === 'read' ? t.auth.read : {},
      ...(method === 'PATCH' ? { payload: { stance: 'supports' } } : {}),
    });
    expect(res.statusCode).toBe(status);
    expect(res.json().status).toBe(status);
    expect((await t.app.inject({ url: `/v1/positions/${p.id}` })).json()).toEqual(before);
    expect((await t.app.inject({ url: `/v1/positions/${p.id}/revisions` })).json().data).toHaveLength(1);
  });
});
