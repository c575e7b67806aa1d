// The demo data set: the seed article coded by hand, loaded into a new database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { openDatabase, type Db } from '../src/db/client.js';
import { loadDemo, readDemoData } from '../src/demo/seed.js';

let app: FastifyInstance;
let db: Db;
beforeAll(async () => {
  db = openDatabase(':memory:');
  expect(loadDemo(db).loaded).toBe(true);
  app = await buildApp({ adminKey: undefined, publicReads: true, bodyLimit: 1_048_576, logLevel: 'silent' }, { db });
});
afterAll(async () => { await app.close(); });

type Claim = { id: string; text: string; kind: string; said_on: string | null; said_on_text: string | null; speaker: { name: string }; sources: { quote: string; start: number; end: number }[]; topics: { topic: { slug: string }; stance: string }[] };
const get = async <T>(url: string) => (await app.inject({ url })).json<T>();

async function allClaims(): Promise<Claim[]> {
  return (await get<{ data: Claim[] }>('/v1/claims?limit=500')).data;
}

async function actorId(q: string): Promise<string> {
  const found = await get<{ data: { id: string; name: string }[] }>(`/v1/actors?q=${encodeURIComponent(q)}`);
  expect(found.data.length, q).toBeGreaterThan(0);
  return (found.data[0] as { id: string }).id;
}

describe('demo data', () => {
  it('codes at least 30 claims, direct and indirect, each quote at its place in the article', async () => {
    const { body } = readDemoData();
    const claims = await allClaims();
    expect(claims.length).toBeGreaterThanOrEqual(30);
    expect(new Set(claims.map((c) => c.kind))).toEqual(new Set(['direct_quote', 'indirect_quote', 'paraphrase', 'written_statement']));
    for (const c of claims) {
      const s = c.sources[0] as Claim['sources'][number];
      expect([...body].slice(s.start, s.end).join(''), c.text).toBe(s.quote);
    }
  });

  it('finds Lavrov and lists his claims, dated 2021-12-02', async () => {
    const id = await actorId('Lavrov');
    const claims = (await get<{ data: Claim[] }>(`/v1/claims?actor_id=${id}`)).data;
    expect(claims.length).toBeGreaterThanOrEqual(4);
    for (const c of claims) expect(c.said_on === null || c.said_on === '2021-12-02', c.text).toBe(true);
    expect(claims.filter((c) => c.said_on === '2021-12-02').length).toBeGreaterThanOrEqual(4);
  });

  it.each([
    ['Zajárova', 'Maria Zakharova'],
    ['zakharova', 'Maria Zakharova'],
    ['Thompson', 'Adam Thomson'],
    ['Thomson', 'Adam Thomson'],
    ['Moscow', 'Russia'],
    ['the Pentagon', 'United States Department of Defense'],
    ['Kiev', 'Government of Ukraine'],
  ])('finds the actor the article calls %s: %s', async (q, name) => {
    const found = await get<{ data: { name: string }[] }>(`/v1/actors?q=${encodeURIComponent(q)}`);
    expect(found.data[0]?.name).toBe(name);
  });

  it('speaks for institutions too: Moscow, the Pentagon, the State Department, Kiev and NATO', async () => {
    const speakers = new Set((await allClaims()).map((c) => c.speaker.name));
    for (const name of ['Russia', 'United States Department of Defense', 'United States Department of State', 'Government of Ukraine', 'NATO']) {
      expect(speakers, name).toContain(name);
    }
  });

  it.each([
    ['this Thursday', '2021-12-02'],
    ['on Thursday', '2021-12-02'],
    ['on Tuesday', '2021-11-30'],
    ['on Friday', '2021-12-03'],
    ['this Wednesday', '2021-12-01'],
    ['In 2008', '2008'],
  ])('resolves "%s" against the publication date to %s', async (phrase, date) => {
    const dated = (await allClaims()).filter((c) => c.said_on_text === phrase);
    expect(dated.length, phrase).toBeGreaterThan(0);
    for (const c of dated) expect(c.said_on, c.text).toBe(date);
  });

  it('has at least 5 topics with stances, and positions with evidence', async () => {
    const topics = (await get<{ data: unknown[] }>('/v1/topics?limit=500')).data;
    expect(topics.length).toBeGreaterThanOrEqual(5);
    const positions = (await get<{ data: { evidence: string[] }[] }>('/v1/positions?limit=500')).data;
    expect(positions.length).toBeGreaterThanOrEqual(5);
    expect(positions.every((p) => p.evidence.length > 0)).toBe(true);
    const expansion = (await allClaims()).filter((c) => c.topics.some((t) => t.topic.slug === 'nato-eastward-expansion'));
    const stances = new Map(expansion.flatMap((c) => c.topics.filter((t) => t.topic.slug === 'nato-eastward-expansion').map((t) => [c.speaker.name, t.stance] as const)));
    expect(stances.get('Sergey Lavrov')).toBe('opposes');
    expect(stances.get('Jens Stoltenberg')).toBe('supports');
  });

  it('loads once: a second load changes nothing', async () => {
    const before = (await allClaims()).length;
    expect(loadDemo(db).loaded).toBe(false);
    expect((await allClaims()).length).toBe(before);
  });
});
