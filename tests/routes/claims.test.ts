// /v1/claims through app.inject: quote integrity, speaking_as, embedding, filters, history and errors.
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { basics, BODY, post } from '../helpers/fixtures.js';

const t = useTestApp();
let f: Awaited<ReturnType<typeof basics>>;
beforeEach(async () => { f = await basics(t); });

const claim = (over: Record<string, unknown> = {}) => ({
  actor_id: f.lavrov.id,
  text: 'NATO is causing the situation to worsen.',
  kind: 'indirect_quote',
  said_on: '2021-12-02',
  said_on_text: 'on Thursday',
  topics: [{ topic_id: f.expansion.id, stance: 'opposes' }],
  sources: [{ article_id: f.article.id, quote: 'NATO is causing the situation to worsen', cue: 'said' }],
  ...over,
});

const createClaim = (payload: unknown) => t.app.inject({ method: 'POST', url: '/v1/claims', headers: t.auth.write, payload: payload as Record<string, unknown> });
const count = async () => (await t.app.inject({ url: '/v1/claims' })).json().data.length;

describe('creating claims', () => {
  it('finds the quote offsets, embeds speaker and article, and resolves speaking_as', async () => {
    const res = await createClaim(claim());
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(res.headers.location).toBe(`/v1/claims/${c.id}`);
    const start = BODY.indexOf('NATO is causing');
    expect(c.sources[0]).toMatchObject({ start, end: start + 'NATO is causing the situation to worsen'.length, verbatim: true, cue: 'said' });
    expect(c.sources[0].article).toEqual({ id: f.article.id, url: null, title: 'Lavrov on NATO', outlet: 'RT', published_at: '2021-12-03' });
    expect(c.speaker).toEqual({ id: f.lavrov.id, name: 'Sergey Lavrov' });
    expect(c.said_on_precision).toBe('day');
    expect(c.speaking_as).toMatchObject({ title: 'Minister of Foreign Affairs', organization: { id: f.ministry.id, name: 'Ministry of Foreign Affairs of Russia' } });
    expect(c.topics).toEqual([{ topic_id: f.expansion.id, topic: { id: f.expansion.id, slug: 'nato-eastward-expansion', name: "NATO's eastward expansion" }, stance: 'opposes' }]);
    expect(c).toMatchObject({ status: 'unreviewed', origin: 'manual', confidence: null });
  });

  it.each([
    ['2001', 'year', 'Ambassador to the United Nations'],
    ['2004-03', 'month', 'Minister of Foreign Affairs'],
    ['1990', 'year', null],
  ])('said_on %s (%s precision) speaks as %s', async (saidOn, precision, title) => {
    const c = (await createClaim(claim({ said_on: saidOn }))).json();
    expect(c.said_on_precision).toBe(precision);
    expect(c.speaking_as?.title ?? null).toBe(title);
  });

  it('accepts offsets that frame the quote and refuses ones that do not', async () => {
    const start = BODY.indexOf('categorically');
    const ok = await createClaim(claim({ sources: [{ article_id: f.article.id, quote: 'categorically unacceptable', start, end: start + 26 }] }));
    expect(ok.statusCode, ok.body).toBe(201);
    const bad = await createClaim(claim({ sources: [{ article_id: f.article.id, quote: 'categorically unacceptable', start: start + 1 }] }));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].pointer).toBe('/sources/0/start');
  });

  it('finds a quote typed with other quotation marks and stores it as printed', async () => {
    const res = await createClaim(claim({ sources: [{ article_id: f.article.id, quote: 'it is “categorically unacceptable”' }] }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().sources[0].quote).toBe('it is "categorically unacceptable"');
  });

  it('refuses a quote absent from the body with a 422 naming it, and stores nothing', async () => {
    const res = await createClaim(claim({ sources: [{ article_id: f.article.id, quote: 'NATO is a defensive alliance' }] }));
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const p = res.json();
    expect(p).toMatchObject({ type: '/problems/quote-not-found', quote: 'NATO is a defensive alliance', article_id: f.article.id });
    expect(p.detail).toContain('NATO is a defensive alliance');
    expect(p.errors[0].pointer).toBe('/sources/0/quote');
    expect(await count()).toBe(0);
  });

  it('accepts a paraphrasing source marked verbatim: false', async () => {
    const res = await createClaim(claim({ kind: 'paraphrase', sources: [{ article_id: f.article.id, quote: 'NATO makes things worse', verbatim: false }] }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().sources[0]).toMatchObject({ verbatim: false, start: null, end: null });
  });

  it('reports every reference that is missing or deleted at once', async () => {
    await t.app.inject({ method: 'DELETE', url: `/v1/topics/${f.expansion.id}`, headers: t.auth.write });
    const res = await createClaim(claim({ addressee_ids: [f.nato.id, 'act_01JEG8S0V2Y6Q5H3N0W4X9Z7KD'] }));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/addressee_ids/1', '/topics/0/topic_id']);
    expect(await count()).toBe(0);
  });

  it.each([
    ['no sources', { sources: [] }, '/sources'],
    ['an impossible date', { said_on: '2021-02-30' }, '/said_on'],
    ['a bad stance', { topics: [{ topic_id: 'top_01JEG8S0V2Y6Q5H3N0W4X9Z7KD', stance: 'maybe' }] }, '/topics/0/stance'],
    ['an unknown field', { mood: 'angry' }, '/mood'],
    ['an unknown source field', { sources: [{ article_id: 'art_01JEG8S0V2Y6Q5H3N0W4X9Z7KD', quote: 'x', page: 2 }] }, '/sources/0/page'],
    ['confidence above 1', { confidence: 1.5 }, '/confidence'],
  ])('answers 400 for %s', async (_label, over, pointer) => {
    const res = await createClaim(claim(over));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toContainEqual(expect.objectContaining({ pointer }));
    expect(await count()).toBe(0);
  });

  it.each([
    ['no key', {}, 401],
    ['a read key', 'read', 403],
  ] as const)('refuses a write with %s and stores nothing', async (_label, headers, status) => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/claims', headers: headers === 'read' ? t.auth.read : headers, payload: claim() });
    expect(res.statusCode).toBe(status);
    expect(res.json().status).toBe(status);
    expect(await count()).toBe(0);
  });
});

describe('reading claims', () => {
  it('filters by speaker, topic and article, also as sub-resources', async () => {
    const mine = await post(t, '/v1/claims', claim());
    await post(t, '/v1/claims', claim({ actor_id: f.nato.id, topics: [], text: 'A springboard for confrontation', kind: 'direct_quote', sources: [{ article_id: f.article.id, quote: 'a springboard for confrontation' }] }));
    const ids = async (url: string) => (await t.app.inject({ url })).json().data.map((c: { id: string }) => c.id);
    expect(await ids(`/v1/claims?actor_id=${f.lavrov.id}`)).toEqual([mine.id]);
    expect(await ids(`/v1/claims?topic_id=${f.expansion.id}`)).toEqual([mine.id]);
    expect((await ids(`/v1/claims?article_id=${f.article.id}`)).length).toBe(2);
    expect(await ids(`/v1/actors/${f.lavrov.id}/claims`)).toEqual([mine.id]);
    expect(await ids(`/v1/topics/${f.expansion.id}/claims`)).toEqual([mine.id]);
    expect((await ids(`/v1/articles/${f.article.id}/claims`)).length).toBe(2);
  });

  it('pages through claims and answers 404 and 410 for the parent of a sub-resource', async () => {
    for (let i = 0; i < 3; i++) await post(t, '/v1/claims', claim());
    const first = await t.app.inject({ url: `/v1/actors/${f.lavrov.id}/claims?limit=2` });
    expect(first.json().data.length).toBe(2);
    expect(first.headers.link).toMatch(/^<\/v1\/actors\/act_\w+\/claims\?limit=2&cursor=[\w-]+>; rel="next"$/);
    expect((await t.app.inject({ url: '/v1/actors/act_01JEG8S0V2Y6Q5H3N0W4X9Z7KD/claims' })).statusCode).toBe(404);
    await t.app.inject({ method: 'DELETE', url: `/v1/actors/${f.nato.id}`, headers: t.auth.write });
    expect((await t.app.inject({ url: `/v1/actors/${f.nato.id}/claims` })).statusCode).toBe(410);
  });
});

describe('searching claims', () => {
  it.each(['acerco', 'ACERCÓ', 'zajarova', '"la OTAN"', 'fronter*'])('finds accented text with q=%s, ignoring diacritics and case', async (q) => {
    const c = await post(t, '/v1/claims', claim({
      text: 'Zajárova dijo que la OTAN se acercó a las fronteras rusas', kind: 'paraphrase',
      sources: [{ article_id: f.article.id, quote: 'NATO se acercó', verbatim: false }],
    }));
    await post(t, '/v1/claims', claim());
    const res = await t.app.inject({ url: `/v1/claims?q=${encodeURIComponent(q)}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect(res.json().data[0].snippet).toMatch(/<mark>/);
  });
});

describe('changing claims', () => {
  it('keeps revisions with before and after through PATCH, DELETE and restore', async () => {
    const c = await post<{ text: string }>(t, '/v1/claims', claim());
    const patched = await t.app.inject({ method: 'PATCH', url: `/v1/claims/${c.id}`, headers: t.auth.write, payload: { status: 'verified', said_on: '2021-12' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ status: 'verified', said_on: '2021-12', said_on_precision: 'month', text: c.text });
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/claims/${c.id}`, headers: t.auth.write })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/v1/claims/${c.id}` })).statusCode).toBe(410);
    expect(await count()).toBe(0);
    expect((await t.app.inject({ method: 'POST', url: `/v1/claims/${c.id}/restore`, headers: t.auth.write })).statusCode).toBe(200);
    const got = await t.app.inject({ url: `/v1/claims/${c.id}` });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({ status: 'verified', said_on: '2021-12' });

    const revs = (await t.app.inject({ url: `/v1/claims/${c.id}/revisions` })).json().data;
    expect(revs.map((r: { action: string }) => r.action)).toEqual(['create', 'update', 'delete', 'restore']);
    expect(revs[1].before).toMatchObject({ status: 'unreviewed', said_on: '2021-12-02' });
    expect(revs[1].after).toMatchObject({ status: 'verified', said_on: '2021-12' });
    expect(revs[2].before).toMatchObject({ id: c.id, status: 'verified' });
    expect(revs[3].after).toMatchObject({ id: c.id, status: 'verified' });
  });

  it('checks replaced sources like new ones and changes nothing on failure', async () => {
    const c = await post(t, '/v1/claims', claim());
    const res = await t.app.inject({ method: 'PATCH', url: `/v1/claims/${c.id}`, headers: t.auth.write, payload: { text: 'changed', sources: [{ article_id: f.article.id, quote: 'not in the article' }] } });
    expect(res.statusCode).toBe(422);
    expect((await t.app.inject({ url: `/v1/claims/${c.id}` })).json().text).toBe('NATO is causing the situation to worsen.');
  });

  it('answers 412 to a stale If-Match and 304 to a matching If-None-Match', async () => {
    const c = await post(t, '/v1/claims', claim());
    const etag = String((await t.app.inject({ url: `/v1/claims/${c.id}` })).headers.etag);
    expect((await t.app.inject({ url: `/v1/claims/${c.id}`, headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    await t.app.inject({ method: 'PATCH', url: `/v1/claims/${c.id}`, headers: t.auth.write, payload: { status: 'disputed' } });
    const stale = await t.app.inject({ method: 'DELETE', url: `/v1/claims/${c.id}`, headers: { ...t.auth.write, 'if-match': etag } });
    expect(stale.statusCode).toBe(412);
    expect((await t.app.inject({ url: `/v1/claims/${c.id}` })).statusCode).toBe(200);
  });

  it('refuses to delete a claim that is evidence for a live position (409)', async () => {
    const c = await post(t, '/v1/claims', claim());
    await post(t, '/v1/positions', { actor_id: f.lavrov.id, topic_id: f.expansion.id, stance: 'opposes', evidence: [c.id] });
    const res = await t.app.inject({ method: 'DELETE', url: `/v1/claims/${c.id}`, headers: t.auth.write });
    expect(res.statusCode).toBe(409);
    expect(res.json().position_ids).toHaveLength(1);
  });
});
