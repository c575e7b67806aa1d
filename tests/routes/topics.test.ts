// /v1/topics through app.inject: the CRUD cycle, conditional requests, history and every error status.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

async function create(body: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: '/v1/topics', headers: t.auth.write, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; slug: string; parent_id: string | null }>();
}

describe('topics', () => {
  it('creates a topic with Location and ETag, and reads it back', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/topics', headers: t.auth.write, payload: { slug: 'european-security', name: 'European security' } });
    expect(res.statusCode).toBe(201);
    const topic = res.json();
    expect(res.headers.location).toBe(`/v1/topics/${topic.id}`);
    expect(topic).toMatchObject({ slug: 'european-security', name: 'European security', description: null, parent_id: null });
    const got = await t.app.inject({ url: `/v1/topics/${topic.id}` });
    expect(got.json()).toEqual(topic);
    expect(got.headers.etag).toBe(res.headers.etag);
    const again = await t.app.inject({ url: `/v1/topics/${topic.id}`, headers: { 'if-none-match': String(got.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('pages through a list with next_cursor and a Link header', async () => {
    for (const slug of ['a', 'b', 'c']) await create({ slug, name: slug.toUpperCase() });
    const first = await t.app.inject({ url: '/v1/topics?limit=2' });
    const page = first.json();
    expect(page.data.map((x: { slug: string }) => x.slug)).toEqual(['a', 'b']);
    expect(first.headers.link).toBe(`</v1/topics?limit=2&cursor=${page.next_cursor}>; rel="next"`);
    const second = await t.app.inject({ url: `/v1/topics?limit=2&cursor=${page.next_cursor}` });
    expect(second.json().data.map((x: { slug: string }) => x.slug)).toEqual(['c']);
    expect(second.json().next_cursor).toBeNull();
    expect(second.headers.link).toBeUndefined();
  });

  it('filters by parent and by text', async () => {
    const root = await create({ slug: 'european-security', name: 'European security' });
    await create({ slug: 'nato-eastward-expansion', name: 'NATO eastward expansion', parent_id: root.id });
    await create({ slug: 'arms-control', name: 'Arms control' });
    const children = await t.app.inject({ url: `/v1/topics?parent_id=${root.id}` });
    expect(children.json().data.map((x: { slug: string }) => x.slug)).toEqual(['nato-eastward-expansion']);
    const found = await t.app.inject({ url: '/v1/topics?q=nato' });
    expect(found.json().data.map((x: { slug: string }) => x.slug)).toEqual(['nato-eastward-expansion']);
  });

  it('patches, refuses a stale If-Match, and keeps revisions through delete and restore', async () => {
    const topic = await create({ slug: 'arms-control', name: 'Arms control' });
    const etag = String((await t.app.inject({ url: `/v1/topics/${topic.id}` })).headers.etag);
    const patched = await t.app.inject({ method: 'PATCH', url: `/v1/topics/${topic.id}`, headers: { ...t.auth.write, 'if-match': etag }, payload: { description: 'Treaties limiting weapons' } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Arms control', description: 'Treaties limiting weapons' });
    const stale = await t.app.inject({ method: 'PATCH', url: `/v1/topics/${topic.id}`, headers: { ...t.auth.write, 'if-match': etag }, payload: { name: 'Lost update' } });
    expect(stale.statusCode).toBe(412);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);

    expect((await t.app.inject({ method: 'DELETE', url: `/v1/topics/${topic.id}`, headers: t.auth.write })).statusCode).toBe(204);
    const gone = await t.app.inject({ url: `/v1/topics/${topic.id}` });
    expect(gone.statusCode).toBe(410);
    expect(gone.json().type).toBe('/problems/gone');
    expect((await t.app.inject({ url: '/v1/topics' })).json().data).toEqual([]);
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/topics/${topic.id}`, headers: t.auth.write })).statusCode).toBe(410);

    const restored = await t.app.inject({ method: 'POST', url: `/v1/topics/${topic.id}/restore`, headers: t.auth.write });
    expect(restored.statusCode).toBe(200);
    expect(restored.json().description).toBe('Treaties limiting weapons');

    const history = (await t.app.inject({ url: `/v1/topics/${topic.id}/revisions` })).json();
    expect(history.data.map((r: { action: string }) => r.action)).toEqual(['create', 'update', 'delete', 'restore']);
    expect(history.data[1].before.description).toBeNull();
    expect(history.data[1].after.description).toBe('Treaties limiting weapons');
    expect(history.data[1].by).toEqual({ key_id: expect.stringMatching(/^key_/), name: 'writer' });
  });

  it('refuses a taken slug (409) and a circular hierarchy (422)', async () => {
    const a = await create({ slug: 'a', name: 'A' });
    const b = await create({ slug: 'b', name: 'B', parent_id: a.id });
    const dup = await t.app.inject({ method: 'POST', url: '/v1/topics', headers: t.auth.write, payload: { slug: 'a', name: 'Again' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().existing_id).toBe(a.id);
    const cycle = await t.app.inject({ method: 'PATCH', url: `/v1/topics/${a.id}`, headers: t.auth.write, payload: { parent_id: b.id } });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json().errors[0].pointer).toBe('/parent_id');
    const inUse = await t.app.inject({ method: 'DELETE', url: `/v1/topics/${a.id}`, headers: t.auth.write });
    expect(inUse.statusCode).toBe(409);
  });

  it.each([
    ['no key', {}, 401],
    ['a read key', 'read', 403],
    ['a bad key', { authorization: 'Bearer ws_nope' }, 401],
  ] as const)('refuses a write with %s and writes nothing', async (_label, headers, status) => {
    const h = headers === 'read' ? t.auth.read : headers;
    const res = await t.app.inject({ method: 'POST', url: '/v1/topics', headers: h, payload: { slug: 'x', name: 'X' } });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await t.app.inject({ url: '/v1/topics' })).json().data).toEqual([]);
  });

  it.each([
    ['an unknown field', { slug: 'x', name: 'X', colour: 'red' }, '/colour'],
    ['a bad slug', { slug: 'Not A Slug', name: 'X' }, '/slug'],
    ['a missing name', { slug: 'x' }, '/name'],
  ])('answers 400 naming the pointer for %s', async (_label, body, pointer) => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/topics', headers: t.auth.write, payload: body });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toContainEqual(expect.objectContaining({ in: 'body', pointer }));
  });

  it.each([
    ['/v1/topics?colour=red', 400],
    ['/v1/topics?limit=0', 400],
    ['/v1/topics?cursor=garbage', 400],
    ['/v1/topics/not-an-id', 400],
    ['/v1/topics/top_01JEG8S0V2Y6Q5H3N0W4X9Z7KD', 404],
    ['/v1/topics/top_01JEG8S0V2Y6Q5H3N0W4X9Z7KD/revisions', 404],
  ])('GET %s answers %i as problem+json', async (url, status) => {
    const res = await t.app.inject({ url });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers 415 to a body that is not JSON', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/topics', headers: { ...t.auth.write, 'content-type': 'text/plain' }, payload: 'slug=x' });
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
