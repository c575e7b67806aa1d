// Claim extraction over the seed article (POST /v1/articles/{id}/extract, extract on create) and bulk review (POST /v1/claims/review).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { post } from '../helpers/fixtures.js';

const SEED = readFileSync(join(import.meta.dirname, '../../src/demo/seed-article.txt'), 'utf8');
const CODE_POINTS = [...SEED];
const LAVROV_QUOTE = 'NATO is causing the situation on the Russian borders to worsen';

interface Source { article_id: string; quote: string; start: number; end: number; cue: string | null; verbatim: boolean }
interface Claim {
  id: string; actor_id: string; speaker: { id: string; name: string }; text: string; kind: string; said_on: string | null;
  status: string; origin: string; confidence: number | null; topics: unknown[]; sources: Source[]; speaking_as: { title: string } | null;
}
interface Extraction {
  article_id: string; created: Claim[]; skipped: { claim_id: string; reason: string }[];
  proposed_actors: { name: string; kind: string; mention: string }[]; created_actors: { id: string; name: string }[];
}

const t = useTestApp();
let ids: { lavrov: string; nato: string; russia: string; article: string };

const article = (over: Record<string, unknown> = {}) => ({
  title: "Moscow speaks out against the Alliance's expansion eastward", outlet: 'RT (actualidad.rt.com)',
  published_at: '2021-12-03', language: 'en', body: SEED, ...over,
});

beforeEach(async () => {
  const russia = await post(t, '/v1/actors', { name: 'Russia', kind: 'country', aliases: ['Moscow'] });
  const lavrov = await post(t, '/v1/actors', {
    name: 'Sergey Lavrov', kind: 'person', aliases: ['Lavrov'],
    roles: [{ title: 'Minister of Foreign Affairs', organization_id: russia.id, start: '2004-03-09' }],
  });
  const nato = await post(t, '/v1/actors', { name: 'NATO', kind: 'organization', aliases: ['the Alliance'] });
  ids = { lavrov: lavrov.id, nato: nato.id, russia: russia.id, article: (await post(t, '/v1/articles', article())).id };
});

const extract = (articleId: string, payload?: Record<string, unknown>, headers = t.auth.write) =>
  t.app.inject({ method: 'POST', url: `/v1/articles/${articleId}/extract`, headers, ...(payload === undefined ? {} : { payload }) });

async function extracted(payload?: Record<string, unknown>, articleId = ids.article): Promise<Extraction> {
  const res = await extract(articleId, payload);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Extraction>();
}

const review = (payload: Record<string, unknown>, headers = t.auth.write) =>
  t.app.inject({ method: 'POST', url: '/v1/claims/review', headers, payload });
const claimCount = async () => (await t.app.inject({ url: '/v1/claims?limit=500' })).json<{ data: unknown[] }>().data.length;
const revisions = async (id: string) => (await t.app.inject({ url: `/v1/claims/${id}/revisions` })).json<{ data: { action: string; before: Claim | null; after: Claim | null }[] }>().data;

describe('POST /v1/articles/{id}/extract', () => {
  it('records unreviewed extracted claims whose spans frame their quotes in the body', async () => {
    const r = await extracted();
    expect(r.article_id).toBe(ids.article);
    expect(r.created.length).toBeGreaterThanOrEqual(10);
    expect(r.skipped).toEqual([]);
    for (const c of r.created) {
      expect(c).toMatchObject({ origin: 'extraction', status: 'unreviewed', topics: [] });
      expect(c.confidence).toBeGreaterThan(0);
      expect(c.confidence).toBeLessThanOrEqual(1);
      expect(c.sources).toHaveLength(1);
      const [s] = c.sources as [Source];
      expect(s).toMatchObject({ article_id: ids.article, verbatim: true });
      expect(CODE_POINTS.slice(s.start, s.end).join('')).toBe(s.quote);
    }
    expect(r.created.filter((c) => c.sources[0]?.cue !== null).length).toBeGreaterThanOrEqual(r.created.length - 2);
    expect(await claimCount()).toBe(r.created.length);
  });

  it("attributes Lavrov's statements by name, alias and role, dated 2021-12-02, speaking as minister", async () => {
    const mine = (await extracted()).created.filter((c) => c.actor_id === ids.lavrov);
    expect(mine.length).toBeGreaterThanOrEqual(4);
    expect(mine.every((c) => c.said_on === '2021-12-02')).toBe(true);
    expect(mine[0]?.speaking_as?.title).toBe('Minister of Foreign Affairs');
    const said = mine.find((c) => c.sources[0]?.quote.startsWith(LAVROV_QUOTE));
    expect(said?.sources[0]).toMatchObject({ cue: 'said', start: CODE_POINTS.join('').indexOf(LAVROV_QUOTE) });
    // "The head of Russian diplomacy stressed ...": matched through the role.
    expect(mine.some((c) => c.sources[0]?.quote.includes('categorically unacceptable'))).toBe(true);
  });

  it('matches places to the country by alias and keeps a create revision of each claim', async () => {
    const r = await extracted();
    const moscow = r.created.filter((c) => c.actor_id === ids.russia);
    expect(moscow.length).toBeGreaterThanOrEqual(1);
    const history = await revisions(moscow[0]?.id as string);
    expect(history.map((h) => h.action)).toEqual(['create']);
    expect(history[0]?.after).toMatchObject({ origin: 'extraction', status: 'unreviewed' });
  });

  it('creates nothing when run again: every statement is skipped with the claim that holds it', async () => {
    const first = await extracted();
    const second = await extracted({ create_actors: false });
    expect(second.created).toEqual([]);
    expect(second.skipped).toHaveLength(first.created.length);
    expect(new Set(second.skipped.map((s) => s.claim_id))).toEqual(new Set(first.created.map((c) => c.id)));
    expect(second.skipped.every((s) => s.reason === 'overlapping_source')).toBe(true);
    expect(await claimCount()).toBe(first.created.length);
  });

  it('without create_actors proposes each unknown speaker once and records none of their statements', async () => {
    const r = await extracted();
    const putin = r.proposed_actors.filter((p) => p.name === 'Vladimir Putin');
    expect(putin).toEqual([{ name: 'Vladimir Putin', kind: 'person', mention: 'Vladimir Putin' }]);
    expect(new Set(r.proposed_actors.map((p) => p.name)).size).toBe(r.proposed_actors.length);
    expect(r.created_actors).toEqual([]);
    expect(new Set(r.created.map((c) => c.actor_id))).toEqual(new Set([ids.lavrov, ids.nato, ids.russia]));
    const actors = (await t.app.inject({ url: '/v1/actors' })).json<{ data: unknown[] }>().data;
    expect(actors).toHaveLength(3);
  });

  it('with create_actors creates the unknown speakers, records their claims, and a rerun adds neither', async () => {
    const proposed = (await extracted()).proposed_actors;
    const r = await extracted({ create_actors: true });
    expect(r.proposed_actors).toEqual([]);
    expect(r.created_actors.map((a) => a.name).sort()).toEqual(proposed.map((p) => p.name).sort());
    const putin = r.created_actors.find((a) => a.name === 'Vladimir Putin') as { id: string };
    const actor = (await t.app.inject({ url: `/v1/actors/${putin.id}` })).json();
    expect(actor).toMatchObject({ name: 'Vladimir Putin', kind: 'person' });
    const his = r.created.filter((c) => c.actor_id === putin.id);
    expect(his.length).toBeGreaterThanOrEqual(3);
    expect(his.map((c) => c.said_on)).toContain('2021-11-30');
    const again = await extracted({ create_actors: true });
    expect(again.created).toEqual([]);
    expect(again.created_actors).toEqual([]);
  });

  it('skips a statement already coded by hand at that span, and one its speaker has already said elsewhere', async () => {
    const manual = await post(t, '/v1/claims', {
      actor_id: ids.lavrov, text: 'NATO is making things worse on the Russian borders.', kind: 'indirect_quote',
      sources: [{ article_id: ids.article, quote: LAVROV_QUOTE }],
    });
    const r = await extracted();
    expect(r.skipped).toEqual([{ claim_id: manual.id, reason: 'overlapping_source' }]);
    const copy = (await post(t, '/v1/articles', article({ title: 'A syndicated copy' }))).id;
    const again = await extracted(undefined, copy);
    expect(again.skipped).toEqual(r.created.map((c) => ({ claim_id: c.id, reason: 'same_text' })));
    // The hand-coded claim words the statement differently and cites only the first article: the copy records it.
    expect(again.created.map((c) => c.sources[0]?.quote)).toEqual([expect.stringMatching(new RegExp(`^${LAVROV_QUOTE}`))]);
  });

  it('does not bring back a rejected claim; once restored, it is an ordinary one', async () => {
    const [rejected] = (await extracted()).created as [Claim];
    expect((await review({ reject: [rejected.id] })).statusCode).toBe(200);
    const r = await extracted();
    expect(r.created).toEqual([]);
    expect(r.skipped).toContainEqual({ claim_id: rejected.id, reason: 'rejected' });
    await t.app.inject({ method: 'POST', url: `/v1/claims/${rejected.id}/restore`, headers: t.auth.write });
    const again = await extracted();
    expect(again.created).toEqual([]);
    expect(again.skipped).toContainEqual({ claim_id: rejected.id, reason: 'overlapping_source' });
  });

  it.each([
    ['an unknown article', 404, async () => 'art_01JEG8S0V2Y6Q5H3N0W4X9Z7KD'],
    ['a deleted article', 410, async () => {
      const id = (await post(t, '/v1/articles', article({ title: 'Deleted' }))).id;
      await t.app.inject({ method: 'DELETE', url: `/v1/articles/${id}`, headers: t.auth.write });
      return id;
    }],
    ['an article without a body', 422, async () => (await post(t, '/v1/articles', article({ title: 'No body', body: undefined }))).id],
  ])('answers %s with %i and records nothing', async (_what, status, make) => {
    const res = await extract(await make());
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    if (status === 422) expect(res.json().errors).toEqual([{ in: 'path', pointer: '/id', message: 'names an article without a body' }]);
    expect(await claimCount()).toBe(0);
  });

  it('refuses unknown options with 400', async () => {
    const res = await extract(ids.article, { create_actor: true });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ pointer: '/create_actor', message: 'unknown field' });
  });

  it.each([
    ['no key', 401],
    ['a read key', 403],
  ] as const)('needs a write key (%s: %i)', async (what, status) => {
    const headers = what === 'a read key' ? t.auth.read : {};
    expect((await extract(ids.article, {}, headers)).statusCode).toBe(status);
    expect((await review({ accept: [] }, headers)).statusCode).toBe(status);
    expect(await claimCount()).toBe(0);
  });
});

describe('extract: true on POST /v1/articles', () => {
  it('creates the article and its claims in one go; the ETag is the article\'s own', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/articles', headers: t.auth.write, payload: article({ title: 'With extraction', extract: true }) });
    expect(res.statusCode, res.body).toBe(201);
    const { extraction, ...created } = res.json<{ id: string; extraction: Extraction }>();
    expect(extraction.article_id).toBe(created.id);
    expect(extraction.created.length).toBeGreaterThanOrEqual(10);
    expect(extraction.created.every((c) => c.sources[0]?.article_id === created.id)).toBe(true);
    const got = await t.app.inject({ url: `/v1/articles/${created.id}` });
    expect(got.json()).toEqual(created);
    expect(res.headers.etag).toBe(got.headers.etag);
  });

  it('leaves extraction out when extract is not asked', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/articles', headers: t.auth.write, payload: article({ title: 'Plain', extract: false }) });
    expect(res.statusCode).toBe(201);
    expect(res.json()).not.toHaveProperty('extraction');
    expect(await claimCount()).toBe(0);
  });

  it('refuses extract without a body with 400, creating nothing', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/articles', headers: t.auth.write, payload: article({ title: 'Empty', body: undefined, extract: true }) });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ in: 'body', pointer: '/body', message: 'is required when extract is true' }]);
    expect((await t.app.inject({ url: '/v1/articles' })).json().data).toHaveLength(1);
  });

  it('is not a field of PATCH', async () => {
    const res = await t.app.inject({ method: 'PATCH', url: `/v1/articles/${ids.article}`, headers: t.auth.write, payload: { extract: true } });
    expect(res.statusCode).toBe(400);
  });
});

describe('POST /v1/claims/review', () => {
  let created: Claim[];
  beforeEach(async () => { created = (await extracted()).created; });
  const get = (id: string) => t.app.inject({ url: `/v1/claims/${id}` });

  it('accepts (verified) and rejects (soft delete) in one request, each kept as a revision', async () => {
    const [a, b, c] = created as [Claim, Claim, Claim];
    const res = await review({ accept: [a.id, b.id], reject: [c.id] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ accepted: [a.id, b.id], rejected: [c.id] });
    expect((await get(a.id)).json()).toMatchObject({ status: 'verified', origin: 'extraction' });
    expect((await get(c.id)).statusCode).toBe(410);
    const history = await revisions(a.id);
    expect(history.map((h) => h.action)).toEqual(['create', 'update']);
    expect([history[1]?.before?.status, history[1]?.after?.status]).toEqual(['unreviewed', 'verified']);
    expect((await revisions(c.id)).map((h) => h.action)).toEqual(['create', 'delete']);
  });

  it('accepts as disputed when asked, and leaves a claim that already has the status unchanged', async () => {
    const [a] = created as [Claim];
    expect((await review({ accept: [a.id], status: 'disputed' })).statusCode).toBe(200);
    expect((await get(a.id)).json().status).toBe('disputed');
    expect((await review({ accept: [a.id], status: 'disputed' })).json()).toEqual({ accepted: [a.id], rejected: [] });
    expect((await revisions(a.id)).map((h) => h.action)).toEqual(['create', 'update']);
  });

  it('refuses a missing or deleted id with 422 naming each, and changes nothing', async () => {
    const [a, b, deleted] = created as [Claim, Claim, Claim];
    await t.app.inject({ method: 'DELETE', url: `/v1/claims/${deleted.id}`, headers: t.auth.write });
    const missing = 'clm_01JEG8S0V2Y6Q5H3N0W4X9Z7KD';
    const res = await review({ accept: [a.id, missing], reject: [b.id, deleted.id] });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors).toEqual([
      { in: 'body', pointer: '/accept/1', message: `claim ${missing} does not exist` },
      { in: 'body', pointer: '/reject/1', message: `claim ${deleted.id} is deleted` },
    ]);
    expect((await get(a.id)).json().status).toBe('unreviewed');
    expect((await get(b.id)).statusCode).toBe(200);
    expect((await revisions(a.id)).map((h) => h.action)).toEqual(['create']);
  });

  it.each([
    ['an id in both lists', (id: string) => ({ accept: [id], reject: [id] }), '/reject/0'],
    ['an id twice', (id: string) => ({ accept: [id, id] }), '/accept'],
    ['a malformed id', () => ({ reject: ['clm_nope'] }), '/reject/0'],
    ['an unknown status', (id: string) => ({ accept: [id], status: 'unreviewed' }), '/status'],
  ])('refuses %s with 400', async (_what, payload, pointer) => {
    const res = await review(payload((created[0] as Claim).id));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe(pointer);
    expect((await get((created[0] as Claim).id)).json().status).toBe('unreviewed');
  });
});
