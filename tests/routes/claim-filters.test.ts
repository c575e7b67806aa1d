// GET /v1/claims filters, sorts and full-text search over the demo data. Each filter is checked
// against an oracle: the same predicate applied in JavaScript to every claim.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { loadDemo } from '../../src/demo/seed.js';
import { parsePartialDate } from '../../src/domain/partial-date.js';

type Claim = {
  id: string; actor_id: string; text: string; kind: string; status: string; language: string | null; said_on: string | null;
  speaker: { name: string }; addressee_ids: string[]; object_ids: string[]; snippet?: string;
  topics: { topic_id: string; topic: { slug: string }; stance: string }[];
  sources: { article_id: string; article: { outlet: string | null; published_at: string | null } }[];
};

let app: FastifyInstance;
let all: Claim[];
const ids = { actor: {} as Record<string, string>, topic: {} as Record<string, string> };

const get = async (url: string) => app.inject({ url });
async function fetchAll(query: string): Promise<Claim[]> {
  const res = await get(`/v1/claims?limit=500${query ? `&${query}` : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data;
}

beforeAll(async () => {
  const db = openDatabase(':memory:');
  loadDemo(db);
  app = await buildApp({ adminKey: undefined, publicReads: true, bodyLimit: 1_048_576, logLevel: 'silent' }, { db });
  all = await fetchAll('');
  for (const q of ['Lavrov', 'Putin', 'Zakharova', 'Stoltenberg', 'NATO', 'Russia']) {
    ids.actor[q] = (await get(`/v1/actors?q=${q}`)).json().data[0].id;
  }
  for (const t of (await get('/v1/topics?limit=500')).json().data) ids.topic[t.slug] = t.id;
});
afterAll(async () => { await app.close(); });

const day = (c: Claim) => (c.said_on === null ? null : parsePartialDate(c.said_on));
const onTopic = (c: Claim, slugs: string[], stance?: string) => c.topics.some((t) => slugs.includes(t.topic.slug) && (!stance || t.stance === stance));

describe('claim filters match their oracle', () => {
  const cases: [string, () => string, (c: Claim) => boolean][] = [
    ['actor_id', () => `actor_id=${ids.actor.Lavrov}`, (c) => c.actor_id === ids.actor.Lavrov],
    ['actor_id repeated', () => `actor_id=${ids.actor.Lavrov}&actor_id=${ids.actor.Putin}`, (c) => [ids.actor.Lavrov, ids.actor.Putin].includes(c.actor_id)],
    ['speaker by alias with diacritics', () => 'speaker=Zaj%C3%A1rova', (c) => c.speaker.name === 'Maria Zakharova'],
    ['speaker lower-case', () => 'speaker=zakharova', (c) => c.speaker.name === 'Maria Zakharova'],
    ['speaker as a place', () => 'speaker=Moscow', (c) => c.speaker.name === 'Russia'],
    ['topic_id', () => `topic_id=${ids.topic['nato-eastward-expansion']}`, (c) => onTopic(c, ['nato-eastward-expansion'])],
    ['topic_id with stance', () => `topic_id=${ids.topic['nato-eastward-expansion']}&stance=supports`, (c) => onTopic(c, ['nato-eastward-expansion'], 'supports')],
    ['stance alone', () => 'stance=opposes', (c) => c.topics.some((t) => t.stance === 'opposes')],
    ['kind', () => 'kind=direct_quote', (c) => c.kind === 'direct_quote'],
    ['kind repeated', () => 'kind=direct_quote&kind=written_statement', (c) => ['direct_quote', 'written_statement'].includes(c.kind)],
    ['status', () => 'status=unreviewed', (c) => c.status === 'unreviewed'],
    ['language, any case', () => 'language=EN', (c) => c.language === 'en'],
    ['outlet', () => 'outlet=RT', (c) => c.sources.some((s) => s.article.outlet === 'RT')],
    ['outlet elsewhere', () => 'outlet=Kommersant', () => false],
    ['addressee_id', () => `addressee_id=${ids.actor.NATO}`, (c) => c.addressee_ids.includes(ids.actor.NATO as string)],
    ['object_id', () => `object_id=${ids.actor.Russia}`, (c) => c.object_ids.includes(ids.actor.Russia as string)],
    ['said on one day', () => 'said_from=2021-12-02&said_to=2021-12-02', (c) => c.said_on === '2021-12-02'],
    ['said from a month (overlap)', () => 'said_from=2021-12', (c) => (day(c)?.hi ?? '') >= '2021-12-01'],
    ['said to a year', () => 'said_to=2021', (c) => day(c) !== null && (day(c)?.lo ?? '') <= '2021-12-31'],
    ['said in November, overlapping', () => 'said_from=2021-11-15&said_to=2021-11-30', (c) => day(c) !== null && (day(c)?.hi ?? '') >= '2021-11-15' && (day(c)?.lo ?? '') <= '2021-11-30'],
    ['said in November, within', () => 'said_from=2021-11-15&said_to=2021-11-30&date_match=within', (c) => day(c) !== null && (day(c)?.lo ?? '') >= '2021-11-15' && (day(c)?.hi ?? '') <= '2021-11-30'],
    ['published on the day', () => 'published_from=2021-12-03&published_to=2021-12-03', (c) => c.sources.some((s) => s.article.published_at === '2021-12-03')],
    ['published later', () => 'published_from=2022-01-01', () => false],
    ['combined: speaker, topic, date', () => `speaker=lavrov&topic_id=${ids.topic['nato-eastward-expansion']}&said_from=2021-12-02`,
      (c) => c.speaker.name === 'Sergey Lavrov' && onTopic(c, ['nato-eastward-expansion']) && (day(c)?.hi ?? '') >= '2021-12-02'],
  ];

  it.each(cases)('%s', async (_label, query, predicate) => {
    const got = await fetchAll(query());
    expect(got.map((c) => c.id).sort()).toEqual(all.filter(predicate).map((c) => c.id).sort());
  });

  it('finds claims on sub-topics with include_subtopics', async () => {
    const root = ids.topic['european-security'] as string;
    const direct = await fetchAll(`topic_id=${root}`);
    const withSubs = await fetchAll(`topic_id=${root}&include_subtopics=true`);
    expect(withSubs.length).toBeGreaterThan(direct.length);
    expect(withSubs.map((c) => c.id)).toEqual(expect.arrayContaining(direct.map((c) => c.id)));
    expect(withSubs.some((c) => onTopic(c, ['nato-eastward-expansion']))).toBe(true);
  });
});

describe('full-text search', () => {
  it('q=springboard finds Lavrov and Zakharova with the word marked', async () => {
    const got = await fetchAll('q=springboard');
    expect(new Set(got.map((c) => c.speaker.name))).toEqual(new Set(['Sergey Lavrov', 'Maria Zakharova']));
    for (const c of got) expect(c.snippet).toMatch(/<mark>springboard<\/mark>/i);
  });

  it.each([
    ['a phrase', 'q=%22nightmare%20scenario%22', (c: Claim) => /nightmare scenario/i.test(c.text)],
    ['a prefix', 'q=secur*', (c: Claim) => /\bsecur/i.test(c.text)],
    ['AND', 'q=NATO%20AND%20security', (c: Claim) => /\bNATO\b/i.test(c.text) && /\bsecurity\b/i.test(c.text)],
    ['OR', 'q=springboard%20OR%20nightmare', (c: Claim) => /springboard|nightmare/i.test(c.text)],
    ['NOT', 'q=NATO%20NOT%20expansion', (c: Claim) => /\bNATO\b/i.test(c.text) && !/\bexpansion\b/i.test(c.text)],
  ])('supports %s', async (_label, query, predicate) => {
    const got = await fetchAll(query);
    expect(got.length).toBeGreaterThan(0);
    expect(got.map((c) => c.id).sort()).toEqual(all.filter(predicate).map((c) => c.id).sort());
  });

  it('ranks by relevance by default and can sort by date instead', async () => {
    const ranked = await fetchAll('q=security');
    const dated = await fetchAll('q=security&sort=-said_on');
    expect(new Set(dated.map((c) => c.id))).toEqual(new Set(ranked.map((c) => c.id)));
    const days = dated.map((c) => day(c)?.lo ?? '');
    expect(days.filter((d) => d !== '')).toEqual([...days.filter((d) => d !== '')].sort().reverse());
  });
});

describe('sorting and paging', () => {
  it.each(['said_on', '-said_on', 'published_at', '-published_at', 'created_at', '-created_at'])(
    'sort=%s: pages of 7 walk the same sequence as one page, in order, undated last', async (sort) => {
      const whole = await fetchAll(`sort=${sort}`);
      expect(whole.length).toBe(all.length);
      const walked: Claim[] = [];
      let url: string | undefined = `/v1/claims?sort=${sort}&limit=7`;
      for (let i = 0; url && i < 20; i++) {
        const res = await get(url);
        walked.push(...res.json().data);
        url = /<([^>]+)>; rel="next"/.exec(String(res.headers.link ?? ''))?.[1];
      }
      expect(walked.map((c) => c.id)).toEqual(whole.map((c) => c.id));
      if (sort.endsWith('said_on')) {
        const keys = whole.map((c) => day(c)?.lo ?? null);
        const dated = keys.filter((k): k is string => k !== null);
        expect(keys.slice(0, dated.length)).toEqual(dated);
        expect(dated).toEqual(sort.startsWith('-') ? [...dated].sort().reverse() : [...dated].sort());
      }
    });
});

describe('bad values', () => {
  it.each([
    ['actor_id=lavrov', '/actor_id/0'],
    ['kind=rumour', '/kind/0'],
    ['stance=maybe', '/stance/0'],
    ['said_from=2021-13', '/said_from'],
    ['said_from=2021-02-30', '/said_from'],
    ['said_from=2021-12-03&said_to=2021-12-02', '/said_to'],
    ['published_from=yesterday', '/published_from'],
    ['published_from=2021-12-04&published_to=2021-12-03', '/published_to'],
    ['date_match=near', '/date_match'],
    ['sort=loudness', '/sort'],
    ['sort=relevance', '/sort'],
    ['q=%22unclosed', '/q'],
    ['q=NATO%20AND', '/q'],
    ['q=NEAR(', '/q'],
    ['q=nosuchcolumn:word', '/q'],
    ['language=english!', '/language'],
    ['include_subtopics=perhaps', '/include_subtopics'],
    ['limit=501', '/limit'],
    ['colour=red', '/colour'],
  ])('%s is a 400 naming %s', async (query, pointer) => {
    const res = await get(`/v1/claims?${query}`);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors).toContainEqual(expect.objectContaining({ in: 'query', pointer }));
  });
});
