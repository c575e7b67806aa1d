// Every list as CSV and NDJSON: content negotiation, the documented columns, streaming every row page by page.
import { parse } from 'csv-parse/sync';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { topics } from '../../src/db/schema.js';
import { loadDemo } from '../../src/demo/seed.js';
import { newId } from '../../src/domain/ids.js';
import { createArticlesRepository } from '../../src/repositories/articles.js';
import { EXPORTS } from '../../src/routes/formats.js';
import { useTestApp, type TestApp } from '../helpers/app.js';
import { post } from '../helpers/fixtures.js';

type Item = Record<string, unknown> & { id: string };
type Row = Record<string, string>;

/** The CSV as objects keyed by its header row, which must be the documented columns. */
function csvRows(res: LightMyRequestResponse, columns: string[]): Row[] {
  const [header, ...rows] = parse(res.body);
  expect(header).toEqual(columns);
  return rows.map((cells) => Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ''])));
}
const ndjsonItems = (res: LightMyRequestResponse) => {
  expect(res.body.endsWith('\n')).toBe(true);
  return res.body.split('\n').slice(0, -1).map((line) => JSON.parse(line) as Item);
};
/** A value as the documented CSV rule writes it: null empty, lists ';'-joined, formula starts prefixed with '. */
const cell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return cell(v.map((x) => x ?? '').join(';'));
  const s = String(v);
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
};
type Claim = Item & { speaker: { name: string }; topics: { topic: { slug: string }; stance: string }[]; sources: { article_id: string; quote: string; start: number | null }[] };
const claimRow = (c: Claim) => ({
  id: c.id, actor_id: cell(c.actor_id), speaker_name: cell(c.speaker.name), text: cell(c.text), kind: cell(c.kind), said_on: cell(c.said_on),
  topics: cell(c.topics.map((t) => `${t.topic.slug}:${t.stance}`)), source_count: String(c.sources.length),
  article_ids: cell(c.sources.map((s) => s.article_id)), quotes: cell(c.sources.map((s) => s.quote)), source_starts: cell(c.sources.map((s) => s.start)),
});

describe('lists over the demo data', () => {
  let app: FastifyInstance;
  let lavrov: string;
  beforeAll(async () => {
    const db = openDatabase(':memory:');
    expect(loadDemo(db).loaded).toBe(true);
    // The demo has one article; a second, with awkward text, makes the article list span pages.
    createArticlesRepository(db).create({ title: 'Second, "quoted"\nheadline', outlet: 'Test', body: '=1+1; said "x", then left.' }, null);
    app = await buildApp({ adminKey: undefined, publicReads: true, bodyLimit: 1_048_576, logLevel: 'silent' }, { db });
    lavrov = (await app.inject({ url: '/v1/actors?q=Lavrov' })).json<{ data: Item[] }>().data[0]?.id ?? '';
  });
  afterAll(async () => { await app.close(); });

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers });
  const withParam = (url: string, param: string) => `${url}${url.includes('?') ? '&' : '?'}${param}`;
  /** Every JSON page, a few items at a time, concatenated. */
  async function jsonAll(url: string): Promise<Item[]> {
    const items: Item[] = [];
    const size = url.startsWith('/v1/articles') ? 1 : 3;
    let next: string | null = withParam(url, `limit=${size}`);
    let pages = 0;
    while (next !== null) {
      const page: { data: Item[]; next_cursor: string | null } = (await get(next)).json();
      items.push(...page.data);
      next = page.next_cursor === null ? null : withParam(url, `limit=${size}&cursor=${page.next_cursor}`);
      pages += 1;
    }
    expect(pages, url).toBeGreaterThan(1);
    return items;
  }

  const LISTS: [string, () => string, keyof typeof EXPORTS, string, (i: Item) => Row][] = [
    ['claims', () => '/v1/claims', 'claims', 'claims', (i) => claimRow(i as Claim)],
    ['actors', () => '/v1/actors', 'actors', 'actors', (a) => ({
      id: a.id, name: cell(a.name), kind: cell(a.kind), aliases: cell(a.aliases), wikidata_id: cell(a.wikidata_id), country: cell(a.country),
    })],
    ['articles', () => '/v1/articles', 'articles', 'articles', (a) => ({ id: a.id, title: cell(a.title), body: cell(a.body), published_at: cell(a.published_at) })],
    ['topics', () => '/v1/topics', 'topics', 'topics', (t) => ({ id: t.id, slug: cell(t.slug), name: cell(t.name), parent_id: cell(t.parent_id) })],
    ['positions', () => '/v1/positions', 'positions', 'positions', (p) => ({
      id: p.id, actor_id: cell(p.actor_id), topic_slug: cell((p.topic as { slug: string }).slug), stance: cell(p.stance), evidence: cell(p.evidence),
    })],
    ['an actor\'s claims', () => `/v1/actors/${lavrov}/claims`, 'claims', 'actor-{id}-claims', (i) => claimRow(i as Claim)],
  ];

  it.each(LISTS)('%s: the CSV rows are the JSON pages concatenated, in the documented columns', async (_name, url, spec, file, row) => {
    const json = await jsonAll(url());
    const res = await get(withParam(url(), 'format=csv'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${file.replace('{id}', lavrov)}.csv"`);
    expect(res.headers.vary).toBe('Accept');
    expect(res.body).toContain('\r\n');
    const rows = csvRows(res, Object.keys(EXPORTS[spec].columns));
    expect(rows.map((r) => r.id)).toEqual(json.map((i) => i.id));
    rows.forEach((r, n) => expect(r).toMatchObject(row(json[n] as Item)));
  });

  it.each(LISTS)('%s: the NDJSON lines are exactly the JSON items', async (_name, url) => {
    const res = await get(url(), { accept: 'application/x-ndjson' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson');
    expect(res.headers.vary).toBe('Accept');
    expect(ndjsonItems(res)).toEqual(await jsonAll(url()));
  });

  it('writes an actor\'s roles as title@organization start..end', async () => {
    const [row] = csvRows(await get('/v1/actors?q=Lavrov&format=csv'), Object.keys(EXPORTS.actors.columns));
    expect(row?.roles).toBe('Minister of Foreign Affairs of Russia@Ministry of Foreign Affairs of Russia 2004-03-09..');
  });

  it('answers Accept: text/csv as format=csv, and Accept as NDJSON as format=ndjson', async () => {
    expect((await get('/v1/claims', { accept: 'text/csv' })).body).toBe((await get('/v1/claims?format=csv')).body);
    expect((await get('/v1/claims', { accept: 'application/x-ndjson' })).body).toBe((await get('/v1/claims?format=ndjson')).body);
  });

  it.each([
    ['text/csv;q=0.5, application/x-ndjson', 'application/x-ndjson'],
    ['application/json;q=0.1, text/csv', 'text/csv; charset=utf-8'],
    ['application/x-ndjson;q=0.2, application/json;q=0.9', 'application/json; charset=utf-8'],
    ['text/*', 'text/csv; charset=utf-8'],
    ['*/*', 'application/json; charset=utf-8'],
    ['', 'application/json; charset=utf-8'],
  ])('Accept: %j answers %s', async (accept, type) => {
    const res = await get('/v1/topics', { accept });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(type);
  });

  it('keeps JSON as it was: one page, a Link to the next, and Vary: Accept', async () => {
    const res = await get('/v1/topics?limit=2');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers.vary).toBe('Accept');
    const page = res.json<{ data: Item[]; next_cursor: string }>();
    expect(page.data).toHaveLength(2);
    expect(res.headers.link).toBe(`</v1/topics?limit=2&cursor=${page.next_cursor}>; rel="next"`);
    expect(res.headers['content-disposition']).toBeUndefined();
  });

  it('lets format win over Accept', async () => {
    expect((await get('/v1/topics?format=json', { accept: 'text/csv' })).headers['content-type']).toBe('application/json; charset=utf-8');
    expect((await get('/v1/topics?format=csv', { accept: 'application/xml' })).statusCode).toBe(200);
  });

  it.each(['application/xml', 'application/json;q=0, text/html'])('refuses Accept: %s with a 406 problem', async (accept) => {
    const res = await get('/v1/claims', { accept });
    expect(res.statusCode).toBe(406);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 406, type: '/problems/not-acceptable' });
  });

  it.each([
    ['/v1/topics?format=xml', '/format'],
    ['/v1/topics?format=csv&no_such_parameter=1', '/no_such_parameter'],
    [`/v1/actors/act_01JEG8S0V2Y6Q5H3N0W4X9Z7KD/revisions?format=csv&nope=1`, '/nope'],
    ['/v1/claims?format=csv&cursor=not-a-cursor', '/cursor'],
  ])('refuses %s with a 400 before streaming', async (url, pointer) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors[0].pointer).toBe(pointer);
  });

  it('answers a missing parent with a 404 problem, not an empty file', async () => {
    const res = await get('/v1/actors/act_01JEG8S0V2Y6Q5H3N0W4X9Z7KD/claims?format=csv');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('exports a record\'s revisions, before and after as JSON text', async () => {
    const res = await get(`/v1/actors/${lavrov}/revisions?format=csv`);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="actor-${lavrov}-revisions.csv"`);
    const [created] = csvRows(res, ['id', 'action', 'at', 'by_key_id', 'by_name', 'before', 'after']);
    expect(created).toMatchObject({ action: 'create', before: '', by_name: '' });
    expect(JSON.parse(created?.after ?? '')).toMatchObject({ id: lavrov, name: 'Sergey Lavrov' });
  });
});

describe('streaming many rows', () => {
  const t: TestApp = useTestApp();
  const TOTAL = 1_200;
  let ids: string[];
  const topicSelects = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.filter(([sql]) => /^select .* from "topics"/.test(String(sql))).length;

  async function insertTopics(): Promise<void> {
    const now = new Date().toISOString();
    ids = Array.from({ length: TOTAL }, () => newId('topic'));
    t.db.transaction((tx) => {
      ids.forEach((id, n) => tx.insert(topics).values({ id, slug: `topic-${n}`, name: `Topic ${n}`, createdAt: now, updatedAt: now }).run());
    });
  }

  it.each(['csv', 'ndjson'])('sends all %s rows in order, reading three pages of 500, not the default page of 50', async (format) => {
    await insertTopics();
    const prepare = vi.spyOn(t.db.$client, 'prepare');
    try {
      const res = await t.app.inject({ url: `/v1/topics?format=${format}` });
      expect(res.statusCode).toBe(200);
      const got = format === 'csv' ? csvRows(res, Object.keys(EXPORTS.topics.columns)).map((r) => r.id) : ndjsonItems(res).map((i) => i.id);
      expect(got).toEqual(ids);
      expect(topicSelects(prepare)).toBe(3);
      expect(res.headers.link).toBeUndefined();
    } finally {
      prepare.mockRestore();
    }
  });

  it('reads the next page only when the client takes more (backpressure)', async () => {
    await insertTopics();
    const prepare = vi.spyOn(t.db.$client, 'prepare');
    try {
      const res = await t.app.inject({ url: '/v1/topics?format=ndjson', payloadAsStream: true });
      const stream = res.stream();
      const chunks: Buffer[] = [];
      for await (const chunk of stream) {
        chunks.push(chunk as Buffer);
        if (chunks.length === 1) {
          for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
          expect(topicSelects(prepare)).toBe(1);
        }
      }
      expect(Buffer.concat(chunks).toString('utf8').trimEnd().split('\n')).toHaveLength(TOTAL);
      expect(topicSelects(prepare)).toBe(3);
    } finally {
      prepare.mockRestore();
    }
  });

  it('sends at most an explicit limit, with a Link to the rows after', async () => {
    await insertTopics();
    const res = await t.app.inject({ url: '/v1/topics?format=ndjson&limit=300' });
    expect(ndjsonItems(res).map((i) => i.id)).toEqual(ids.slice(0, 300));
    const next = /^<([^>]+)>; rel="next"$/.exec(String(res.headers.link))?.[1] ?? '';
    expect(next).toMatch(/^\/v1\/topics\?format=ndjson&limit=300&cursor=/);
    expect(ndjsonItems(await t.app.inject({ url: next })).map((i) => i.id)).toEqual(ids.slice(300, 600));
  });

  it('starts at the cursor and goes on to the end', async () => {
    await insertTopics();
    const cursor = (await t.app.inject({ url: '/v1/topics?limit=450' })).json<{ next_cursor: string }>().next_cursor;
    const res = await t.app.inject({ url: `/v1/topics?cursor=${cursor}`, headers: { accept: 'text/csv' } });
    expect(csvRows(res, Object.keys(EXPORTS.topics.columns)).map((r) => r.id)).toEqual(ids.slice(450));
  });
});

describe('CSV cells', () => {
  const t: TestApp = useTestApp();
  const csvOf = async (url: string) => csvRows(await t.app.inject({ url }), Object.keys(EXPORTS.topics.columns));

  it('round-trips a comma, a quote, a line break and a semicolon', async () => {
    const name = 'Peace, "now";\r\nor later\nperhaps';
    await post(t, '/v1/topics', { slug: 'peace', name });
    expect((await csvOf('/v1/topics?format=csv'))[0]?.name).toBe(name);
  });

  it.each(['=HYPERLINK("http://evil.example")', '+1+2', '-2+3', '@SUM(A1)', '\tindented', '\uFF1D1+1'])(
    'writes the text %j with a leading quote in CSV, and as it is in NDJSON and JSON', async (description) => {
      const topic = await post(t, '/v1/topics', { slug: 'risky', name: 'Risky', description });
      expect((await csvOf('/v1/topics?format=csv'))[0]?.description).toBe(`'${description}`);
      expect(ndjsonItems(await t.app.inject({ url: '/v1/topics?format=ndjson' }))[0]).toMatchObject({ id: topic.id, description });
      expect((await t.app.inject({ url: `/v1/topics/${topic.id}` })).json().description).toBe(description);
    },
  );

  it('leaves safe text, numbers and empty values alone', async () => {
    await post(t, '/v1/topics', { slug: 'safe', name: 'A - B = C', description: null });
    expect((await csvOf('/v1/topics?format=csv'))[0]).toMatchObject({ name: 'A - B = C', description: '', parent_id: '' });
  });
});
