// Timelines, stances at a date, stance changes and contradictions, on small fixtures and on the demo data.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { loadDemo } from '../../src/demo/seed.js';
import { useTestApp } from '../helpers/app.js';
import { basics, post } from '../helpers/fixtures.js';

const t = useTestApp();

type Claim = { id: string; said_on: string | null; topics: { topic_id: string; stance: string }[] };
type Event = { date: string | null; date_precision: string | null; type: string; claim?: Claim; role?: { title: string; organization: { name: string } | null }; position?: { id: string; stance: string } };
type Stance = { actor: { name: string }; position: { id: string; stance: string } | null; claims: Record<string, number>; undated_claims: Record<string, number>; window: { from: string; to: string } };
type Change = { date: string; date_precision: string; topic: { id: string; slug: string }; from_stance: string; to_stance: string; before: Claim; after: Claim };
type Pair = { actor: { id: string; name: string }; topic: { slug: string }; supports: Claim; opposes: Claim };
type Page<T> = { data: T[]; next_cursor: string | null };

const get = async <T>(url: string) => {
  const res = await t.app.inject({ url });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json<T>();
};

/** Every item of a list, following next_cursor page by page. */
async function all<T>(url: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const page: Page<T> = await get<Page<T>>(cursor === null ? url : `${url}${sep}cursor=${cursor}`);
    items.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor !== null);
  return items;
}

let f: Awaited<ReturnType<typeof basics>> & { other: { id: string }; sub: { id: string } };
/** Lavrov on NATO expansion: supports, then opposes, then supports again. */
let c1: Claim, c2: Claim, c3: Claim;

const claim = (over: Record<string, unknown>) => post<Claim>(t, '/v1/claims', {
  actor_id: f.lavrov.id, text: 'NATO is causing the situation to worsen.', kind: 'indirect_quote',
  sources: [{ article_id: f.article.id, quote: 'NATO is causing the situation to worsen' }], ...over,
});
const on = (topicId: string, stance: string) => [{ topic_id: topicId, stance }];

beforeEach(async () => {
  const base = await basics(t);
  const other = await post(t, '/v1/topics', { slug: 'arms-control', name: 'Arms control' });
  const sub = await post(t, '/v1/topics', { slug: 'ukraine-membership', name: 'Ukraine in NATO', parent_id: base.expansion.id });
  f = { ...base, other, sub };
  c1 = await claim({ said_on: '2021-01-10', topics: on(f.expansion.id, 'supports') });
  c2 = await claim({ said_on: '2021-06', topics: on(f.expansion.id, 'opposes') });
  c3 = await claim({ said_on: '2022', topics: on(f.expansion.id, 'supports') });
});

describe('GET /v1/actors/{id}/timeline', () => {
  const label = (e: Event) => `${e.date} ${e.type}${e.claim ? ` ${e.claim.id}` : ''}`;

  it('merges roles, claims and positions in date order, with undated claims last', async () => {
    const position = await post(t, '/v1/positions', { actor_id: f.lavrov.id, topic_id: f.expansion.id, stance: 'opposes', valid_from: '2021-03', valid_to: '2021-12' });
    const undated = await claim({ topics: on(f.other.id, 'neutral') });
    const events = (await get<Page<Event>>(`/v1/actors/${f.lavrov.id}/timeline`)).data;
    expect(events.map(label)).toEqual([
      '1994 role_start', '2004-03-08 role_end', '2004-03-09 role_start',
      `2021-01-10 claim ${c1.id}`, '2021-03 position_start', `2021-06 claim ${c2.id}`, '2021-12 position_end',
      `2022 claim ${c3.id}`, `null claim ${undated.id}`,
    ]);
    expect(events[2]).toMatchObject({ date_precision: 'day', role: { title: 'Minister of Foreign Affairs', organization: { name: 'Ministry of Foreign Affairs of Russia' }, start: '2004-03-09', end: null } });
    expect(events[4]).toMatchObject({ date_precision: 'month', position: { id: position.id, stance: 'opposes' } });
    expect(events[3]?.claim).toMatchObject({ id: c1.id, said_on: '2021-01-10', sources: [{ article_id: f.article.id }] });
    expect(events[8]).toMatchObject({ date: null, date_precision: null });
  });

  it.each([
    ['types=claim', (undated: Claim) => [`2021-01-10 claim ${c1.id}`, `2021-06 claim ${c2.id}`, `2022 claim ${c3.id}`, `null claim ${undated.id}`]],
    ['types=role_end&types=role_start', () => ['1994 role_start', '2004-03-08 role_end', '2004-03-09 role_start']],
    ['from=2021-06&to=2021-12', () => [`2021-06 claim ${c2.id}`]],
    ['from=2004-03&to=2004-03-08', () => ['2004-03-08 role_end']],
    ['from=2022', () => [`2022 claim ${c3.id}`]],
    ['to=1999', () => ['1994 role_start']],
  ])('filters with %s', async (query, expected) => {
    const undated = await claim({ topics: [] });
    const events = (await get<Page<Event>>(`/v1/actors/${f.lavrov.id}/timeline?${query}`)).data;
    expect(events.map(label)).toEqual(expected(undated));
  });

  it('keeps claims and positions on the topic (and, on request, its sub-topics) and every role', async () => {
    const onOther = await claim({ said_on: '2021-02', topics: on(f.other.id, 'supports') });
    const onSub = await claim({ said_on: '2021-07', topics: on(f.sub.id, 'opposes') });
    await post(t, '/v1/positions', { actor_id: f.lavrov.id, topic_id: f.expansion.id, stance: 'opposes', valid_from: '2021-03' });
    await post(t, '/v1/positions', { actor_id: f.lavrov.id, topic_id: f.other.id, stance: 'supports', valid_from: '2020' });
    const roles = ['1994 role_start', '2004-03-08 role_end', '2004-03-09 role_start'];
    const url = `/v1/actors/${f.lavrov.id}/timeline?types=claim&types=role_start&types=role_end&types=position_start`;
    expect((await get<Page<Event>>(`${url}&topic_id=${f.other.id}`)).data.map(label))
      .toEqual([...roles, '2020 position_start', `2021-02 claim ${onOther.id}`]);
    expect((await get<Page<Event>>(`${url}&topic_id=${f.expansion.id}&include_subtopics=true`)).data.map(label))
      .toEqual([...roles, `2021-01-10 claim ${c1.id}`, '2021-03 position_start', `2021-06 claim ${c2.id}`, `2021-07 claim ${onSub.id}`, `2022 claim ${c3.id}`]);
  });

  it('pages with a cursor through the same events in the same order', async () => {
    await claim({ said_on: '2021-06', topics: [] });
    await claim({ topics: [] });
    const whole = (await get<Page<Event>>(`/v1/actors/${f.lavrov.id}/timeline`)).data.map(label);
    expect(whole).toHaveLength(8);
    expect((await all<Event>(`/v1/actors/${f.lavrov.id}/timeline?limit=3`)).map(label)).toEqual(whole);
    const first = await t.app.inject({ url: `/v1/actors/${f.lavrov.id}/timeline?limit=3&types=claim` });
    expect(first.headers.link).toMatch(/^<\/v1\/actors\/act_\w+\/timeline\?limit=3&types=claim&cursor=[\w-]+>; rel="next"$/);
  });
});

describe('GET /v1/topics/{id}/stances', () => {
  beforeEach(async () => {
    await post(t, '/v1/positions', { actor_id: f.lavrov.id, topic_id: f.expansion.id, stance: 'opposes', valid_from: '2021-03', valid_to: '2021-12' });
    await post(t, '/v1/positions', { actor_id: f.nato.id, topic_id: f.expansion.id, stance: 'supports', valid_from: '2008' });
    await post(t, '/v1/positions', { actor_id: f.nato.id, topic_id: f.expansion.id, stance: 'mixed', valid_from: '2021-06-20' });
    await claim({ actor_id: f.ministry.id, said_on: '2021-06-10', topics: on(f.other.id, 'opposes') });
  });
  const stances = (query: string) => get<Page<Stance>>(`/v1/topics/${f.expansion.id}/stances?${query}`);
  const brief = (s: Stance) => [s.actor.name, s.position?.stance ?? null, s.claims.supports, s.claims.opposes];

  it.each([
    ['at=2021-06-15', [['NATO', 'supports', 0, 0], ['Sergey Lavrov', 'opposes', 0, 1]]],
    ['at=2021-06', [['NATO', 'mixed', 0, 0], ['Sergey Lavrov', 'opposes', 0, 1]]],
    ['at=2021-01-10&window_days=0', [['NATO', 'supports', 0, 0], ['Sergey Lavrov', null, 1, 0]]],
    ['at=2021-01-11&window_days=0', [['NATO', 'supports', 0, 0], ['Sergey Lavrov', null, 0, 0]]],
    ['at=2021', [['NATO', 'mixed', 0, 0], ['Sergey Lavrov', 'opposes', 2, 1]]],
    ['at=2023', [['NATO', 'mixed', 0, 0], ['Sergey Lavrov', null, 1, 0]]],
    ['at=2023&window_days=0', [['NATO', 'mixed', 0, 0], ['Sergey Lavrov', null, 0, 0]]],
  ])('%s: position in force and claims in the window, by actor name', async (query, expected) => {
    expect((await stances(query)).data.map(brief)).toEqual(expected);
  });

  it('echoes the window, counts undated claims apart and counts sub-topics on request', async () => {
    await claim({ topics: on(f.expansion.id, 'neutral') });
    await claim({ said_on: '2021-06-02', topics: on(f.sub.id, 'supports') });
    const plain = (await stances('at=2021-06-15')).data[1] as Stance;
    expect(plain.window).toEqual({ from: '2021-05-16', to: '2021-07-15' });
    expect(plain.claims).toEqual({ supports: 0, opposes: 1, neutral: 0, mixed: 0 });
    expect(plain.undated_claims).toEqual({ supports: 0, opposes: 0, neutral: 1, mixed: 0 });
    const deep = (await stances('at=2021-06-15&include_subtopics=true')).data[1] as Stance;
    expect(deep.claims).toEqual({ supports: 1, opposes: 1, neutral: 0, mixed: 0 });
  });

  it('pages by actor name', async () => {
    expect((await all<Stance>(`/v1/topics/${f.expansion.id}/stances?at=2021&limit=1`)).map((s) => s.actor.name)).toEqual(['NATO', 'Sergey Lavrov']);
  });
});

describe('GET /v1/actors/{id}/stance-changes', () => {
  const changes = (query: string) => get<Page<Change>>(`/v1/actors/${f.lavrov.id}/stance-changes?topic_id=${f.expansion.id}${query}`);
  const brief = (c: Change) => [c.date, c.from_stance, c.to_stance, c.before.id, c.after.id];

  it('finds both flips of supports, opposes, supports, with the claims embedded', async () => {
    const res = await changes('');
    expect(res.data.map(brief)).toEqual([['2021-06', 'supports', 'opposes', c1.id, c2.id], ['2022', 'opposes', 'supports', c2.id, c3.id]]);
    expect(res.data[0]).toMatchObject({ date_precision: 'month', topic: { id: f.expansion.id, slug: 'nato-eastward-expansion' }, before: { said_on: '2021-01-10', topics: [{ stance: 'supports' }] } });
    expect(res.next_cursor).toBeNull();
  });

  it('compares neutral unless ignore_neutral, leaves undated claims out and pages', async () => {
    const neutral = await claim({ said_on: '2021-09-01', topics: on(f.expansion.id, 'neutral') });
    await claim({ topics: on(f.expansion.id, 'mixed') });
    expect((await changes('')).data.map(brief)).toEqual([
      ['2021-06', 'supports', 'opposes', c1.id, c2.id],
      ['2021-09-01', 'opposes', 'neutral', c2.id, neutral.id],
      ['2022', 'neutral', 'supports', neutral.id, c3.id],
    ]);
    expect((await changes('&ignore_neutral=true')).data.map(brief)).toEqual([
      ['2021-06', 'supports', 'opposes', c1.id, c2.id], ['2022', 'opposes', 'supports', c2.id, c3.id],
    ]);
    expect((await all<Change>(`/v1/actors/${f.lavrov.id}/stance-changes?topic_id=${f.expansion.id}&limit=2`)).map(brief))
      .toEqual((await changes('')).data.map(brief));
  });

  it('walks each sub-topic on its own on request', async () => {
    await claim({ said_on: '2021-07', topics: on(f.sub.id, 'opposes') });
    const flip = await claim({ said_on: '2021-08', topics: on(f.sub.id, 'supports') });
    expect((await changes('')).data).toHaveLength(2);
    expect((await changes('&include_subtopics=true')).data.map((c) => [c.topic.slug, c.after.id])).toEqual([
      ['nato-eastward-expansion', c2.id], ['ukraine-membership', flip.id], ['nato-eastward-expansion', c3.id],
    ]);
  });
});

describe('GET /v1/contradictions', () => {
  const pairs = (query: string) => get<Page<Pair>>(`/v1/contradictions?${query}`);
  const brief = (p: Pair) => [p.actor.name, p.topic.slug, p.supports.id, p.opposes.id];

  it('pairs each supporting claim with each opposing one of the same actor and topic', async () => {
    const expected = [['Sergey Lavrov', 'nato-eastward-expansion', c1.id, c2.id], ['Sergey Lavrov', 'nato-eastward-expansion', c3.id, c2.id]];
    expect((await pairs(`topic_id=${f.expansion.id}`)).data.map(brief)).toEqual(expected);
    expect((await pairs(`actor_id=${f.lavrov.id}`)).data.map(brief)).toEqual(expected);
    expect((await pairs(`actor_id=${f.nato.id}&topic_id=${f.expansion.id}`)).data).toEqual([]);
    const first = (await pairs(`actor_id=${f.lavrov.id}`)).data[0] as Pair;
    expect(first.supports).toMatchObject({ id: c1.id, topics: [{ stance: 'supports' }], sources: [{ article_id: f.article.id }] });
    expect(first.actor.id).toBe(f.lavrov.id);
  });

  it('orders undated claims last, ignores other actors, deleted claims and neutral ones, and pages', async () => {
    const undated = await claim({ topics: on(f.expansion.id, 'opposes') });
    await claim({ actor_id: f.nato.id, said_on: '2021', topics: on(f.expansion.id, 'opposes') });
    await claim({ said_on: '2021', topics: on(f.expansion.id, 'neutral') });
    const gone = await claim({ said_on: '2020', topics: on(f.expansion.id, 'opposes') });
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/claims/${gone.id}`, headers: t.auth.write })).statusCode).toBe(204);
    const expected = [[c1.id, c2.id], [c1.id, undated.id], [c3.id, c2.id], [c3.id, undated.id]];
    const got = await pairs(`topic_id=${f.expansion.id}`);
    expect(got.data.map((p) => [p.supports.id, p.opposes.id])).toEqual(expected);
    expect((await all<Pair>(`/v1/contradictions?topic_id=${f.expansion.id}&limit=1`)).map((p) => [p.supports.id, p.opposes.id])).toEqual(expected);
  });

  it('keeps each pair on one topic, and reaches sub-topics on request', async () => {
    const onSub = await claim({ said_on: '2021', topics: on(f.sub.id, 'opposes') });
    expect((await pairs(`topic_id=${f.expansion.id}`)).data).toHaveLength(2);
    expect((await pairs(`topic_id=${f.sub.id}`)).data).toHaveLength(0);
    const supportsSub = await claim({ said_on: '2023', topics: on(f.sub.id, 'supports') });
    const deep = (await pairs(`topic_id=${f.expansion.id}&include_subtopics=true`)).data.map(brief);
    expect(deep).toEqual([
      ['Sergey Lavrov', 'nato-eastward-expansion', c1.id, c2.id], ['Sergey Lavrov', 'nato-eastward-expansion', c3.id, c2.id],
      ['Sergey Lavrov', 'ukraine-membership', supportsSub.id, onSub.id],
    ]);
  });
});

describe('errors', () => {
  const UNKNOWN_ACTOR = 'act_01JEG8S0V2Y6Q5H3N0W4X9Z7KD';
  const UNKNOWN_TOPIC = 'top_01JEG8S0V2Y6Q5H3N0W4X9Z7KD';
  const timeline = (q: string) => `/v1/actors/${f.lavrov.id}/timeline?${q}`;
  const stances = (q: string) => `/v1/topics/${f.expansion.id}/stances?${q}`;
  const changes = (q: string) => `/v1/actors/${f.lavrov.id}/stance-changes?${q}`;

  it.each([
    ['an impossible from', () => timeline('from=2021-02-30'), ['/from']],
    ['a malformed to', () => timeline('to=2021-13'), ['/to']],
    ['to before from', () => timeline('from=2022&to=2021-12'), ['/to']],
    ['an unknown event type', () => timeline('types=speech'), ['/types/0']],
    ['a limit above 500', () => timeline('limit=501'), ['/limit']],
    ['a cursor from nowhere', () => timeline('cursor=bm9wZQ'), ['/cursor']],
    ['an unknown parameter', () => timeline('topic=x'), ['/topic']],
    ['no at', () => stances(''), ['/at']],
    ['an impossible at', () => stances('at=2021-02-29'), ['/at']],
    ['window_days above 3650', () => stances('at=2021&window_days=3651'), ['/window_days']],
    ['a negative window_days', () => stances('at=2021&window_days=-1'), ['/window_days']],
    ['a non-boolean include_subtopics', () => stances('at=2021&include_subtopics=maybe'), ['/include_subtopics']],
    ['no topic_id', () => changes(''), ['/topic_id']],
    ['a malformed topic_id', () => changes('topic_id=nato'), ['/topic_id']],
    ['neither actor_id nor topic_id', () => '/v1/contradictions', ['/actor_id', '/topic_id']],
    ['a malformed actor_id', () => '/v1/contradictions?actor_id=lavrov', ['/actor_id']],
  ])('answers 400 for %s, pointing at the parameter', async (_label, url, pointers) => {
    const res = await t.app.inject({ url: url() });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors.map((e: { in: string; pointer: string }) => `${e.in}${e.pointer}`)).toEqual(pointers.map((p) => `query${p}`));
  });

  it.each([
    ['an unknown actor timeline', 404, () => `/v1/actors/${UNKNOWN_ACTOR}/timeline`],
    ['a deleted actor timeline', 410, (gone: Record<string, string>) => `/v1/actors/${gone.actor}/timeline`],
    ['an unknown actor stance changes', 404, () => `/v1/actors/${UNKNOWN_ACTOR}/stance-changes?topic_id=${f.expansion.id}`],
    ['a deleted actor stance changes', 410, (gone: Record<string, string>) => `/v1/actors/${gone.actor}/stance-changes?topic_id=${f.expansion.id}`],
    ['an unknown topic stances', 404, () => `/v1/topics/${UNKNOWN_TOPIC}/stances?at=2021`],
    ['a deleted topic stances', 410, (gone: Record<string, string>) => `/v1/topics/${gone.topic}/stances?at=2021`],
  ])('answers %s with %i', async (_label, status, url) => {
    const actor = await post(t, '/v1/actors', { name: 'Gone', kind: 'person' });
    const topic = await post(t, '/v1/topics', { slug: 'gone', name: 'Gone' });
    for (const path of [`/v1/actors/${actor.id}`, `/v1/topics/${topic.id}`]) {
      expect((await t.app.inject({ method: 'DELETE', url: path, headers: t.auth.write })).statusCode).toBe(204);
    }
    const res = await t.app.inject({ url: url({ actor: actor.id, topic: topic.id }) });
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json()).toMatchObject({ status, type: expect.stringMatching(/^\/problems\//) });
  });

  it.each([
    ['stance changes on an unknown topic', () => changes(`topic_id=${UNKNOWN_TOPIC}`), '/topic_id'],
    ['stance changes on a deleted topic', (gone: string) => changes(`topic_id=${gone}`), '/topic_id'],
    ['a timeline on an unknown topic', () => timeline(`topic_id=${UNKNOWN_TOPIC}`), '/topic_id'],
    ['contradictions on an unknown topic', () => `/v1/contradictions?topic_id=${UNKNOWN_TOPIC}`, '/topic_id'],
    ['contradictions of an unknown actor', () => `/v1/contradictions?actor_id=${UNKNOWN_ACTOR}&topic_id=${f.expansion.id}`, '/actor_id'],
  ])('answers 422 for %s', async (_label, url, pointer) => {
    const topic = await post(t, '/v1/topics', { slug: 'gone', name: 'Gone' });
    await t.app.inject({ method: 'DELETE', url: `/v1/topics/${topic.id}`, headers: t.auth.write });
    const res = await t.app.inject({ url: url(topic.id) });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors).toEqual([{ in: 'query', pointer, message: expect.stringMatching(/^is not a live (topic|actor)$/) }]);
  });
});

describe('on the demo data', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    const db = openDatabase(':memory:');
    loadDemo(db);
    app = await buildApp({ adminKey: undefined, publicReads: true, bodyLimit: 1_048_576, logLevel: 'silent' }, { db });
  });
  afterAll(async () => { await app.close(); });
  const demo = async <T>(url: string) => (await app.inject({ url })).json<T>();
  const first = async (url: string) => ((await demo<Page<{ id: string }>>(url)).data[0] as { id: string }).id;

  it('writes each timeline event of a JSON page exactly as its NDJSON line, for every actor, whole and by pages', async () => {
    const actors = (await demo<Page<{ id: string }>>('/v1/actors?limit=500')).data;
    const types = new Set<string>();
    for (const { id } of actors) {
      const page = await app.inject({ url: `/v1/actors/${id}/timeline?limit=500` });
      const lines = (await app.inject({ url: `/v1/actors/${id}/timeline?format=ndjson` })).body.split('\n').filter((l) => l !== '');
      const events = page.json<Page<Event>>().data;
      // Key order too: a parsed object keeps the order its text had.
      expect(events.map((e) => JSON.stringify(e))).toEqual(lines);
      for (const e of events) types.add(e.type);
      const walked: Event[] = [];
      let cursor: string | null = null;
      do {
        const next: Page<Event> = await demo<Page<Event>>(`/v1/actors/${id}/timeline?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
        walked.push(...next.data);
        cursor = next.next_cursor;
      } while (cursor !== null);
      expect(walked).toEqual(events);
    }
    expect([...types].sort()).toEqual(['claim', 'position_start', 'role_end', 'role_start']);
  });

  it('puts Lavrov\'s appointment on 2004-03-09 before his claims of 2021-12-02, in order', async () => {
    const lavrov = await first('/v1/actors?q=Lavrov');
    const events = (await demo<Page<Event>>(`/v1/actors/${lavrov}/timeline?limit=500`)).data;
    const appointed = events.findIndex((e) => e.type === 'role_start' && e.date === '2004-03-09');
    const claims = events.flatMap((e, i) => (e.type === 'claim' && e.date === '2021-12-02' ? [i] : []));
    expect(appointed).toBeGreaterThanOrEqual(0);
    expect(events[appointed]?.role?.title).toMatch(/Minister of Foreign Affairs/);
    expect(claims.length).toBeGreaterThanOrEqual(4);
    expect(claims.every((i) => i > appointed)).toBe(true);
    const lows = events.filter((e) => e.date !== null).map((e) => e.date as string);
    expect(lows).toEqual([...lows].sort());
  });

  it('shows Putin, Lavrov and Zakharova opposing NATO expansion on 2021-12-02, and Stoltenberg supporting it', async () => {
    const expansion = await first('/v1/topics?q=eastward');
    const rows = (await demo<Page<Stance>>(`/v1/topics/${expansion}/stances?at=2021-12-02`)).data;
    const by = new Map(rows.map((r) => [r.actor.name, r]));
    for (const name of ['Vladimir Putin', 'Sergey Lavrov', 'Maria Zakharova']) {
      expect(by.get(name)?.position?.stance, name).toBe('opposes');
      expect(by.get(name)?.claims.opposes, name).toBeGreaterThanOrEqual(1);
      expect(by.get(name)?.claims.supports, name).toBe(0);
    }
    // The article does not date Stoltenberg's words: they count as undated, not in the window.
    expect(by.get('Jens Stoltenberg')?.position?.stance).toBe('supports');
    expect(by.get('Jens Stoltenberg')?.undated_claims.supports).toBeGreaterThanOrEqual(1);
    const names = rows.map((r) => r.actor.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });
});
