// The four analysis lists (timeline, topic stances, stance changes, contradictions) as CSV and NDJSON, over the demo data.
import { parse } from 'csv-parse/sync';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { loadDemo } from '../../src/demo/seed.js';
import { createArticlesRepository } from '../../src/repositories/articles.js';
import { createClaimsRepository } from '../../src/repositories/claims.js';
import { EXPORTS } from '../../src/routes/formats.js';

type Row = Record<string, string>;
type Ref = { id: string; name: string };
type TopicRef = Ref & { slug: string };
type Claim = { id: string; text: string; kind: string; said_on: string | null; topics: { topic: { slug: string }; stance: string }[] };
type Position = { id: string; stance: string; topic: { slug: string }; valid_from: string | null; valid_to: string | null };
type Counts = { supports: number; opposes: number; neutral: number; mixed: number };
type Event = {
  date: string | null; date_precision: string | null; type: string; claim?: Claim; position?: Position;
  role?: { title: string; organization: Ref | null; start: string | null; end: string | null };
};
type Stance = { actor: Ref; position: Position | null; claims: Counts; undated_claims: Counts; window: { from: string; to: string } };
type Change = { date: string; date_precision: string; topic: TopicRef; from_stance: string; to_stance: string; before: Claim; after: Claim };
type Pair = { actor: Ref; topic: TopicRef; supports: Claim; opposes: Claim };

/** A value as the documented CSV rule writes it: null empty, lists ';'-joined, formula starts prefixed with '. */
const cell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return cell(v.join(';'));
  const s = String(v);
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
};
const topicsCell = (c: Claim) => cell(c.topics.map((t) => `${t.topic.slug}:${t.stance}`));

/** Each list's expected CSV row, written out by hand from its JSON item. */
const eventRow = (e: Event): Row => ({
  date: cell(e.date), date_precision: cell(e.date_precision), type: e.type,
  claim_id: cell(e.claim?.id), claim_text: cell(e.claim?.text), claim_kind: cell(e.claim?.kind), claim_topics: e.claim ? topicsCell(e.claim) : '',
  role_title: cell(e.role?.title), role_organization: cell(e.role?.organization?.name), role_start: cell(e.role?.start), role_end: cell(e.role?.end),
  position_id: cell(e.position?.id), position_topic_slug: cell(e.position?.topic.slug), position_stance: cell(e.position?.stance),
  position_valid_from: cell(e.position?.valid_from), position_valid_to: cell(e.position?.valid_to),
});
const stanceRow = (s: Stance): Row => ({
  actor_id: s.actor.id, actor_name: cell(s.actor.name),
  position_id: cell(s.position?.id), position_stance: cell(s.position?.stance),
  position_valid_from: cell(s.position?.valid_from), position_valid_to: cell(s.position?.valid_to),
  ...Object.fromEntries(Object.entries(s.claims).map(([k, n]) => [`claims_${k}`, String(n)])),
  ...Object.fromEntries(Object.entries(s.undated_claims).map(([k, n]) => [`undated_${k}`, String(n)])),
  window_from: s.window.from, window_to: s.window.to,
});
const changeRow = (c: Change): Row => ({
  date: c.date, date_precision: c.date_precision, topic_id: c.topic.id, topic_slug: c.topic.slug, from_stance: c.from_stance, to_stance: c.to_stance,
  before_claim_id: c.before.id, before_said_on: cell(c.before.said_on), before_text: cell(c.before.text),
  after_claim_id: c.after.id, after_text: cell(c.after.text),
});
const pairRow = (p: Pair): Row => ({
  actor_id: p.actor.id, actor_name: cell(p.actor.name), topic_id: p.topic.id, topic_slug: p.topic.slug,
  supports_claim_id: p.supports.id, supports_said_on: cell(p.supports.said_on), supports_text: cell(p.supports.text),
  opposes_claim_id: p.opposes.id, opposes_said_on: cell(p.opposes.said_on), opposes_text: cell(p.opposes.text),
});

/** The CSV as objects keyed by its header row, which must be the documented columns. */
function csvRows(res: LightMyRequestResponse, columns: string[]): Row[] {
  const [header, ...rows] = parse(res.body) as string[][];
  expect(header).toEqual(columns);
  return rows.map((cells) => Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ''])));
}
const ndjsonItems = (res: LightMyRequestResponse): unknown[] => {
  expect(res.body.endsWith('\n')).toBe(true);
  return res.body.split('\n').slice(0, -1).map((line) => JSON.parse(line) as unknown);
};

let app: FastifyInstance;
const ids = { lavrov: '', expansion: '', security: '' };

beforeAll(async () => {
  const db = openDatabase(':memory:');
  expect(loadDemo(db).loaded).toBe(true);
  app = await buildApp({ adminKey: undefined, publicReads: true, bodyLimit: 1_048_576, logLevel: 'silent' }, { db });
  const first = async (url: string) => (await app.inject({ url })).json<{ data: { id: string }[] }>().data[0]?.id ?? '';
  ids.lavrov = await first('/v1/actors?q=Lavrov');
  ids.expansion = await first('/v1/topics?q=eastward');
  ids.security = await first('/v1/topics?q=european%20security');
  // The demo dates every claim 2021-12-02 or not at all: Lavrov turning about on NATO expansion, in awkward
  // text, gives stance changes and contradictions that span pages and test quoting.
  const body = '=NATO may grow, "if it must".\nNo; it must not, ever. @Alliance: neutral, for now. +Fine, then.';
  const article = createArticlesRepository(db).create({ title: 'Lavrov, later', outlet: 'Test', body }, null);
  const claims = createClaimsRepository(db);
  const said: [string, string, string][] = [
    ['2019', 'supports', '=NATO may grow, "if it must".'], ['2020-05', 'opposes', 'No; it must not, ever.'],
    ['2020-11-03', 'neutral', '@Alliance: neutral, for now.'], ['2021-03', 'supports', '+Fine, then.'], ['2022', 'opposes', 'No; it must not, ever.'],
  ];
  for (const [said_on, stance, quote] of said) {
    claims.create({
      actor_id: ids.lavrov, text: quote, kind: 'direct_quote', said_on,
      topics: [{ topic_id: ids.expansion, stance: stance as 'supports' }], sources: [{ article_id: article.id, quote }],
    }, null);
  }
});
afterAll(async () => { await app.close(); });

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers });
const withParam = (url: string, param: string) => `${url}${url.includes('?') ? '&' : '?'}${param}`;

/** Every JSON page, three items at a time, concatenated: each list spans several pages. */
async function jsonAll(url: string): Promise<unknown[]> {
  const items: unknown[] = [];
  let next: string | null = withParam(url, 'limit=3');
  let pages = 0;
  while (next !== null) {
    const res = await get(next);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<{ data: unknown[]; next_cursor: string | null }>();
    items.push(...page.data);
    next = page.next_cursor === null ? null : withParam(url, `limit=3&cursor=${page.next_cursor}`);
    pages += 1;
  }
  expect(pages, url).toBeGreaterThan(1);
  return items;
}

type List = [name: string, url: () => string, spec: keyof typeof EXPORTS, file: () => string, row: (item: never) => Row];
const LISTS: List[] = [
  ['timeline', () => `/v1/actors/${ids.lavrov}/timeline`, 'timeline', () => `actor-${ids.lavrov}-timeline`, eventRow],
  ['topic stances', () => `/v1/topics/${ids.security}/stances?at=2021-12-02&include_subtopics=true`, 'topicStances',
    () => `topic-${ids.security}-stances`, stanceRow],
  ['stance changes', () => `/v1/actors/${ids.lavrov}/stance-changes?topic_id=${ids.expansion}`, 'stanceChanges',
    () => `actor-${ids.lavrov}-stance-changes`, changeRow],
  ['contradictions', () => `/v1/contradictions?actor_id=${ids.lavrov}`, 'contradictions', () => 'contradictions', pairRow],
];

describe('analysis lists as CSV and NDJSON', () => {
  it.each(LISTS)('%s: the CSV rows are the JSON pages concatenated, in the documented columns', async (_name, url, spec, file, row) => {
    const json = await jsonAll(url());
    const res = await get(withParam(url(), 'format=csv'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${file()}.csv"`);
    expect(res.headers.vary).toBe('Accept');
    expect(csvRows(res, Object.keys(EXPORTS[spec].columns))).toEqual(json.map((item) => row(item as never)));
  });

  it.each(LISTS)('%s: the NDJSON lines are exactly the JSON items', async (_name, url, _spec, file) => {
    const res = await get(withParam(url(), 'format=ndjson'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${file()}.ndjson"`);
    expect(ndjsonItems(res)).toEqual(await jsonAll(url()));
  });

  it.each(LISTS)('%s: answers Accept as it answers format', async (_name, url) => {
    for (const [format, accept] of [['csv', 'text/csv'], ['ndjson', 'application/x-ndjson'], ['json', 'application/json']]) {
      const byAccept = await get(url(), { accept: accept as string });
      expect(byAccept.statusCode, byAccept.body).toBe(200);
      expect(byAccept.body).toBe((await get(withParam(url(), `format=${format}`))).body);
    }
  });

  it.each(LISTS)('%s: sends at most an explicit limit, with a Link to the rows after', async (_name, url) => {
    const all = ndjsonItems(await get(withParam(url(), 'format=ndjson')));
    const res = await get(withParam(url(), 'format=ndjson&limit=2'));
    expect(ndjsonItems(res)).toEqual(all.slice(0, 2));
    const next = /^<([^>]+)>; rel="next"$/.exec(String(res.headers.link))?.[1] ?? '';
    expect(next).toContain('format=ndjson&limit=2&cursor=');
    expect(ndjsonItems(await get(next.replace('limit=2', 'limit=500')))).toEqual(all.slice(2));
  });

  it.each(LISTS)('%s: refuses Accept: application/xml with a 406 problem', async (_name, url) => {
    const res = await get(url(), { accept: 'application/xml' });
    expect(res.statusCode).toBe(406);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 406, type: '/problems/not-acceptable' });
  });

  it.each([
    ['an unknown actor\'s timeline', () => '/v1/actors/act_01JEG8S0V2Y6Q5H3N0W4X9Z7KD/timeline?format=csv', 404],
    ['stances of an unknown topic', () => '/v1/topics/top_01JEG8S0V2Y6Q5H3N0W4X9Z7KD/stances?at=2021&format=ndjson', 404],
    ['stance changes on an unknown topic', () => `/v1/actors/${ids.lavrov}/stance-changes?topic_id=top_01JEG8S0V2Y6Q5H3N0W4X9Z7KD&format=csv`, 422],
    ['contradictions with neither filter', () => '/v1/contradictions?format=csv', 400],
  ])('answers %s with a problem, not a file', async (_name, url, status) => {
    const res = await get(url());
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['content-disposition']).toBeUndefined();
  });
});
