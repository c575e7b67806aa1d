// /v1/articles through app.inject: the CRUD cycle, url and date normalisation, filters, errors, and quote integrity.
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { actors, claims, claimSources } from '../../src/db/schema.js';
import { newId } from '../../src/domain/ids.js';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

interface ArticleBody { id: string; url: string | null; title: string; outlet_domain: string | null; published_at: string | null; body: string | null; updated_at: string }

async function create(body: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: '/v1/articles', headers: t.auth.write, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<ArticleBody>();
}

const titles = (res: { json: () => { data: { title: string }[] } }) => res.json().data.map((a) => a.title);

/** A live claim quoting `quote` from the article, written straight to the tables as the claims resource would. */
function cite(articleId: string, quote: string, start: number | null, verbatim = true) {
  const now = new Date().toISOString();
  const actorId = newId('actor');
  const claimId = newId('claim');
  t.db.insert(actors).values({ id: actorId, name: 'Sergey Lavrov', nameKey: 'sergey lavrov', kind: 'person', createdAt: now, updatedAt: now }).run();
  t.db.insert(claims).values({ id: claimId, actorId, text: quote, kind: 'direct_quote', createdAt: now, updatedAt: now }).run();
  t.db.insert(claimSources).values({
    claimId, articleId, quote, start, end: start === null ? null : start + quote.length, verbatim, position: 0,
  }).run();
  return claimId;
}

const sourceOf = (claimId: string) =>
  t.db.select({ start: claimSources.start, end: claimSources.end }).from(claimSources).where(eq(claimSources.claimId, claimId)).get();

describe('articles', () => {
  it('creates an article with Location and ETag, normalised url and defaults, and reads it back', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/v1/articles', headers: t.auth.write,
      payload: { url: 'HTTPS://WWW.Reuters.COM/world/Lavrov?utm_source=twitter#top', title: 'Lavrov warns NATO', outlet: 'Reuters' },
    });
    expect(res.statusCode).toBe(201);
    const article = res.json();
    expect(res.headers.location).toBe(`/v1/articles/${article.id}`);
    expect(article).toMatchObject({
      url: 'https://www.reuters.com/world/Lavrov', title: 'Lavrov warns NATO', outlet: 'Reuters', outlet_domain: 'reuters.com',
      authors: [], published_at: null, language: null, body: null,
    });
    const got = await t.app.inject({ url: `/v1/articles/${article.id}` });
    expect(got.json()).toEqual(article);
    expect(got.headers.etag).toBe(res.headers.etag);
    const again = await t.app.inject({ url: `/v1/articles/${article.id}`, headers: { 'if-none-match': String(got.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('keeps an outlet_domain given by hand, and has none without a url', async () => {
    expect((await create({ url: 'https://www.bbc.co.uk/news/1', title: 'A', outlet_domain: 'BBC.com' })).outlet_domain).toBe('bbc.com');
    expect((await create({ title: 'B' })).outlet_domain).toBeNull();
  });

  it.each([
    ['the host in another case', 'https://NEWS.example.com/story/1'],
    ['utm parameters', 'https://news.example.com/story/1?utm_source=x&utm_campaign=y'],
    ['a fragment', 'https://news.example.com/story/1#comments'],
  ])('refuses a duplicate url differing by %s with 409 naming the existing article', async (_label, url) => {
    const first = await create({ url: 'https://news.example.com/story/1', title: 'First' });
    const dup = await t.app.inject({ method: 'POST', url: '/v1/articles', headers: t.auth.write, payload: { url, title: 'Again' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(dup.json().existing_id).toBe(first.id);
    expect(titles(await t.app.inject({ url: '/v1/articles' }))).toEqual(['First']);
  });

  it.each([
    ['a date as given', '2021-12-02', '2021-12-02'],
    ['a UTC date-time', '2021-12-02T09:30:00Z', '2021-12-02T09:30:00.000Z'],
    ['an offset date-time in UTC', '2021-12-02T23:30:00-02:00', '2021-12-03T01:30:00.000Z'],
    ['a lower-case date-time with fractions', '2021-12-02t09:30:00.25+01:00', '2021-12-02T08:30:00.250Z'],
  ])('stores published_at: %s', async (_label, given, stored) => {
    expect((await create({ title: 'A', published_at: given })).published_at).toBe(stored);
  });

  it('pages through a list with next_cursor and a Link header', async () => {
    for (const title of ['a', 'b', 'c']) await create({ title });
    const first = await t.app.inject({ url: '/v1/articles?limit=2' });
    const page = first.json();
    expect(titles(first)).toEqual(['a', 'b']);
    expect(first.headers.link).toBe(`</v1/articles?limit=2&cursor=${page.next_cursor}>; rel="next"`);
    const second = await t.app.inject({ url: `/v1/articles?limit=2&cursor=${page.next_cursor}` });
    expect(titles(second)).toEqual(['c']);
    expect(second.json().next_cursor).toBeNull();
    expect(second.headers.link).toBeUndefined();
  });

  describe('filters', () => {
    beforeEach(async () => {
      await create({ title: 'Lavrov on NATO expansion', url: 'https://tass.com/politics/1', outlet: 'TASS', language: 'ru', published_at: '2021-12-01' });
      await create({ title: 'Zakharova briefing', outlet: 'TASS', language: 'ru', published_at: '2021-12-02T23:30:00-02:00' });
      await create({ title: 'NATO summit: 100% agreed', outlet: 'Reuters', language: 'en-gb', published_at: '2021-12-15T10:00:00Z' });
      await create({ title: 'Undated note' });
    });

    it.each([
      ['outlet', 'outlet=TASS', ['Lavrov on NATO expansion', 'Zakharova briefing']],
      ['language', 'language=ru', ['Lavrov on NATO expansion', 'Zakharova briefing']],
      ['language in any case', 'language=EN-GB', ['NATO summit: 100% agreed']],
      ['url, normalised first', `url=${encodeURIComponent('HTTPS://TASS.com/politics/1?utm_source=x#a')}`, ['Lavrov on NATO expansion']],
      ['published_from (on the UTC day)', 'published_from=2021-12-03', ['Zakharova briefing', 'NATO summit: 100% agreed']],
      ['published_to (inclusive)', 'published_to=2021-12-01', ['Lavrov on NATO expansion']],
      ['a publication window', 'published_from=2021-12-02&published_to=2021-12-03', ['Zakharova briefing']],
      ['text in the title, any case', 'q=nato', ['Lavrov on NATO expansion', 'NATO summit: 100% agreed']],
      ['text with a LIKE wildcard taken literally', 'q=100%25', ['NATO summit: 100% agreed']],
      ['several at once', 'outlet=TASS&q=nato', ['Lavrov on NATO expansion']],
      ['nothing matching', 'outlet=AP', []],
    ])('by %s', async (_label, query, expected) => {
      const res = await t.app.inject({ url: `/v1/articles?${query}` });
      expect(res.statusCode, res.body).toBe(200);
      expect(titles(res)).toEqual(expected);
    });
  });

  it('patches, refuses a stale If-Match, and keeps revisions through delete and restore', async () => {
    const article = await create({ title: 'Draft title', url: 'https://example.com/a' });
    const etag = String((await t.app.inject({ url: `/v1/articles/${article.id}` })).headers.etag);
    const patched = await t.app.inject({
      method: 'PATCH', url: `/v1/articles/${article.id}`, headers: { ...t.auth.write, 'if-match': etag },
      payload: { title: 'Final title', authors: ['Jane Doe'], url: 'https://www.example.org/a' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ title: 'Final title', authors: ['Jane Doe'], url: 'https://www.example.org/a', outlet_domain: 'example.org' });
    const stale = await t.app.inject({ method: 'PATCH', url: `/v1/articles/${article.id}`, headers: { ...t.auth.write, 'if-match': etag }, payload: { title: 'Lost update' } });
    expect(stale.statusCode).toBe(412);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);

    expect((await t.app.inject({ method: 'DELETE', url: `/v1/articles/${article.id}`, headers: t.auth.write })).statusCode).toBe(204);
    const gone = await t.app.inject({ url: `/v1/articles/${article.id}` });
    expect(gone.statusCode).toBe(410);
    expect(gone.json().type).toBe('/problems/gone');
    expect((await t.app.inject({ url: '/v1/articles' })).json().data).toEqual([]);
    const reused = await t.app.inject({ method: 'POST', url: '/v1/articles', headers: t.auth.write, payload: { title: 'X', url: 'https://www.example.org/a' } });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().existing_id).toBe(article.id);

    const restored = await t.app.inject({ method: 'POST', url: `/v1/articles/${article.id}/restore`, headers: t.auth.write });
    expect(restored.statusCode).toBe(200);
    expect(restored.json().title).toBe('Final title');

    const history = (await t.app.inject({ url: `/v1/articles/${article.id}/revisions` })).json();
    expect(history.data.map((r: { action: string }) => r.action)).toEqual(['create', 'update', 'delete', 'restore']);
    expect(history.data[1].before.title).toBe('Draft title');
    expect(history.data[1].after.title).toBe('Final title');
    expect(history.data[1].by).toEqual({ key_id: expect.stringMatching(/^key_/), name: 'writer' });
  });

  it('refuses to move an article onto another one\'s url', async () => {
    const a = await create({ title: 'A', url: 'https://example.com/a' });
    const b = await create({ title: 'B', url: 'https://example.com/b' });
    const res = await t.app.inject({ method: 'PATCH', url: `/v1/articles/${b.id}`, headers: t.auth.write, payload: { url: 'https://EXAMPLE.com/a#x' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().existing_id).toBe(a.id);
  });

  it.each([
    ['no key', {}, 401],
    ['a read key', 'read', 403],
    ['a bad key', { authorization: 'Bearer ws_nope' }, 401],
  ] as const)('refuses a write with %s and writes nothing', async (_label, headers, status) => {
    const existing = await create({ title: 'Kept' });
    const h = headers === 'read' ? t.auth.read : headers;
    const post = await t.app.inject({ method: 'POST', url: '/v1/articles', headers: h, payload: { title: 'X' } });
    const patch = await t.app.inject({ method: 'PATCH', url: `/v1/articles/${existing.id}`, headers: h, payload: { title: 'Changed' } });
    const del = await t.app.inject({ method: 'DELETE', url: `/v1/articles/${existing.id}`, headers: h });
    for (const res of [post, patch, del]) {
      expect(res.statusCode).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(titles(await t.app.inject({ url: '/v1/articles' }))).toEqual(['Kept']);
  });

  it.each([
    ['an unknown field', { title: 'X', colour: 'red' }, '/colour'],
    ['a missing title', { url: 'https://example.com/' }, '/title'],
    ['an empty title', { title: '' }, '/title'],
    ['a url that is not http(s)', { title: 'X', url: 'ftp://example.com/a' }, '/url'],
    ['a url that is not a url', { title: 'X', url: 'example dot com' }, '/url'],
    ['a published_at that is no date', { title: 'X', published_at: 'yesterday' }, '/published_at'],
    ['a published_at without a time zone', { title: 'X', published_at: '2021-12-02T10:00:00' }, '/published_at'],
    ['a published_at on a day that does not exist', { title: 'X', published_at: '2021-02-30' }, '/published_at'],
    ['a language that is no BCP 47 tag', { title: 'X', language: 'English' }, '/language'],
    ['an outlet_domain that is no domain', { title: 'X', outlet_domain: 'not a domain' }, '/outlet_domain'],
    ['an empty author', { title: 'X', authors: ['Jane Doe', ''] }, '/authors/1'],
  ])('answers 400 naming the pointer for %s', async (_label, body, pointer) => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/articles', headers: t.auth.write, payload: body });
    expect(res.statusCode).toBe(400);
    expect(res.json().type).toBe('/problems/validation');
    expect(res.json().errors).toContainEqual(expect.objectContaining({ in: 'body', pointer }));
    expect((await t.app.inject({ url: '/v1/articles' })).json().data).toEqual([]);
  });

  it.each([
    ['an unknown field', { colour: 'red' }, '/colour'],
    ['a null title', { title: null }, '/title'],
    ['a url that is not http(s)', { url: 'mailto:desk@example.com' }, '/url'],
    ['a published_at on a day that does not exist', { published_at: '2021-04-31T10:00:00Z' }, '/published_at'],
  ])('answers 400 to a PATCH with %s and changes nothing', async (_label, body, pointer) => {
    const article = await create({ title: 'Kept' });
    const res = await t.app.inject({ method: 'PATCH', url: `/v1/articles/${article.id}`, headers: t.auth.write, payload: body });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toContainEqual(expect.objectContaining({ in: 'body', pointer }));
    expect((await t.app.inject({ url: `/v1/articles/${article.id}` })).json()).toEqual(article);
  });

  it.each([
    ['/v1/articles?colour=red', 400, '/colour'],
    ['/v1/articles?limit=0', 400, '/limit'],
    ['/v1/articles?cursor=garbage', 400, '/cursor'],
    ['/v1/articles?published_from=2021-13-01', 400, '/published_from'],
    ['/v1/articles?published_to=02.12.2021', 400, '/published_to'],
    ['/v1/articles?url=ftp%3A%2F%2Fexample.com%2F', 400, '/url'],
    ['/v1/articles?language=English', 400, '/language'],
    ['/v1/articles/not-an-id', 400, undefined],
    ['/v1/articles/art_01JEG8S0V2Y6Q5H3N0W4X9Z7KD', 404, undefined],
    ['/v1/articles/art_01JEG8S0V2Y6Q5H3N0W4X9Z7KD/revisions', 404, undefined],
  ])('GET %s answers %i as problem+json', async (url, status, pointer) => {
    const res = await t.app.inject({ url });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    if (pointer) expect(res.json().errors).toContainEqual(expect.objectContaining({ in: 'query', pointer }));
  });
});

describe('article bodies and the claims quoting them', () => {
  const quote = 'NATO expansion is a red line';
  const body = `Moscow, 2 December. The minister said: ${quote}. He left.`;
  const patchBody = (id: string, value: string | null) =>
    t.app.inject({ method: 'PATCH', url: `/v1/articles/${id}`, headers: t.auth.write, payload: { body: value } });

  it('moves the offsets of a quote that the new body keeps', async () => {
    const article = await create({ title: 'Lavrov', body });
    const claimId = cite(article.id, quote, body.indexOf(quote));
    const edited = `Correction appended. ${body}`;
    const res = await patchBody(article.id, edited);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().body).toBe(edited);
    expect(sourceOf(claimId)).toEqual({ start: edited.indexOf(quote), end: edited.indexOf(quote) + quote.length });
  });

  it('picks the occurrence nearest the old offsets when the quote appears more than once', async () => {
    const article = await create({ title: 'Lavrov', body: `${quote}. Later: ${quote}.` });
    const second = `${quote}. Later: `.length;
    const claimId = cite(article.id, quote, second);
    const edited = `${quote}. Later, in Moscow: ${quote}.`;
    expect((await patchBody(article.id, edited)).statusCode).toBe(200);
    expect(sourceOf(claimId)?.start).toBe(edited.lastIndexOf(quote));
  });

  it('refuses with 422 a body that drops a quote, naming the claim and changing nothing', async () => {
    const article = await create({ title: 'Lavrov', body });
    const claimId = cite(article.id, quote, body.indexOf(quote));
    const kept = cite(article.id, 'He left', body.indexOf('He left'));
    const res = await patchBody(article.id, `Moscow. The minister said nothing new. He left.`);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().claim_ids).toEqual([claimId]);
    expect(res.json().errors).toContainEqual(expect.objectContaining({ in: 'body', pointer: '/body' }));
    expect((await t.app.inject({ url: `/v1/articles/${article.id}` })).json()).toEqual(article);
    expect(sourceOf(kept)).toEqual({ start: body.indexOf('He left'), end: body.indexOf('He left') + 'He left'.length });
    const history = (await t.app.inject({ url: `/v1/articles/${article.id}/revisions` })).json();
    expect(history.data.map((r: { action: string }) => r.action)).toEqual(['create']);
  });

  it('lets a body drop a quote that its source does not claim verbatim, and leaves sources alone when the body is cleared', async () => {
    const article = await create({ title: 'Lavrov', body });
    cite(article.id, 'a paraphrase not in the text', null, false);
    const claimId = cite(article.id, quote, body.indexOf(quote));
    expect((await patchBody(article.id, null)).statusCode).toBe(200);
    expect(sourceOf(claimId)).toEqual({ start: body.indexOf(quote), end: body.indexOf(quote) + quote.length });
    const res = await patchBody(article.id, `New text: ${quote}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(sourceOf(claimId)?.start).toBe('New text: '.length);
  });

  it('refuses to delete an article while a live claim cites it (409), and allows it once the claim is deleted', async () => {
    const article = await create({ title: 'Lavrov', body });
    const claimId = cite(article.id, quote, body.indexOf(quote));
    const refused = await t.app.inject({ method: 'DELETE', url: `/v1/articles/${article.id}`, headers: t.auth.write });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/1 claim/);
    expect((await t.app.inject({ url: `/v1/articles/${article.id}` })).statusCode).toBe(200);
    t.db.update(claims).set({ deletedAt: new Date().toISOString() }).where(eq(claims.id, claimId)).run();
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/articles/${article.id}`, headers: t.auth.write })).statusCode).toBe(204);
  });
});
