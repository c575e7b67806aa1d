// /v1/claims/{id}/fact-checks: attach, list, get and remove published fact-checks; each change is a
// revision of the claim; the claims list filters by rating; claims embed them (JSON and CSV).
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { basics, post } from '../helpers/fixtures.js';

const t = useTestApp();
let f: Awaited<ReturnType<typeof basics>>;
let claimId: string;

const newClaim = async (text = 'NATO is causing the situation to worsen.') => (await post(t, '/v1/claims', {
  actor_id: f.lavrov.id, text, kind: 'indirect_quote', said_on: '2021-12-02',
  sources: [{ article_id: f.article.id, quote: 'NATO is causing the situation to worsen' }],
})).id;

beforeEach(async () => {
  f = await basics(t);
  claimId = await newClaim();
});

const check = (over: Record<string, unknown> = {}) => ({
  publisher: 'AFP Fact Check', url: 'https://factcheck.afp.com/lavrov-nato', rating: 'False',
  rating_value: 1, best_rating: 5, worst_rating: 1, reviewed_on: '2021-12-10', ...over,
});
const addCheck = (payload: unknown, id = claimId, headers: Record<string, string> = t.auth.write) =>
  t.app.inject({ method: 'POST', url: `/v1/claims/${id}/fact-checks`, headers, payload: payload as Record<string, unknown> });
const getClaim = (id = claimId) => t.app.inject({ url: `/v1/claims/${id}` });
const revisions = async (id = claimId) => (await t.app.inject({ url: `/v1/claims/${id}/revisions` })).json().data;
const revisionCount = () => t.db.$client.prepare('SELECT count(*) FROM revisions').pluck().get();

describe('fact-checks of a claim', () => {
  it('attaches one: 201 with Location, the url normalised, and the claim embeds it', async () => {
    const before = await getClaim();
    const res = await addCheck(check({ url: 'HTTPS://FactCheck.AFP.com/lavrov-nato?utm_source=x#top' }));
    expect(res.statusCode, res.body).toBe(201);
    const fc = res.json();
    expect(fc).toEqual({
      id: expect.stringMatching(/^fcr_[0-9A-Z]{26}$/), publisher: 'AFP Fact Check', url: 'https://factcheck.afp.com/lavrov-nato',
      rating: 'False', rating_value: 1, best_rating: 5, worst_rating: 1, reviewed_on: '2021-12-10', created_at: expect.any(String),
    });
    expect(res.headers.location).toBe(`/v1/claims/${claimId}/fact-checks/${fc.id}`);

    const got = await t.app.inject({ url: res.headers.location as string });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(fc);
    expect(got.headers.etag).toBeDefined();

    const after = await getClaim();
    expect(after.json().fact_checks).toEqual([fc]);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(after.json().updated_at >= before.json().updated_at).toBe(true);
    expect(after.json()).toEqual((await revisions()).at(-1).after);
    expect((await t.app.inject({ url: '/v1/claims' })).json().data[0].fact_checks).toEqual([fc]);
  });

  it('lists them oldest first, and a claim without any has an empty list', async () => {
    expect((await getClaim()).json().fact_checks).toEqual([]);
    const a = (await addCheck(check())).json();
    const b = (await addCheck(check({ publisher: 'Full Fact', url: 'https://fullfact.org/x', rating: 'Misleading', rating_value: null, best_rating: null, worst_rating: null, reviewed_on: null }))).json();
    const res = await t.app.inject({ url: `/v1/claims/${claimId}/fact-checks` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: [a, b] });
    expect(b).toMatchObject({ rating_value: null, best_rating: null, worst_rating: null, reviewed_on: null });
  });

  it('accepts only the required fields', async () => {
    const res = await addCheck({ publisher: 'Full Fact', url: 'http://fullfact.org/y', rating: 'Mostly false' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ rating_value: null, best_rating: null, worst_rating: null, reviewed_on: null });
  });

  it('keeps each addition and removal as an update revision of the claim', async () => {
    const fc = (await addCheck(check())).json();
    const del = await t.app.inject({ method: 'DELETE', url: `/v1/claims/${claimId}/fact-checks/${fc.id}`, headers: t.auth.write });
    expect(del.statusCode).toBe(204);
    expect((await t.app.inject({ url: `/v1/claims/${claimId}/fact-checks` })).json().data).toEqual([]);
    expect((await getClaim()).json().fact_checks).toEqual([]);

    const history = await revisions();
    expect(history.map((r: { action: string }) => r.action)).toEqual(['create', 'update', 'update']);
    const [, added, removed] = history;
    expect(added.before.fact_checks).toEqual([]);
    expect(added.after.fact_checks).toEqual([fc]);
    expect(added.by).toMatchObject({ name: 'writer' });
    expect(removed.before.fact_checks).toEqual([fc]);
    expect(removed.after.fact_checks).toEqual([]);
  });

  it('refuses a second fact-check at the same url (after normalisation) with 409 naming the first', async () => {
    const first = (await addCheck(check())).json();
    const count = revisionCount();
    const res = await addCheck(check({ url: 'https://FACTCHECK.afp.com/lavrov-nato#again', rating: 'Misleading' }));
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 409, existing_id: first.id });
    expect(revisionCount()).toBe(count);
    // The same url on another claim is another fact-check.
    expect((await addCheck(check(), await newClaim('Another claim'))).statusCode).toBe(201);
  });

  it('answers 404 for a fact-check of another claim or none', async () => {
    const fc = (await addCheck(check())).json();
    const other = await newClaim('Another claim');
    for (const [method, url] of [['GET', `/v1/claims/${other}/fact-checks/${fc.id}`], ['DELETE', `/v1/claims/${other}/fact-checks/${fc.id}`],
      ['GET', `/v1/claims/${claimId}/fact-checks/fcr_01JEG8S0V2Y6Q5H3N0W4X9Z7KD`]] as const) {
      const res = await t.app.inject({ method, url, headers: t.auth.write });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await getClaim()).json().fact_checks).toHaveLength(1);
  });
});

describe('fact-check errors change nothing', () => {
  const UNKNOWN = 'clm_01JEG8S0V2Y6Q5H3N0W4X9Z7KD';
  const cases: [string, number, () => Promise<{ statusCode: number; json: () => { errors?: { pointer: string }[] } }>, string?][] = [
    ['an ftp url', 400, () => addCheck(check({ url: 'ftp://factcheck.afp.com/x' })), '/url'],
    ['a url that is not one', 400, () => addCheck(check({ url: 'factcheck afp' })), '/url'],
    ['no rating', 400, () => addCheck({ publisher: 'AFP', url: 'https://afp.com/x' }), '/rating'],
    ['a blank publisher', 400, () => addCheck(check({ publisher: '   ' })), '/publisher'],
    ['an unknown field', 400, () => addCheck(check({ verdict: 'no' })), '/verdict'],
    ['a day that does not exist', 400, () => addCheck(check({ reviewed_on: '2021-02-30' })), '/reviewed_on'],
    ['a partial reviewed_on', 400, () => addCheck(check({ reviewed_on: '2021-12' })), '/reviewed_on'],
    ['a rating given as a number', 400, () => addCheck(check({ rating: 1 })), '/rating'],
    ['a malformed claim id', 400, () => addCheck(check(), 'clm_nope')],
    ['no API key', 401, () => addCheck(check(), claimId, {})],
    ['a read-only key', 403, () => addCheck(check(), claimId, t.auth.read)],
    ['a read-only key removing', 403, () => t.app.inject({ method: 'DELETE', url: `/v1/claims/${claimId}/fact-checks/fcr_01JEG8S0V2Y6Q5H3N0W4X9Z7KD`, headers: t.auth.read })],
    ['an unknown claim', 404, () => addCheck(check(), UNKNOWN)],
    ['an unknown claim, with a bad body', 404, () => addCheck({}, UNKNOWN)],
    ['the list of an unknown claim', 404, () => t.app.inject({ url: `/v1/claims/${UNKNOWN}/fact-checks` })],
    ['removing an unknown fact-check', 404, () => t.app.inject({ method: 'DELETE', url: `/v1/claims/${claimId}/fact-checks/fcr_01JEG8S0V2Y6Q5H3N0W4X9Z7KD`, headers: t.auth.write })],
    ['a value above best', 422, () => addCheck(check({ rating_value: 6 })), '/rating_value'],
    ['a value below worst', 422, () => addCheck(check({ rating_value: 0 })), '/rating_value'],
    ['worst above best', 422, () => addCheck(check({ rating_value: null, worst_rating: 5, best_rating: 1 })), '/worst_rating'],
  ];

  it.each(cases)('%s: %i', async (_name, status, send, pointer) => {
    const count = revisionCount();
    const res = await send();
    expect(res.statusCode).toBe(status);
    if (pointer) expect(res.json().errors?.map((e) => e.pointer)).toContain(pointer);
    expect(revisionCount()).toBe(count);
    expect((await getClaim()).json().fact_checks).toEqual([]);
  });

  it('answers 410 for every fact-check operation on a deleted claim, before reading the body', async () => {
    const fc = (await addCheck(check())).json();
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/claims/${claimId}`, headers: t.auth.write })).statusCode).toBe(204);
    const count = revisionCount();
    for (const [method, url, payload] of [
      ['POST', `/v1/claims/${claimId}/fact-checks`, {}], ['GET', `/v1/claims/${claimId}/fact-checks`, undefined],
      ['GET', `/v1/claims/${claimId}/fact-checks/${fc.id}`, undefined], ['DELETE', `/v1/claims/${claimId}/fact-checks/${fc.id}`, undefined],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: t.auth.write, payload });
      expect(res.statusCode, `${method} ${url}`).toBe(410);
    }
    expect(revisionCount()).toBe(count);
    // Restoring the claim brings its fact-checks back with it.
    const restored = await t.app.inject({ method: 'POST', url: `/v1/claims/${claimId}/restore`, headers: t.auth.write });
    expect(restored.json().fact_checks).toEqual([fc]);
  });
});

describe('the rating filter of the claims list', () => {
  const ids = (res: { json: () => { data: { id: string }[] } }) => res.json().data.map((c) => c.id).sort();

  it.each([
    ['rating=false', ['a', 'b']],
    ['rating=FALSE', ['a', 'b']],
    ['rating=F%C3%A1lse', ['a', 'b']],
    ['rating=misleading', ['c']],
    ['rating=misleading&rating=false', ['a', 'b', 'c']],
    ['rating=mostly%20false', []],
    ['rating=false&actor_id=NATO', ['b']],
  ])('%s', async (query, expected) => {
    const a = claimId;
    const b = (await post(t, '/v1/claims', {
      actor_id: f.nato.id, text: 'NATO said so', kind: 'paraphrase', sources: [{ article_id: f.article.id, quote: 'NATO said so', verbatim: false }],
    })).id;
    const c = await newClaim('A third claim');
    await newClaim('An unchecked claim');
    expect((await addCheck(check({ rating: 'False' }), a)).statusCode).toBe(201);
    expect((await addCheck(check({ rating: 'FALSE' }), b)).statusCode).toBe(201);
    expect((await addCheck(check({ rating: 'Misleading' }), c)).statusCode).toBe(201);
    const byName: Record<string, string> = { a, b, c };
    const res = await t.app.inject({ url: `/v1/claims?${query.replace('NATO', f.nato.id)}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(ids(res)).toEqual(expected.map((k) => byName[k]).sort());
  });

  it('no longer matches a claim once its fact-check is removed', async () => {
    const fc = (await addCheck(check())).json();
    expect(ids(await t.app.inject({ url: '/v1/claims?rating=false' }))).toEqual([claimId]);
    await t.app.inject({ method: 'DELETE', url: `/v1/claims/${claimId}/fact-checks/${fc.id}`, headers: t.auth.write });
    expect(ids(await t.app.inject({ url: '/v1/claims?rating=false' }))).toEqual([]);
  });

  it('is documented in the CSV of claims as publisher:rating', async () => {
    await addCheck(check());
    await addCheck(check({ publisher: 'Full Fact', url: 'https://fullfact.org/x', rating: 'Misleading' }));
    const res = await t.app.inject({ url: '/v1/claims?format=csv' });
    const [row] = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(row?.fact_checks).toBe('AFP Fact Check:False;Full Fact:Misleading');
  });
});
